#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""./hvkit demo: boot the demo case (tests/integration/demo.py) in Bochs and tell what it shows.

    python3 tools/demo/demo.py [--build build] [--cases tests/integration] [--mode partition|share|hybrid]

partition (the default): two pre-launched VMs, one of which writes outside its RAM and is stopped. share: the share
image with its own default scenario, a Service VM whose device model creates, serves and destroys a user VM.
hybrid: the hybrid image with its default scenario, a real-time VM alone on its CPU beside the Service VM's side.

Says what is about to boot, streams the hypervisor's serial output (its lines start with 'hvkit:', a VM's own
console lines with 'hvkit: [VM]'; this script's own lines with '==>'), then closes with a summary taken from that
output (tools/demo/story.py): which VM ran on which CPU in which RAM, the wild write stopped, VM exits, wall time.
Exit status 0 when the run passed and the summary holds, 1 otherwise, 2 when the demo cannot start.
"""

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, 'tools', 'harness'))

import story  # noqa: E402
from hvharness import cases as casemod  # noqa: E402
from hvharness import runner  # noqa: E402

# Per mode: the case it boots (tests/integration), the scenario that case runs, and what to say before it boots.
MODES = {
    'partition': dict(
        case='demo-partition-hello-beside-wild-write-2cpu', scenario=os.path.join('tests', 'scenarios', 'demo.dts'),
        intro=['VM "hello" runs a guest that counts to 3 and ends; VM "wild" runs one that writes outside its RAM, '
               'which', 'the hypervisor must stop while "hello" runs on.']),
    'share': dict(
        case='share-default-scenario', scenario=os.path.join('scenario', 'dts', 'share.dts'),
        intro=['The Service VM runs the service test guest, whose small device model creates post-launched VM '
               '"user1"', 'through hypercalls three times (basic, smp and share_user guests, 2 vCPUs, one sharing '
               'CPU 0 with', 'the Service VM), serves its port I/O, prints its lines as "[service] [user1] ..." '
               'and destroys it.']),
    'hybrid': dict(
        case='hybrid-default-scenario', scenario=os.path.join('scenario', 'dts', 'hybrid.dts'),
        intro=['VM "rt0" (real-time, LAPIC passed through) measures its timer latency alone on CPU 1 while the '
               'Service VM', 'on CPU 0 runs two post-launched VMs (CPU-bound and I/O-bound) beside itself and tries '
               'hypercalls', 'naming rt0, which the hypervisor refuses and logs.']),
}
TTY = sys.stdout.isatty()


def say(text=''):
    """The demo's own lines: '==>' (bold where the output is a terminal), never 'hvkit:'; '' is a blank line."""
    if not text:
        print(flush=True)
        return
    print(('\x1b[1m==> %s\x1b[0m' if TTY else '==> %s') % text, flush=True)


def show(line):
    shown = story.present(line)
    if shown is not None:
        print(shown, flush=True)


def scenario_line(build, case, scenario):
    tool = os.path.join(build, 'scenario', 'hvkit-scenario')
    mods = ','.join(m['name'] for m in case.modules if m['name'] != 'scenario.dtb')
    try:
        out = subprocess.run([tool, 'check', os.path.join(REPO, scenario), '--cpus', str(case.cpus),
                              '--modules', mods], capture_output=True, text=True, timeout=30)
    except OSError as err:
        return 'not checked (%s)' % err
    first = (out.stdout or out.stderr).splitlines()
    return first[0] if first else 'hvkit-scenario said nothing (exit %d)' % out.returncode


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(REPO, 'build'))
    ap.add_argument('--cases', default=os.path.join(REPO, 'tests', 'integration'))
    ap.add_argument('--mode', default='partition', choices=sorted(MODES))
    args = ap.parse_args(argv)
    build = os.path.abspath(args.build)
    demo = MODES[args.mode]
    try:
        case = next(c for c in casemod.load(os.path.abspath(args.cases)) if c.name == demo['case'])
    except (casemod.CaseError, StopIteration) as err:
        print('demo: no case %s (%s)' % (demo['case'], err), file=sys.stderr)
        return 2
    image = case.image_path(build)
    if not os.path.exists(image):
        print('demo: %s is not built' % image, file=sys.stderr)
        return 2

    say('About to boot hvkit\'s %s image (%s) in Bochs, which emulates VT-x: legacy BIOS -> GRUB -> Multiboot2,'
        % (case.mode, os.path.relpath(image, os.getcwd())))
    say('a machine with %d CPUs and %d MiB of RAM.' % (case.cpus, case.ram_mb))
    say('Scenario %s, checked by hvkit-scenario: %s' % (demo['scenario'], scenario_line(build, case, demo['scenario'])))
    for line in demo['intro']:
        say(line)
    say('Lines starting "hvkit:" are the hypervisor\'s, "hvkit: [VM]" lines are that VM\'s own console; about 10 s')
    say('of BIOS and GRUB come first, silent.')
    say()

    last_line_at = [None]

    def stream(line):
        last_line_at[0] = time.monotonic()
        show(line)

    def beat(elapsed, last):
        if last_line_at[0] is None:
            say('%d s: BIOS and GRUB are still loading the image (they print nothing on the serial port)'
                % elapsed)
        elif time.monotonic() - last_line_at[0] >= 5:
            say('%d s: still running, nothing printed for %d s; last line: %s' % (
                elapsed, time.monotonic() - last_line_at[0], (last or '').strip()[:100]))

    logs_root = os.path.join(build, 'demo-logs')
    os.makedirs(logs_root, exist_ok=True)
    t0 = time.monotonic()
    res = runner.run_case(case, build, logs_root, stream=stream, keep_logs=True, heartbeat=beat, heartbeat_s=5)
    elapsed = time.monotonic() - t0

    st = story.tell(res.lines or [])
    say()
    say('What this run showed (from the hypervisor\'s own lines above):')
    for ln in story.summary(st, elapsed):
        say('  ' + ln)
    if res.status != 'pass':
        say('  the run itself failed:')
        for r in res.reasons:
            say('    ' + r)
    if res.logdir:
        say('  full serial log: %s' % os.path.relpath(os.path.join(res.logdir, 'serial.log'), os.getcwd()))
    return 0 if res.status == 'pass' and st.ok else 1


if __name__ == '__main__':
    sys.exit(main())
