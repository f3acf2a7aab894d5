#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The demo's closing summary against a real run's log (tests/demo/demo-pass.log) and logs broken on purpose:
each broken one must fail the demo and say why (meson suite 'demo')."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import story  # noqa: E402

LOG = os.path.join(HERE, '..', '..', 'tests', 'demo', 'demo-pass.log')


def good():
    with open(LOG) as f:
        return f.read().splitlines()


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


class BrokenRuns(unittest.TestCase):
    def assertFails(self, lines, why):
        st = story.tell(lines)
        text = '\n'.join(story.summary(st))
        self.assertFalse(st.ok, 'a broken log passed:\n' + text)
        self.assertNotIn('demo passed', text)
        self.assertIn(why, text)

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
