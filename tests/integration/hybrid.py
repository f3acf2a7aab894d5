# SPDX-License-Identifier: BSD-3-Clause
"""Hybrid mode proven without Linux (suite 'share': the Service VM is the service guest, tests/guests/service).
The latency guest runs as the real-time VM rt0 with its LAPIC passed through, alone on CPU 1, while the service
guest on CPU 0 runs a CPU-bound and an I/O-bound post-launched VM beside itself (tests/scenarios/hybrid_svc_*.dts).
"""

from common import FORBID, FORBID_HEALTHY, RAM_MB, TEST_CMDLINE, online, summary_holds

SUITE = 'share'
MODULES = [dict(name='service', path='tests/guests/service/service.elf'),
           dict(name='latency', path='tests/guests/latency.elf')]


def case(name, scen, expect, forbid=FORBID_HEALTHY, timeout=600, **kw):
    return dict(name='hybrid-svc-' + name, suite=SUITE, boot='bios-grub', mode='hybrid', cpus=2, ram_mb=RAM_MB,
                cmdline=TEST_CMDLINE, modules=MODULES + [dict(name='scenario.dtb', dts='../scenarios/%s.dts' % scen)],
                expect=online(2) + expect, forbid=forbid, self_stop=True, timeout=timeout, **kw)


def rt_done(prefix):
    """rt0 took every timer interrupt on time, made no VM exit while it measured, and ended by itself."""
    return [r'hybrid mode: CPU 1 is vm rt0\'s alone \(real-time, LAPIC passed through\): noop scheduler, no tick',
            r'\[rt0\] latency: DONE passed=\d+ failed=0', r'vm rt0: stopped: debug exit, status 0',
            r'%sexits_during_run: 0$' % prefix.replace('.', r'\.'), r'%slatency_ticks_p99: \d+' % prefix.replace('.', r'\.')]


REFUSED = [r'\[service\] svc: PASS vm_start of the real-time VM: EPERM',
           r'\[service\] svc: PASS hv_info into the real-time VM\'s RAM: EFAULT',
           r'vm service: vcpu 0: hypercall vm_start \(0x101\) refused: error 1: it names the real-time VM rt0 \(id 1\)',
           r'vm service: vcpu 0: hypercall vm_status \(0x10b\) refused: error 1: it names the real-time VM rt0']

CASES = [
    # 1. Load: every hypercall naming rt0 or its memory refused and logged; cpu_hog and io_ping beside the Service
    #    VM on CPU 0 for 3 s while rt0 measures its timer latency on CPU 1 with no VM exit; everything ends.
    case('load', 'hybrid_svc_load',
         REFUSED + rt_done('hybrid.load.') +
         [r'\[service\] svc: hybrid load: cpu_hog ran \d+ of \d+ TSC ticks; io_ping made \d+ requests',
          r'\[service\] svc: DONE passed=\d+ failed=0', r'vm service: stopped: debug exit, status 0',
          r'hybrid mode: every VM has stopped']),
    # 2. Crash: the service guest triple-faults with cpu_hog and io_ping running: the hypervisor stops the whole
    #    shared side and says which VMs and why; rt0 keeps measuring and finishes.
    case('crash', 'hybrid_svc_crash',
         REFUSED + rt_done('hybrid.crash.') +
         [r'svc: triple-faulting on purpose', r'vm service: stopped: .*triple fault',
          r'vm cpu_hog: stopped: the Service VM \(service\) has stopped',
          r'vm io_ping: stopped: the Service VM \(service\) has stopped',
          r'share: the shared side has stopped with the Service VM service \(.*triple fault.*\): 2 post-launched '
          r'VM\(s\) stopped with it; pre-launched VMs run on', r'hybrid mode: every VM has stopped'],
         # The Service VM's triple fault and its VMs' stops are ERROR lines by design.
         forbid=[f for f in FORBID if 'riple' not in f]),
    # 3. The hybrid image's own default scenario (scenario/dts/hybrid.dts, embedded in the image): no scenario module,
    #    only the two guests it names; the same run as 'load', so a user who boots the image as built sees VMs run.
    dict(name='hybrid-default-scenario', suite=SUITE, boot='bios-grub', mode='hybrid', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=MODULES,
         expect=online(2) + [r"scenario: the image's default"] + REFUSED + rt_done('hybrid.default.') +
         [r'\[service\] svc: DONE passed=\d+ failed=0', r'hybrid mode: every VM has stopped'],
         forbid=FORBID_HEALTHY, verify=summary_holds, self_stop=True, timeout=600),
]
