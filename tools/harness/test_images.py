#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The harness's boot-media step runs a failed command again only as often as asked, and says so in the log."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hvharness import images  # noqa: E402


class RunAgain(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.dir.name, 'media.log')

    def tearDown(self):
        self.dir.cleanup()

    def fails_once(self):
        flag = os.path.join(self.dir.name, 'ran')
        return ['sh', '-c', 'test -e %s || { touch %s; exit 3; }' % (flag, flag)]

    def test_a_second_attempt_that_succeeds_is_enough(self):
        images._run(self.fails_once(), self.log, attempts=2)
        text = open(self.log).read()
        self.assertIn('sh failed with status 3: running it again, attempt 2 of 2', text)
        self.assertEqual(text.count('$ sh -c'), 2)

    def test_one_attempt_by_default(self):
        with self.assertRaises(images.MediaError) as err:
            images._run(self.fails_once(), self.log)
        self.assertIn('status 3, 1 attempt(s)', str(err.exception))
        self.assertEqual(open(self.log).read().count('$ sh -c'), 1)

    def test_every_attempt_failing_is_an_error_naming_the_log(self):
        with self.assertRaises(images.MediaError) as err:
            images._run(['false'], self.log, attempts=2)
        self.assertIn('false failed (status 1, 2 attempt(s)); see %s' % self.log, str(err.exception))


class CompiledScenarios(unittest.TestCase):
    """An image whose mode wrote scenario-form beside it gets its dts scenarios compiled by the tool named there."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.image = os.path.join(self.dir.name, 'hvkit-x.elf')
        self.log = os.path.join(self.dir.name, 'media.log')
        self.modules = [dict(name='scenario.dtb', dts_text='/dts-v1/; / { };'), dict(name='g', path='/g.elf')]

    def tearDown(self):
        self.dir.cleanup()

    def test_an_image_without_the_file_reads_dtbs(self):
        self.assertEqual(images.for_image(self.modules, self.image), self.modules)

    def test_a_compiled_image_gets_hvsc_modules(self):
        with open(os.path.join(self.dir.name, 'scenario-form'), 'w') as f:
            f.write('compiled /x/hvkit-scenario\n')
        m = images.for_image(self.modules, self.image)
        self.assertEqual(m[0]['name'], 'scenario.hvsc')
        self.assertEqual(m[0]['compile'], '/x/hvkit-scenario')
        self.assertEqual(m[1], self.modules[1])

    def test_a_refusal_quotes_the_tool(self):
        tool = os.path.join(self.dir.name, 'tool.sh')
        with open(tool, 'w') as f:
            f.write('#!/bin/sh\necho \'scenario: /chosen/hypervisor/vm@1: property "cpus": CPU 0 twice\'\nexit 1\n')
        os.chmod(tool, 0o755)
        with self.assertRaises(images.MediaError) as err:
            images._compile_scenario(tool, 'in.dtb', os.path.join(self.dir.name, 'out.hvsc'), self.log)
        self.assertIn('refused the scenario (status 1): scenario: /chosen/hypervisor/vm@1: property "cpus"',
                      str(err.exception))


if __name__ == '__main__':
    unittest.main()
