# SPDX-License-Identifier: BSD-3-Clause
"""Suite 'share': share mode proven without Linux. The Service VM is the service guest (tests/guests/service), a
freestanding test guest linked at 16 MiB in the Service VM's identity-mapped RAM: it creates post-launched VMs
through hypercalls, loads user guests it carries as flat binaries into their RAM, serves their port I/O from ioreq
slots (their serial lines appear on its console prefixed with the user VM's name) and destroys them. Each case is
one scenario of tests/scenarios/share_svc_*.dts, whose Service VM bootargs pick the service guest's test."""

from common import FORBID_HEALTHY, RAM_MB, TEST_CMDLINE, guest, online, scenario, summary_holds

SUITE = 'share'
SERVICE = dict(name='service', path='tests/guests/service/service.elf')


def svc_done(n=None):
    """The service guest passed every check (n of them) and ended through its own debug-exit port."""
    return [r'\[service\] svc: DONE passed=%s failed=0' % (r'\d+' if n is None else n),
            r'vm service: stopped: debug exit, status 0']


def destroyed(vm):
    """The hypervisor stopped and tore down a post-launched VM at the Service VM's request."""
    return [r'vm %s: stopped: destroyed by the Service VM' % vm, r'share: vm %s destroyed, its \d+ MiB zeroed' % vm]


def case(name, scen, expect, modules=(), forbid=FORBID_HEALTHY, timeout=300, **kw):
    return dict(name='share-svc-' + name, suite=SUITE, boot='bios-grub', mode='share', cpus=2, ram_mb=RAM_MB,
                cmdline=TEST_CMDLINE, modules=[SERVICE] + list(modules) + [scenario(scen)],
                expect=online(2) + expect, forbid=forbid, self_stop=True, timeout=timeout, **kw)


CASES = [
    # 1. The basic guest as post-launched VM user1 (2 vCPUs, CPUs 0 and 1: its boot vCPU shares CPU 0 with the
    #    Service VM, so every request it makes switches that CPU to the Service VM and back); its
    #    lines come through the service guest's device model; destroyed; then the smp guest in the same slot (its
    #    AP started by INIT-SIPI-SIPI), and share_user taking interrupts the device model raises; then the service
    #    guest powers off.
    case('basic', 'share_svc_basic',
         [r'share: post-launched VM user1: up to 2 vCPU\(s\)', r'\[service\] \[user1\] basic: DONE passed=29 failed=0',
          r'svc: vm user1 \(id 1\) wrote 0 to its debug-exit port', r'svc: PASS upcall interrupts arrived',
          # then the smp guest in the same slot: its AP started by INIT-SIPI-SIPI prints through ioreq slot 1
          r'\[service\] \[user1\] smp: PASS ap online apic_id=1', r'\[service\] \[user1\] smp: DONE passed=6 failed=0',
          # then share_user run=irq: interrupts raised by the device model (a vIOAPIC pin, an MSI)
          r'\[user1\] share_user: PASS vioapic pin interrupt injected by the device model',
          r'\[user1\] share_user: PASS msi injected by the device model',
          r'\[service\] \[user1\] share_user: DONE passed=4 failed=0', (r'share: vm user1 destroyed', 3)]
         + destroyed('user1') + svc_done()),
    # 2. 20 create/start/run-to-end/destroy cycles of the hello guest: the hypervisor's free pages before and after
    #    (HV_INFO) must be equal (the service guest prints both and FAILs when they differ).
    case('cycles', 'share_svc_cycles',
         [(r'\[service\] \[user1\] hello: DONE passed=1 failed=0', 20), (r'svc: cycle \d+ of 20: .* destroyed', 20),
          r'svc: free pages before=(\d+) after=\1$', r'svc: PASS free pages after the cycles as before']
         + svc_done()),
    # 3. BVT on one CPU: two CPU-bound VMs at 1:1 then 2:1 for 1 s each, each share within 5% of its weight's; an
    #    I/O-bound VM with sched-warp-us gets its requests back sooner beside a CPU-bound one than one without.
    case('bvt', 'share_svc_bvt',
         [r'svc: PASS bvt 1:1 shares within 5% of the weights', r'svc: PASS bvt 2:1 shares within 5% of the weights',
          r'svc: bvt 2:1: shares .* errors', r'svc: PASS warped I/O-bound VM dispatched ahead of the CPU-bound one',
          r'share\.bvt_share_error: \d+\.\d+', r'share\.vcpu_switch_ticks: \d+', r'share\.ioreq_pio_ticks: \d+']
         + svc_done(), timeout=600),
    # 4. Refusals: a post-launched guest's every share hypercall gets -1 (EPERM), and the hypervisor logs them
    #    rate-limited; the Service VM's pointers outside its own RAM get -14 (EFAULT), its own id and a pre-launched
    #    VM's -1, unknown ids and names -2; a VM that never halts is destroyed and the hypervisor says so.
    case('refusals', 'share_svc_refusals',
         [r'\[service\] \[refuser\] share_user: DONE passed=16 failed=0',
          r'vm refuser: vcpu 0: hypercall vm_create \(0x100\) refused: error 1',
          r'vm refuser: vcpu 0: hypercall \w+ \(0x\w+\) refused: error 1 \(\d+ lines of this VM held back',
          r'vm service: vcpu 0: hypercall hv_info \(0x4\) refused: error 14',
          r'vm service: vcpu 0: hypercall vm_start \(0x101\) refused: error 1',
          r'\[pre\] hello: DONE passed=1 failed=0', r'svc: PASS vm_destroy of a running VM returns 1 \(stopping\)']
         + destroyed('refuser') + destroyed('hang') + svc_done(),
         modules=[guest('hello')],
         # The refuser makes 14 refused calls at once: the rate limit (10 lines a second per VM) holds some back.
         at_most=[(r'vm refuser: vcpu 0: hypercall .* refused', 11)]),
    # 5. The share image's own default scenario (scenario/dts/share.dts, embedded in the image): no scenario module,
    #    only the service guest it names; the same run as 'basic', so a user who boots the image as built sees VMs run.
    dict(name='share-default-scenario', suite=SUITE, boot='bios-grub', mode='share', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE, modules=[SERVICE],
         expect=online(2) + [r"scenario: the image's default", r'share: post-launched VM user1: up to 2 vCPU\(s\)',
                             r'\[service\] \[user1\] basic: DONE passed=29 failed=0',
                             r'\[service\] \[user1\] share_user: DONE passed=4 failed=0']
         + destroyed('user1') + svc_done(),
         # the service guest's vm_status of the VM it destroyed gets ENOENT, an answer: not logged as a refusal
         forbid=FORBID_HEALTHY + [r'hypercall vm_status \(0x10b\) refused: error 2'], verify=summary_holds,
         self_stop=True, timeout=300),
]
