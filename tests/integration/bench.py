"""Benchmarks: cases of suite 'bench'. The image prints 'NAME: NUMBER' lines; every name listed in 'figures' must
appear; `./hvkit bench` prints the figures and writes them to build/bench.json. None yet: add them here, e.g.

    dict(name='bench-partition-cpuid', suite='bench', boot='bios-grub', mode='partition', cpus=1,
         cmdline='bench=cpuid', figures=['partition.cpuid_exit_ticks'], self_stop=True, timeout=120),
"""


CASES = [
    # The VM-exit round trip of CPUID measured by the basic guest (median of 1000, TSC ticks; Bochs's TSC counts
    # instructions, so this is deterministic).
    dict(name='bench-partition-cpuid', suite='bench', boot='bios-grub', mode='partition', cpus=1, ram_mb=512,
         cmdline='poweroff',
         modules=[dict(name='basic', path='tests/guests/basic.elf'),
                  dict(name='scenario.dtb', dts='../scenarios/bench_cpuid.dts')],
         figures=['partition.cpuid_exit_ticks'], self_stop=True, timeout=120),
]
