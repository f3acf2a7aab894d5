#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""hvkit emulator harness: runs the cases of one suite (integration, linux, bench) in Bochs or QEMU.

    python3 tools/harness/run.py --suite integration [--build build] [--cases tests/integration]
                                 [-j 2] [--only REGEX] [--keep-logs] [--stream] [--list] [--json FILE]

Prints one line per emulator run (name, emulator, CPUs, elapsed seconds) followed by "case k/N, elapsed, about
T left" (estimated from each case's last wall time, kept in BUILD/test-durations.json, or a quarter of its timeout),
a heartbeat with the guest's last console line every --heartbeat seconds (default 15) of a long run, the
expectations a failed run missed plus its last serial lines, and a closing line 'suite S: N passed, N failed,
N skipped'. Logs of failed
runs stay in BUILD/test-logs/<case>/. Exit status: 0 when nothing failed, 1 when something failed, 2 on a usage
or case-definition error.
"""

import argparse
import concurrent.futures
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from hvharness import cases as casemod  # noqa: E402
from hvharness import progress as progmod  # noqa: E402
from hvharness import runner  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAIL = 20
_print_lock = threading.Lock()


def say(*a):
    with _print_lock:
        print(*a, flush=True)


def git_commit():
    """The tree the run measured (git describe --dirty), recorded in --json for ./hvkit report."""
    try:
        out = subprocess.run(['git', '-C', REPO, 'describe', '--always', '--dirty', '--abbrev=12'],
                             capture_output=True, text=True, timeout=20)
        return out.stdout.strip() or None
    except OSError:
        return None


def shown_path(p):
    rel = os.path.relpath(p, os.getcwd())
    return p if rel.startswith('..') else rel


def describe(case):
    return '%s [%s, %s, %d CPU%s]' % (case.name, case.emulator, case.boot, case.cpus, '' if case.cpus == 1 else 's')


def report(res):
    c = res.case
    if res.status == 'skip':
        say('SKIP  %s: %s' % (c.name, res.reasons[0]))
        return
    tag = {'pass': 'PASS', 'fail': 'FAIL', 'known-failure': 'KNOWN'}[res.status]
    say('%s  %s in %.1f s (%s)' % (tag, describe(c), res.elapsed, res.ended_by or 'not started'))
    if res.status == 'known-failure':
        say('      known failure, counted as skipped: %s' % c.known_failure)
    if res.status == 'pass' and c.known_failure:
        say('      ' + res.reasons[-1])
    if res.figures and c.suite == 'bench':
        for k, v in sorted(res.figures.items()):
            say('      %s: %s' % (k, v))
    if res.status in ('fail', 'known-failure'):
        for r in res.reasons:
            say('      ' + r)
        if res.lines is not None:
            say('      expected: ' + (', '.join(e.describe() for e in c.expect) or '(nothing)'))
            if c.forbid:
                say('      forbidden: ' + ', '.join(repr(f.pattern) for f in c.forbid))
            tail = [ln for ln in res.lines][-TAIL:]
            say('      last %d serial line(s)%s:' % (len(tail), '' if res.lines else ' (the serial log is empty)'))
            for ln in tail:
                say('      | ' + ln)
        if res.logdir:
            say('      logs: %s' % shown_path(res.logdir))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(REPO, 'build'))
    ap.add_argument('--cases', default=os.path.join(REPO, 'tests', 'integration'))
    ap.add_argument('--suite', default='integration', choices=casemod.SUITES)
    ap.add_argument('-j', '--jobs', type=int, default=2)
    ap.add_argument('--only', help='run only cases whose name matches this regex')
    ap.add_argument('--keep-logs', action='store_true', help='keep the logs of passing runs too')
    ap.add_argument('--stream', action='store_true', help='print serial output live (one run at a time)')
    ap.add_argument('--list', action='store_true', help='list the cases and exit')
    ap.add_argument('--json', help='write the results here')
    ap.add_argument('--heartbeat', type=float, default=15.0,
                    help='seconds between "still running" lines of a long run (0: none)')
    args = ap.parse_args(argv)

    build = os.path.abspath(args.build)
    try:
        all_cases = casemod.load(os.path.abspath(args.cases))
    except casemod.CaseError as err:
        print('harness: ' + str(err), file=sys.stderr)
        return 2
    sel = [c for c in all_cases if c.suite == args.suite]
    if args.only:
        sel = [c for c in sel if re.search(args.only, c.name)]
    if args.list:
        for c in sel:
            print(describe(c) + ' (%s)' % c.source)
        return 0

    logs_root = os.path.join(build, 'test-logs')
    os.makedirs(logs_root, exist_ok=True)
    jobs = 1 if args.stream else max(1, args.jobs)
    commit = git_commit()   # the tree as the run starts
    prog = progmod.Progress(build, sel, jobs)
    say('suite %s: %d case(s), %d at a time, about %s by the last runs\' times' % (
        args.suite, len(sel), jobs, progmod.fmt_s(prog.estimated_total())))
    t0 = time.monotonic()
    stream = None
    if args.stream:
        def stream(line):
            say('  ' + line)

    def one(c):
        if not c.skip:
            say('RUN   %s' % describe(c))

        def beat(elapsed, last):
            say('      ... %s: %s, last console line: %s' % (
                c.name, progmod.fmt_s(elapsed), last.strip()[:100] if last else '(no serial output yet)'))

        res = runner.run_case(c, build, logs_root, stream=stream, keep_logs=args.keep_logs,
                              heartbeat=beat if args.heartbeat > 0 and not args.stream else None,
                              heartbeat_s=args.heartbeat or 15.0)
        report(res)
        say('      ' + prog.finished(res))
        return res

    def interrupted(signum, _frame):
        runner.kill_all()
        say('harness: stopped by signal %d; emulators ended' % signum)
        os._exit(128 + signum)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)

    if jobs == 1:
        results = [one(c) for c in sel]
    else:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
            results = list(ex.map(one, sel))

    n = {s: sum(1 for r in results if r.status == s) for s in ('pass', 'fail', 'skip')}
    n['skip'] += sum(1 for r in results if r.status == 'known-failure')
    if args.json:
        data = {
            'suite': args.suite,
            'commit': commit,
            'finished_utc': time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime()),
            'passed': n['pass'], 'failed': n['fail'], 'skipped': n['skip'],
            'results': [{
                'name': r.case.name, 'status': r.status, 'emulator': r.case.emulator, 'boot': r.case.boot,
                'cpus': r.case.cpus, 'elapsed_s': round(r.elapsed, 2), 'ended_by': r.ended_by,
                'reasons': r.reasons, 'figures': r.figures, 'logs': r.logdir,
            } for r in results],
        }
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, 'w') as f:
            json.dump(data, f, indent=2)
    say('suite %s: %d passed, %d failed, %d skipped (%.0f s)' % (
        args.suite, n['pass'], n['fail'], n['skip'], time.monotonic() - t0))
    return 1 if n['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
