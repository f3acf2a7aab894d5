"""Slow suite 'linux': real kernels as guests. Empty for now; a case looks like

    dict(name='linux-partition-1cpu', suite='linux', boot='bios-grub', mode='partition', cpus=1,
         cpu_model='corei7_skylake_x', ram_mb=512,
         modules=[dict(name='bzImage', path='tests/linux/bzImage'), dict(name='initrd', path='tests/linux/initrd')],
         expect=[r'Linux version', r'init: ready'], end=r'init: ready', timeout=600),
"""

CASES = []
