# SPDX-License-Identifier: BSD-3-Clause
"""Suite 'hostile': guests that attack the hypervisor (tests/guests/hostile, wild_write, triple_fault), each beside
a well-behaved neighbour running the basic guest (the wild_write and triple_fault cases of partition.py belong to
this suite too). Every case checks the same promise: the attacker is contained (a
fault in the guest, or its VM stopped and logged), the neighbour finishes, the hypervisor stays up (no exception
of its own, no CPU stopped) and no line it prints for the guest repeats beyond a rate limit. The README's table
'Hostile guests' lists what each attack is and what is promised."""

from common import RAM_MB, TEST_CMDLINE, guest, online, passed

SUITE = 'hostile'
HOSTILE = 'tests/guests/hostile.elf'

# The hypervisor must survive every attack: none of its own exceptions, no CPU stopped, no panic.
FORBID_HV = [r'PANIC', r'EXCEPTION', r'cpu \d+ stopped', r'has not left cpu', r'NOT returned clean']
# The attacker prints PASS/FAIL lines of its own; a FAIL from it or its neighbour fails the case.
FORBID = FORBID_HV + [r'\bFAIL\b']


def vm_node(reg, name, cpus, host_mb, module, bootargs='', lapic_pt=False, apicv='on', extra=''):
    props = 'lapic-passthrough;' if lapic_pt else 'apicv = "%s";' % apicv
    return '''
			vm@%d {
				reg = <%d>;
				vm-name = "%s";
				load-order = "pre-launched";
				cpus = <%s>;
				guest-memory = <0x0 0x0 0x0 0x2000000>;
				host-base = <0x0 0x%x>;
				%s
				%s
				kernel {
					module = "%s";
					type = "pvh";
					bootargs = "%s";
				};
				vuart {
					port = <0x3f8>;
					irq = <4>;
				};
				debug-exit {
					port = <0xf4>;
				};
			};''' % (reg, reg, name, ' '.join(str(c) for c in cpus), host_mb << 20, props, extra, module, bootargs)


def scenario(attack, vcpus=1, lapic_pt=False, apicv='on', extra='', args=''):
    """The attacker 'hostile' (vcpus CPUs from 1 up) beside 'basic' on CPU 0."""
    cpus = list(range(1, 1 + vcpus))
    text = '''/dts-v1/;
/ {
	chosen {
		hypervisor {
			compatible = "hvkit,scenario";
			version = <1>;
			#address-cells = <1>;
			#size-cells = <0>;%s%s
		};
	};
};
''' % (vm_node(0, 'basic', [0], 256, 'basic', lapic_pt=lapic_pt, apicv=apicv),
       vm_node(1, 'hostile', cpus, 288, 'hostile', ('attack=%s %s' % (attack, args)).strip(), lapic_pt, apicv,
               extra))
    return dict(name='scenario.dtb', dts_text=text)


def case(name, attack, expect, vcpus=1, lapic_pt=False, apicv='on', extra='', args='', cmdline=TEST_CMDLINE,
         at_most=(), forbid=FORBID, timeout=150, mode=None):
    cpus = 1 + vcpus
    mode = mode or ('lapic_pt' if lapic_pt else 'partition')
    return dict(name='hostile-' + name, suite=SUITE, boot='bios-grub', mode=mode,
                cpus=cpus, ram_mb=RAM_MB, cmdline=cmdline,
                modules=[guest('basic'), dict(name='hostile', path=HOSTILE),
                         scenario(attack, vcpus, lapic_pt, apicv, extra, args)],
                expect=online(cpus) + passed('basic', 'basic', 29) + expect,
                # Whatever the attack, lines about the attacker stay few: at most 10 a second per VM, and the
                # runs here last a few seconds.
                at_most=[(r'vm hostile: .*held back', 5), (r'WARN: .*NMI', 3), (r'not emulated', 4),
                         (r'unexpected interrupt vector', 3)] + list(at_most),
                forbid=forbid, self_stop=True, timeout=timeout)


def hostile_passed(n):
    return passed('hostile', 'hostile', n)


def stopped(why):
    return [r'ERROR: vm hostile: stopped: %s' % why]


def left(vcpus):
    return [r'vm hostile: vcpu %d has left cpu \d+' % i for i in range(vcpus)]


CASES = [
    # 1. XSETBV with XCR0 values the SDM forbids: #GP in the guest, not in the hypervisor.
    case('xsetbv-bad-xcr0', 'xsetbv', hostile_passed(10)),
    # 2. A vCPU that masks every interrupt class with CR8 (no TPR shadow: APICv off) still leaves when its VM stops.
    case('cr8-masks-everything-apicv-off', 'cr8', hostile_passed(2) + left(2) +
         [r'vm hostile: stopped: debug exit, status 0'], vcpus=2, apicv='off'),
    # 3. Floods of NMIs and of odd delivery modes: all NMIs arrive, the log stays short.
    case('nmi-flood-apicv-on', 'nmi_flood', hostile_passed(1)),
    case('nmi-flood-apicv-off', 'nmi_flood', hostile_passed(1), apicv='off'),
    case('icr-sweep', 'icr_sweep', hostile_passed(1)),
    # 4. LAPIC pass-through: IPIs on the hypervisor's own vectors and NMIs sent to self reach the guest, never
    #    the host's handlers.
    case('lapic_pt-ipi-on-host-vectors', 'ipi_vectors', hostile_passed(6), lapic_pt=True),
    # 5. A periodic timer of one tick: the guest makes progress (and, with an empty IDT, reaches its triple fault).
    case('timer-period-1-apicv-on', 'timer_livelock', hostile_passed(2)),
    case('timer-period-1-apicv-off', 'timer_livelock', hostile_passed(2), apicv='off'),
    case('timer-period-1-empty-idt', 'timer_noidt', stopped(r'vcpu 0: triple fault'),
         forbid=FORBID_HV + [r'basic: FAIL']),
    # 6. INVD and string I/O are legal: emulated by the share image (and hybrid's), which run the two VMs as
    #    pre-launched VMs here (no Service VM: the image says so and runs them).
    case('invd-and-string-io', 'invd_string_io',
         hostile_passed(8) + [r'\[hostile\] hostile: rep outsb says hello'], mode='share'),
    # The partition and lapic_pt images do not emulate string I/O (core/vm/exit_io_string_none.c): #GP and a log
    # line each; INVD still runs (as WBINVD).
    case('partition-string-io-refused', 'string_io_refused',
         hostile_passed(4) + [(r'vm hostile: vcpu 0: OUTS at port 0x(3f8|2f0): string I/O is not emulated in this '
                               r'image: #GP', 2)],
         forbid=FORBID + [r'this line must not appear']),
    case('lapic_pt-string-io-refused', 'string_io_refused',
         hostile_passed(4) + [(r'vm hostile: vcpu 0: OUTS at port 0x(3f8|2f0): string I/O is not emulated in this '
                               r'image: #GP', 2)],
         lapic_pt=True, forbid=FORBID + [r'this line must not appear']),
    # 7. LAPIC pass-through: a vCPU stuck in its NMI handler still leaves; its LAPIC comes back with every LVT masked.
    case('lapic_pt-nmi-handler-never-returns', 'nmi_spin', hostile_passed(2) + left(2) +
         [r'vm hostile: vcpu 1: physical LAPIC of cpu \d+ returned to the host clean \(timer stopped, every LVT masked'],
         vcpus=2, lapic_pt=True),
    # 9. A watchdog stops a VM that hangs with interrupts off or spins; a VM that keeps petting it runs on.
    case('watchdog-stops-cli-hlt', 'hang_if0', stopped(r'watchdog: no sign of life for 300 ms'),
         extra='watchdog-ms = <300>;', forbid=FORBID_HV + [r'basic: FAIL']),
    case('watchdog-stops-spin-lapic_pt', 'spin', stopped(r'watchdog: no sign of life for 300 ms'),
         lapic_pt=True, extra='watchdog-ms = <300>;', forbid=FORBID_HV + [r'basic: FAIL']),
    case('watchdog-petted-runs-on', 'watchdog_pet', hostile_passed(1), extra='watchdog-ms = <300>;',
         args='ticks=60000000'),
    # An exception the hypervisor takes while handling a guest's exit stops that VM, not the CPU.
    case('hypervisor-fault-in-exit-handler', 'exit_fault',
         stopped(r'vcpu 0: the hypervisor took #PF page fault .* on its behalf; cpu 1 runs on') +
         [r'selftest: vm hostile vcpu 0: the VMCALL handler reads address 0'],
         cmdline=TEST_CMDLINE + ' selftest=exit-fault',
         forbid=[r'PANIC', r'cpu \d+ stopped', r'has not left cpu', r'\bFAIL\b']),
    # MSRs nobody allows, swept: #GP each, and few lines.
    case('msr-sweep', 'msr_sweep', hostile_passed(1), at_most=[(r'vm hostile: .*MSR', 20)]),
]
