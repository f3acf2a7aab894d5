# SPDX-License-Identifier: BSD-3-Clause
"""Hybrid mode with Linux as the Service VM (suite 'linux'): the latency guest as the real-time VM rt0, its LAPIC
passed through, alone on CPU 2, measuring its timer latency while Debian's kernel boots as the Service VM on CPUs
0 and 1 and runs two post-launched VMs through hvkit-dm (the basic guest and the CPU-bound spin guest, 2 vCPUs each,
sharing CPUs 0 and 1 with it), then a guest that never halts, destroyed with SIGTERM (tests/linux/service/init,
service=pair; tests/scenarios/hybrid_linux.dts)."""

from common import RAM_MB, TEST_CMDLINE, online
from share_linux import EXPECT as SHARE_EXPECT, FORBID, SERVICE_INITRD, VMLINUX

EXPECT = [e for e in SHARE_EXPECT if 'cycles' not in e] + [
    r'hybrid mode: CPU 2 is vm rt0\'s alone \(real-time, LAPIC passed through\): noop scheduler, no tick',
    r'\[rt0\] latency: DONE passed=\d+ failed=0', r'vm rt0: stopped: debug exit, status 0',
    # No VM exit on rt0's CPU while it measured (4000 timer interrupts over the Linux Service VM's work).
    r'hybrid\.linux\.exits_during_run: 0$', r'hybrid\.linux\.latency_ticks_p99: \d+',
    r'hybrid mode: every VM has stopped',
]

CASES = [
    dict(name='hybrid-linux-service-two-user-vms-beside-rt', suite='linux', boot='bios-grub', mode='hybrid', cpus=3,
         cpu_model='corei7_skylake_x', ram_mb=RAM_MB, cmdline=TEST_CMDLINE,
         modules=[VMLINUX, SERVICE_INITRD, dict(name='latency', path='tests/guests/latency.elf'),
                  dict(name='scenario.dtb', dts='../scenarios/hybrid_linux.dts')],
         expect=online(3) + EXPECT, forbid=FORBID, self_stop=True, timeout=1800),
]
