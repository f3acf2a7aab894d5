"""Benchmarks: cases of suite 'bench'. The image prints 'NAME: NUMBER' lines; every name listed in 'figures' must
appear; `./hvkit bench` prints the figures and writes them to build/bench.json. None yet: add them here, e.g.

    dict(name='bench-partition-cpuid', suite='bench', boot='bios-grub', mode='partition', cpus=1,
         cmdline='bench=cpuid', figures=['partition.cpuid_exit_ticks'], self_stop=True, timeout=120),
"""

CASES = []
