# SPDX-License-Identifier: BSD-3-Clause
"""Shared pieces of the integration cases (imported by the case files; not a case file itself)."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools', 'demo'))
import story  # noqa: E402  (tools/demo/story.py: the demo's closing summary)

# Lines that must never appear on the serial port. A match also ends the run early.
FORBID = [r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault']
# A healthy boot also reports no error at all.
FORBID_HEALTHY = FORBID + [r'ERROR']

# The hypervisor stops the emulator (Bochs port 0x8900, QEMU isa-debug-exit) when done only if asked to.
TEST_CMDLINE = 'poweroff'

# The default scenarios (scenario/dts/*.dts) run the hello test guest, given as boot module "guest_hello",
# in VM memory at host 256 MiB and up: the machine needs 512 MiB.
GUEST_HELLO = dict(name='guest_hello', path='tests/guests/hello.elf')
RAM_MB = 512


def online(n):
    """Every one of n CPUs came online and did VMXON."""
    return [
        (r'hvkit: cpu \d+ online \(apic \d+\)', n),
        (r'hvkit: cpu \d+: VMXON done', n),
        r'hvkit: boot complete: %d/%d CPUs online, VMX on %d\b' % (n, n, n),
    ]


def guest(name):
    """A test guest of tests/guests as a boot module named after it."""
    return dict(name=name, path='tests/guests/%s.elf' % name)


def scenario(name):
    """tests/scenarios/NAME.dts, compiled by the harness, as the boot module that replaces the default scenario."""
    return dict(name='scenario.dtb', dts='../scenarios/%s.dts' % name)


def passed(vm, guest_name, n):
    """The guest in `vm` passed all n of its checks and ended through the debug-exit port with status 0."""
    return [r'\[%s\] %s: DONE passed=%d failed=0' % (vm, guest_name, n), r'vm %s: stopped: debug exit, status 0' % vm]


def summary_holds(lines):
    """What `./hvkit demo`'s closing summary would say is wrong with this run (nothing, when it holds): the verify
    hook of the cases the demo boots."""
    return ['demo summary: ' + p for p in story.tell(lines).problems]
