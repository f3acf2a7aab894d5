#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The demo's closing summary against real runs' logs (tests/demo/demo-pass.log, and share-pass.log and
hybrid-pass.log for `./hvkit demo share|hybrid`) and logs broken on purpose: each broken one must fail the demo and
say why (meson suite 'demo')."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import story  # noqa: E402

LOG = os.path.join(HERE, '..', '..', 'tests', 'demo', 'demo-pass.log')


def good(log=LOG):
    with open(log) as f:
        return f.read().splitlines()


def share_log():
    return good(os.path.join(HERE, '..', '..', 'tests', 'demo', 'share-pass.log'))


def hybrid_log():
    return good(os.path.join(HERE, '..', '..', 'tests', 'demo', 'hybrid-pass.log'))


def without(lines, text):
    return [ln for ln in lines if text not in ln]


def replaced(lines, old, new):
    return [ln.replace(old, new) for ln in lines]


class PassingRun(unittest.TestCase):
    def setUp(self):
        self.st = story.tell(good())
        self.text = '\n'.join(story.summary(self.st, 19.8))

    def test_passes(self):
        self.assertTrue(self.st.ok, self.st.problems)
        self.assertIn('demo passed', self.text)

    def test_names_each_vm_with_its_cpu_and_ram(self):
        self.assertIn('vm hello (kernel "hello"): CPU 0, 32 MiB of RAM at host 0x10000000-0x11ffffff', self.text)
        self.assertIn('vm wild (kernel "wild_write"): CPU 1, 32 MiB of RAM at host 0x12000000-0x13ffffff', self.text)

    def test_counts_vm_exits(self):
        self.assertIn('367 VM exits', self.text)
        self.assertIn('78 VM exits', self.text)
        self.assertIn('445 VM exits in all, 19.8 s of wall time', self.text)

    def test_says_the_wild_write_was_contained(self):
        self.assertIn('stopped at its write to guest-physical 0x40000000, outside its memory', self.text)
        self.assertIn('contained: hello went on printing and finished after vm wild was stopped', self.text)

    def test_boot(self):
        self.assertIn('the partition image booted by multiboot2 on 2 of 2 CPUs', self.text)


class FailsWithReason:
    """assertFails(lines, why): the demo's summary of these lines does not pass and says `why`."""

    def assertFails(self, lines, why):
        st = story.tell(lines)
        text = '\n'.join(story.summary(st))
        self.assertFalse(st.ok, 'a broken log passed:\n' + text)
        self.assertNotIn('demo passed', text)
        self.assertIn(why, text)


class BrokenRuns(FailsWithReason, unittest.TestCase):
    def test_empty_log(self):
        self.assertFails([], 'the hypervisor never said it booted')

    def test_cut_short(self):
        lines = good()
        self.assertFails(lines[:len(lines) // 2], 'vm hello never stopped')

    def test_guest_failed(self):
        self.assertFails(replaced(good(), 'DONE passed=1 failed=0', 'DONE passed=0 failed=1'),
                         'vm hello ended without its guest passing its checks')

    def test_wild_vm_not_stopped(self):
        lines = without(good(), 'vm wild: stopped')
        lines.append('hvkit: [wild] wild_write: FAIL still running after a write outside RAM')
        self.assertFails(lines, 'vm wild never stopped')

    def test_neighbour_did_not_run_on(self):
        lines = good()
        cut = next(i for i, ln in enumerate(lines) if 'vm wild: stopped' in ln)
        rest = [ln for ln in lines[cut:] if '[hello]' not in ln]
        self.assertFails(lines[:cut] + rest, 'no other VM was seen running on after vm wild was stopped')

    def test_cpu_missing(self):
        self.assertFails(replaced(good(), 'boot complete: 2/2 CPUs', 'boot complete: 1/2 CPUs'),
                         'not every CPU came online')

    def test_overlapping_ram(self):
        self.assertFails(replaced(good(), 'RAM 32 MiB at host 0x12000000', 'RAM 32 MiB at host 0x11000000'),
                         'overlap')

    def test_panic(self):
        self.assertFails(good() + ['hvkit: PANIC: cpu 0: something broke'], 'a line reports a failure')


class ShareAndHybridRuns(FailsWithReason, unittest.TestCase):
    def summary(self, lines):
        st = story.tell(lines)
        return st, '\n'.join(story.summary(st, 12.0))

    def test_share_passes(self):
        st, text = self.summary(share_log())
        self.assertTrue(st.ok, st.problems)
        self.assertIn('vm service (the Service VM, kernel "service"): CPU 0, 32 MiB of identity-mapped RAM', text)
        self.assertIn('vm user1 (post-launched, kernel from its device model): CPU 0, 1, 32 MiB of RAM at host '
                      '0x3000000-0x4ffffff (reserved at boot)', text)
        self.assertIn('created 3 time(s) by the Service VM\'s device model, its guests passed 39 of 39 checks', text)
        # every run's exits summed: 4005 + 685 + 531
        self.assertIn('5221 VM exits; created', text)

    def test_hybrid_passes(self):
        st, text = self.summary(hybrid_log())
        self.assertTrue(st.ok, st.problems)
        self.assertIn('vm rt0 (kernel "latency"): CPU 1 alone (real-time, LAPIC passed through)', text)
        self.assertIn('real-time: vm rt0 made 0 VM exits on CPU 1 while it measured', text)

    # (the broken log, what the summary must say about it)
    BROKEN = [
        (lambda: without(share_log(), 'share: vm user1 created'),
         'the device model never created post-launched vm user1'),
        (lambda: replaced(share_log(), 'basic: DONE passed=29 failed=0', 'basic: DONE passed=28 failed=1'),
         'vm user1 ended without its guest passing its checks'),
        (lambda: replaced(hybrid_log(), 'exits_during_run: 0', 'exits_during_run: 3'),
         'real-time vm rt0 made 3 VM exits while it measured, expected 0'),
        # cpu_hog prints no checks: its device model's view of its debug-exit status decides
        (lambda: replaced(without(hybrid_log(), '[cpu_hog] '), 'vm cpu_hog (id 2) wrote 0', 'vm cpu_hog (id 2) wrote 1'),
         'vm cpu_hog ended without its guest passing its checks'),
    ]

    def test_broken_runs_fail_with_their_reason(self):
        for make, why in self.BROKEN:
            with self.subTest(why=why):
                self.assertFails(make(), why)


class Presenting(unittest.TestCase):
    def test_figures_left_out(self):
        self.assertEqual(story.present('hvkit: vm hello: first VM entry, vm.hello.first_entry_tsc: 273461565'),
                         'hvkit: vm hello: first VM entry')

    def test_register_dump_left_to_the_log(self):
        self.assertIsNone(story.present('hvkit: ERROR: vm wild: vcpu 0: rax=0000000000000060 rbx=0000000000008000'))
        self.assertIsNone(story.present('hvkit: ERROR: vm wild: vcpu 0: EPT violation: rip=0000000000100155 rsp=0'))

    def test_other_lines_kept(self):
        ln = 'hvkit: [hello] hello: count 1 of 3'
        self.assertEqual(story.present(ln), ln)


if __name__ == '__main__':
    unittest.main()
