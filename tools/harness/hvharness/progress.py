# SPDX-License-Identifier: BSD-3-Clause
"""Progress of a suite: "case k/N, elapsed, estimated left", from a record of each case's last wall time kept in
the build folder (build/test-durations.json); a case never run before is estimated from its timeout."""

import json
import os
import threading
import time

RECORD = 'test-durations.json'
# A case without a record: a quarter of its timeout (most cases end well before it), at least 5 s.
UNKNOWN_SHARE = 0.25


def load_record(build):
    try:
        with open(os.path.join(build, RECORD)) as f:
            data = json.load(f)
        return {k: float(v) for k, v in data.items()}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def save_record(build, record):
    path = os.path.join(build, RECORD)
    try:
        with open(path + '.tmp', 'w') as f:
            json.dump(record, f, indent=1, sort_keys=True)
        os.replace(path + '.tmp', path)
    except OSError:
        pass


def estimate(case, record):
    if case.skip:
        return 0.0
    if case.name in record:
        return record[case.name]
    return max(5.0, case.timeout * UNKNOWN_SHARE)


def fmt_s(s):
    s = int(round(s))
    return '%d s' % s if s < 120 else '%d min %02d s' % (s // 60, s % 60)


class Progress:
    def __init__(self, build, cases, jobs):
        self.build = build
        self.record = load_record(build)
        self.left = {c.name: estimate(c, self.record) for c in cases}
        self.total = len(cases)
        self.jobs = max(1, jobs)
        self.done = 0
        self.t0 = time.monotonic()
        self.lock = threading.Lock()

    def estimated_total(self):
        return sum(self.left.values()) / self.jobs

    def finished(self, result):
        """Record the case's time; returns the progress line to print."""
        with self.lock:
            self.done += 1
            self.left.pop(result.case.name, None)
            if result.status in ('pass', 'fail', 'known-failure') and result.lines is not None:
                self.record[result.case.name] = round(result.elapsed, 1)
                save_record(self.build, self.record)
            left = sum(self.left.values()) / self.jobs
            return 'case %d/%d, %s elapsed, about %s left' % (
                self.done, self.total, fmt_s(time.monotonic() - self.t0), fmt_s(left))
