# SPDX-License-Identifier: BSD-3-Clause
"""The KVM peer (suite 'bench'): Debian's kernel booted NATIVELY in the Bochs model the Linux cases use, with
kvm_intel loaded, runs tests/kvm_peer/kvm_bench.c: a tiny KVM guest measures what hvkit's bench guests measure,
so that each comparison comes from one run of ./hvkit bench on one machine:

    peer.kvm.cpuid_exit_ticks     CPUID round trip (KVM handles CPUID in the kernel); hvkit: partition.cpuid_exit_ticks
    peer.kvm.pio_exit_ticks       OUT to a port that exits to kvm_bench (userspace) and straight back
    peer.kvm.timer_latency_ticks  LAPIC timer (KVM's in-kernel irqchip, TSC-deadline mode) to the handler's first
                                  instruction; hvkit: vlapic_apicv_off.latency_ticks

Medians of 1000 samples in TSC ticks (Bochs counts one tick per emulated instruction). tools/bench/derive.py adds
partition.cpuid_exit_vs_kvm and vlapic_apicv_off.latency_vs_kvm (kvm_intel runs without APICv on this Bochs model).
The initramfs is made by tests/kvm_peer/build.sh <build>/kvm_peer (./hvkit bench runs it after tests/linux/build.sh);
the kernel is <build>/linux/bzImage.
"""

from linux_native import FORBID_NATIVE, IPS, LINUX_ARGS

PEER_FIGURES = ['peer.kvm.cpuid_exit_ticks', 'peer.kvm.pio_exit_ticks', 'peer.kvm.timer_latency_ticks']

CASES = [
    dict(name='bench-kvm-peer', suite='bench', boot='bios-grub', loader='linux',
         image='linux/bzImage', cmdline=LINUX_ARGS,
         modules=[dict(name='initrd.cpio.gz', path='kvm_peer/initrd.cpio.gz')],
         cpus=1, cpu_model='corei7_skylake_x', ips=IPS, ram_mb=256,
         expect=[r'^kvm_peer: init reached', r'^kvm_peer: insmod kvm-intel ok$', r'^kvm_peer: /dev/kvm present$',
                 r'^kvm_peer: DONE$', r'^kvm_peer: kvm_bench status 0$'],
         expect_in_order=True,
         forbid=FORBID_NATIVE + [r'kvm_peer: FAIL'],
         figures=PEER_FIGURES, self_stop=True, timeout=900),
]
