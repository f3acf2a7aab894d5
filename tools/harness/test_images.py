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


if __name__ == '__main__':
    unittest.main()
