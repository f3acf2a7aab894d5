# SPDX-License-Identifier: BSD-3-Clause
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
    # The same guest with the run loop's stages timed (bench=exit-breakdown): where the ticks of one CPUID round
    # trip go (core/vm/exit_breakdown.c). A separate run, so that the stamps do not count in the figure above.
    dict(name='bench-partition-exit-breakdown', suite='bench', boot='bios-grub', mode='partition', cpus=1,
         ram_mb=512, cmdline='poweroff bench=exit-breakdown',
         modules=[dict(name='basic', path='tests/guests/basic.elf'),
                  dict(name='scenario.dtb', dts='../scenarios/bench_cpuid_breakdown.dts')],
         figures=['partition.exit_breakdown.%s' % s for s in (
             'handler', 'loop_checks', 'apic_sync', 'event_injection', 'exit_timers', 'entry_guest_exit',
             'exit_info_read', 'total')],
         self_stop=True, timeout=120),
]


def latency_case(name, mode, scenario, figures, timeout=240):
    return dict(name=name, suite='bench', boot='bios-grub', mode=mode, cpus=1, ram_mb=512, cmdline='poweroff',
                modules=[dict(name='latency', path='tests/guests/latency.elf'),
                         dict(name='scenario.dtb', dts='../scenarios/%s.dts' % scenario)],
                expect=[r'latency: DONE passed=\d+ failed=0'], figures=figures, self_stop=True, timeout=timeout)


CASES += [
    # Timer expiry to the first instruction of the guest's handler (median of 1000, TSC ticks).
    latency_case('bench-latency-lapic_pt', 'lapic_pt', 'lapic_pt_latency', ['lapic_pt.latency_ticks']),
    latency_case('bench-latency-vlapic-apicv-on', 'partition', 'vlapic_latency_apicv_on',
                 ['vlapic_apicv_on.latency_ticks']),
    latency_case('bench-latency-vlapic-apicv-off', 'partition', 'vlapic_latency_apicv_off',
                 ['vlapic_apicv_off.latency_ticks']),
    # VM exits caused by timer interrupts, counted by the hypervisor (hypercall 1) around the guest's run.
    latency_case('bench-exits-lapic_pt-10000-timer-irqs', 'lapic_pt', 'lapic_pt_timer_exits',
                 ['lapic_pt.exits_per_1000_timer_irqs', 'lapic_pt.timer_irqs']),
    latency_case('bench-exits-vlapic-apicv-on-1khz', 'partition', 'vlapic_timer_exits_apicv_on',
                 ['vlapic_apicv_on.exits_per_1000_timer_irqs']),
    latency_case('bench-exits-vlapic-apicv-off-1khz', 'partition', 'vlapic_timer_exits_apicv_off',
                 ['vlapic_apicv_off.exits_per_1000_timer_irqs']),
    # The same guest in x2APIC mode with APICv (its x2APIC MSR accesses exit: no "virtualize x2APIC mode" yet).
    latency_case('bench-exits-vlapic-apicv-on-x2apic-1khz', 'partition', 'vlapic_timer_exits_apicv_on_x2apic',
                 ['vlapic_apicv_on_x2apic.exits_per_1000_timer_irqs']),
]

CASES += [
    # Debian's Linux in a 1-vCPU partition VM (tests/scenarios/linux_1vcpu.dts), booted by the PVH entry of its
    # vmlinux: the hypervisor logs the TSC of the VM's first entry, /init prints the TSC it reads;
    # tools/bench/derive.py reports the difference as linux.boot_ticks. ./hvkit bench makes the kernel and initramfs
    # first (tests/linux/build.sh build/linux).
    dict(name='bench-linux-partition-1vcpu', suite='bench', boot='bios-grub', mode='partition', cpus=1, ram_mb=512,
         cpu_model='corei7_skylake_x', cmdline='poweroff',
         modules=[dict(name='vmlinux', path='linux/vmlinux'),
                  dict(name='initrd.cpio.gz', path='linux/initrd.cpio.gz'),
                  dict(name='scenario.dtb', dts='../scenarios/linux_1vcpu.dts')],
         expect=[r'\[linux\] linux: init reached, cpus=1', r'vm linux: stopped: debug exit, status 0'],
         figures=['vm.linux.first_entry_tsc', 'linux.init_tsc'], self_stop=True, timeout=1200),
]

CASES += [
    # Share mode with the service guest as the Service VM (tests/integration/share.py, share-svc-bvt's run): two
    # CPU-bound post-launched VMs on one CPU under BVT, weights 1:1 then 2:1 for 1 s each: share.bvt_share_error is
    # the larger relative error of a share against its weight's, in percent; share.vcpu_switch_ticks the median TSC
    # ticks from one VM's last instruction to the other's first when BVT switches between them (the gaps in their
    # RDTSC loops); share.ioreq_pio_ticks the median round trip of a user guest's OUT to a port the service guest
    # emulates (user VM alone on CPU 1, Service VM on CPU 0: exit, upcall, the device model, the completion
    # hypercall, the wake); and the same beside a CPU-bound VM without and with sched-warp-us.
    dict(name='bench-share-svc-bvt', suite='bench', boot='bios-grub', mode='share', cpus=2, ram_mb=512,
         cmdline='poweroff',
         modules=[dict(name='service', path='tests/guests/service/service.elf'),
                  dict(name='scenario.dtb', dts='../scenarios/share_svc_bvt.dts')],
         expect=[r'\[service\] svc: DONE passed=\d+ failed=0'],
         figures=['share.bvt_share_error', 'share.vcpu_switch_ticks', 'share.ioreq_pio_ticks',
                  'share.ioreq_beside_cpu_bound_ticks', 'share.ioreq_beside_cpu_bound_warp_ticks'],
         self_stop=True, timeout=600),
]

CASES += [
    # Hybrid mode (tests/integration/hybrid.py, hybrid-svc-load's run): the latency guest as the real-time VM rt0
    # alone on CPU 1 (LAPIC passed through), measuring while the service guest runs a CPU-bound and an I/O-bound
    # VM beside itself on CPU 0; tools/bench/derive.py compares its median/p99/max with the same guest natively
    # on a 2-CPU Bochs (hybrid.rt_latency_ratio_p99), reports the VM exits rt0 made meanwhile
    # (hybrid.rt_exits_during_load) once it has checked that the samples fell inside the load's span, and
    # writes both histograms to build/hybrid-latency-histogram.txt.
    dict(name='bench-hybrid-rt-latency-under-load', suite='bench', boot='bios-grub', mode='hybrid', cpus=2,
         ram_mb=512, cmdline='poweroff',
         modules=[dict(name='service', path='tests/guests/service/service.elf'),
                  dict(name='latency', path='tests/guests/latency.elf'),
                  dict(name='scenario.dtb', dts='../scenarios/hybrid_svc_load.dts')],
         expect=[r'\[rt0\] latency: DONE passed=\d+ failed=0', r'\[service\] svc: DONE passed=\d+ failed=0'],
         figures=['hybrid.load.latency_ticks', 'hybrid.load.latency_ticks_p99', 'hybrid.load.latency_ticks_max',
                  'hybrid.load.exits_during_run', 'hybrid.load.run_start_tsc', 'hybrid.load.run_end_tsc',
                  'hybrid.load_start_tsc', 'hybrid.load_end_tsc'],
         self_stop=True, timeout=600),
]
