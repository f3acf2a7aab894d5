# SPDX-License-Identifier: BSD-3-Clause
"""One emulator run of one case: media, emulator under `timeout`, serial log watched as it grows, verdict."""

import os
import random
import re
import shutil
import signal
import subprocess
import threading
import time

from . import emulators, images

# Emulator log lines that mean the machine itself failed (checked in bochs.log; Bochs's exit status says nothing).
BOCHS_LOG_FAIL = [
    (re.compile(r'>>PANIC<<(?!.*[Ss]hutdown)'), 'Bochs panic'),
    (re.compile(r'3rd \(\d+\) exception with no resolution'), 'triple fault'),
    (re.compile(r'CPU is in shutdown state'), 'a CPU entered shutdown state'),
]
POLL_S = 0.1
FIGURE_RE = re.compile(r'(?:^|\s)([A-Za-z_][\w.]*):\s+(-?\d+(?:\.\d+)?)\s*$')
# A Linux kernel message ('[   12.345678] ...'): never a figure, even when it ends in 'word: number'.
KERNEL_LOG_RE = re.compile(r'\[\s*\d+\.\d{6}\] ')
ANSI_RE = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r')


class Result:
    def __init__(self, case):
        self.case = case
        self.status = 'fail'      # 'pass' | 'fail' | 'skip'
        self.reasons = []
        self.elapsed = 0.0
        self.lines = None   # None: the emulator never ran
        self.figures = {}
        self.logdir = None
        self.ended_by = ''

    def fail(self, why):
        self.status = 'fail'
        self.reasons.append(why)


def clean_line(s):
    return ANSI_RE.sub('', s)


# Emulators running now (each in its own process group), so that an interrupted harness can end them.
_running = set()
_running_lock = threading.Lock()


def kill_all():
    with _running_lock:
        procs = list(_running)
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill(proc):
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


def judge(case, lines, result):
    """Fill result.reasons from the serial lines; returns True when every expectation holds."""
    ok = True
    first_hit = []
    for e in case.expect:
        hits = [i for i, ln in enumerate(lines) if e.regex.search(ln)]
        if len(hits) < e.count:
            ok = False
            if hits:
                result.reasons.append('expected %s, saw %d matching line(s)' % (e.describe(), len(hits)))
            else:
                result.reasons.append('missing %s' % e.describe())
        first_hit.append(hits[0] if hits else None)
    if case.expect_in_order and ok:
        order = [h for h in first_hit if h is not None]
        if order != sorted(order):
            ok = False
            result.reasons.append('expected lines appeared out of order')
    for f in case.forbid:
        bad = [ln for ln in lines if f.search(ln)]
        if bad:
            ok = False
            result.reasons.append('forbidden %r seen: %s' % (f.pattern, bad[0].strip()))
    for e in case.at_most:
        hits = [ln for ln in lines if e.regex.search(ln)]
        if len(hits) > e.count:
            ok = False
            result.reasons.append('expected at most %d line(s) matching %r, saw %d (first: %s)'
                                  % (e.count, e.pattern, len(hits), hits[0].strip()))
    for ln in lines:
        m = FIGURE_RE.search(ln) if not KERNEL_LOG_RE.search(ln) else None
        if m:
            result.figures[m.group(1)] = float(m.group(2)) if '.' in m.group(2) else int(m.group(2))
    if case.verify is not None:
        for problem in case.verify(lines):
            ok = False
            result.reasons.append(problem)
    for name in case.figures:
        if name not in result.figures:
            ok = False
            result.reasons.append('figure %s was not printed' % name)
    return ok


# Bochs's VNC server (the only headless display Debian's Bochs has) picks its port by trying 5900-5949; two
# instances starting together can both bind the same port before either listens, and the loser then fails every
# later bind on its already-bound socket and panics "RFB could not bind any port". That is the emulator failing to
# start, not the case failing: such a run is repeated, after a short random pause, up to RFB_RETRIES times.
RFB_BIND_PANIC = re.compile(r'RFB could not bind any port')
RFB_RETRIES = 3


def _rfb_start_failure(result):
    if result.status != 'fail' or not result.logdir or result.lines:
        return False
    try:
        with open(os.path.join(result.logdir, 'bochs.log'), errors='replace') as f:
            return RFB_BIND_PANIC.search(f.read()) is not None
    except OSError:
        return False


def run_case(case, build_dir, logs_root, stream=None, keep_logs=False, heartbeat=None, heartbeat_s=15.0):
    """Run one case. stream(line) is called for each serial line as it arrives (for the demo); heartbeat(elapsed_s,
    last_line) every heartbeat_s seconds of the emulator's run (last_line: the last serial line, or None)."""
    result = _run_case_once(case, build_dir, logs_root, stream, keep_logs, heartbeat, heartbeat_s)
    for attempt in range(RFB_RETRIES):
        if not _rfb_start_failure(result):
            break
        time.sleep(random.uniform(0.5, 2.5))
        result = _run_case_once(case, build_dir, logs_root, stream, keep_logs, heartbeat, heartbeat_s)
        result.reasons.append('(run %d: the emulator first failed to start, RFB port race)' % (attempt + 2))
    return result


def _run_case_once(case, build_dir, logs_root, stream=None, keep_logs=False, heartbeat=None, heartbeat_s=15.0):
    result = Result(case)
    if case.skip:
        result.status = 'skip'
        result.reasons.append(case.skip)
        return result
    logdir = os.path.join(logs_root, case.name)
    result.logdir = logdir
    shutil.rmtree(logdir, ignore_errors=True)
    os.makedirs(logdir)
    serial = os.path.join(logdir, 'serial.log')
    open(serial, 'w').close()
    media_log = os.path.join(logdir, 'media.log')
    image = case.image_path(build_dir)
    modules = images.for_image(case.module_list(build_dir), image)
    try:
        iso = esp = None
        if case.uses_grub:
            iso = images.make_grub_iso(logdir, image, case.cmdline, modules, media_log, case.loader)
        elif case.boot == 'uefi-direct':
            iso = images.make_esp_iso(logdir, image, case.cmdline, modules, media_log)
        else:
            esp = images.make_esp_dir(logdir, image, case.cmdline, modules, media_log)
    except images.MediaError as err:
        result.fail('could not make the boot media: %s' % err)
        return result
    disk = None
    if case.disk_path(build_dir):
        src = case.disk_path(build_dir)
        disk = os.path.join(logdir, 'disk.img')
        try:
            size = os.path.getsize(src)
            if size == 0 or size % emulators.BOCHS_DISK_CYLINDER:
                raise OSError('%s: %d bytes, not a non-zero multiple of %d (16 heads x 63 sectors x 512)'
                              % (src, size, emulators.BOCHS_DISK_CYLINDER))
            shutil.copyfile(src, disk)
        except OSError as err:
            result.fail('could not copy the disk image: %s' % err)
            return result

    if case.emulator == 'bochs':
        rc = os.path.join(logdir, 'bochs.rc')
        with open(rc, 'w') as f:
            f.write(emulators.BOCHS_RC)
        brc = os.path.join(logdir, 'bochsrc')
        with open(brc, 'w') as f:
            f.write(emulators.bochsrc(case, iso, serial, os.path.join(logdir, 'bochs.log'), disk))
        cmd = emulators.bochs_cmd(brc, rc)
        out_name = 'bochs.out'
    else:
        cmd = emulators.qemu_cmd(case, serial, iso=iso, esp_dir=esp)
        out_name = 'qemu.out'
    full = ['timeout', '--kill-after=5', str(int(case.timeout)), *cmd]
    with open(os.path.join(logdir, case.emulator + '.cmdline'), 'w') as f:
        f.write(' '.join(full) + '\n')

    start = time.monotonic()
    out = open(os.path.join(logdir, out_name), 'wb')
    env = dict(os.environ)
    env.pop('MALLOC_PERTURB_', None)   # Bochs 2.7 aborts with it (set by meson test)
    proc = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                            cwd=logdir, start_new_session=True, env=env)
    with _running_lock:
        _running.add(proc)
    lines = []
    partial = ''
    end_at = None
    next_beat = start + heartbeat_s
    with open(serial, 'r', errors='replace', newline='') as f:
        while True:
            chunk = f.read()
            if chunk:
                data = partial + chunk
                parts = data.split('\n')
                partial = parts.pop()
                for p in parts:
                    ln = clean_line(p)
                    lines.append(ln)
                    if stream:
                        stream(ln)
                    if end_at is None and case.end and case.end.search(ln):
                        end_at = time.monotonic() + case.end_grace
                        result.ended_by = 'end pattern'
                    elif end_at is None and any(fb.search(ln) for fb in case.forbid):
                        end_at = time.monotonic() + case.end_grace
                        result.ended_by = 'forbidden line'
            now = time.monotonic()
            if heartbeat is not None and now >= next_beat:
                next_beat = now + heartbeat_s
                last = next((ln for ln in reversed(lines) if ln.strip()), None)
                heartbeat(now - start, last if not partial.strip() else clean_line(partial))
            if proc.poll() is not None:
                if not result.ended_by:
                    if proc.returncode in (124, 137):
                        result.ended_by = 'timeout'
                    elif case.emulator == 'bochs':
                        # Bochs exits with 1 however the machine ended (PLATFORM.md): the serial log judges.
                        result.ended_by = 'Bochs stopped by itself'
                    else:
                        result.ended_by = 'emulator exit (%d)' % proc.returncode
                chunk = f.read()
                if chunk:
                    partial += chunk
                break
            if end_at is not None and now >= end_at:
                _kill(proc)
                continue
            if now - start > case.timeout + 10:   # belt and braces: `timeout` should have fired
                result.ended_by = 'timeout'
                _kill(proc)
                continue
            time.sleep(POLL_S)
    with _running_lock:
        _running.discard(proc)
    out.close()
    if partial:
        ln = clean_line(partial)
        lines.append(ln)
        if stream:
            stream(ln)
    result.elapsed = time.monotonic() - start
    result.lines = lines
    ok = judge(case, lines, result)
    if case.emulator == 'qemu' and case.qemu_exit is not None and result.ended_by.startswith('emulator exit'):
        if proc.returncode != case.qemu_exit:
            ok = False
            result.reasons.append('QEMU exit status %d, expected %d' % (proc.returncode, case.qemu_exit))
    if result.ended_by == 'timeout':
        result.reasons.append('the run hit its %ds timeout' % case.timeout)
        if case.self_stop:
            ok = False
            result.reasons.append('the emulator did not stop by itself (expected a shutdown/debug-exit)')
    if case.emulator == 'bochs':
        blog = os.path.join(logdir, 'bochs.log')
        if os.path.exists(blog):
            with open(blog, errors='replace') as f:
                text = f.read()
            for rx, what in BOCHS_LOG_FAIL:
                m = rx.search(text)
                if m:
                    ok = False
                    line_end = text.find('\n', m.start())
                    line_start = text.rfind('\n', 0, m.start()) + 1
                    result.reasons.append('%s in bochs.log: %s' % (what, text[line_start:line_end].strip()))
                    break
    result.status = 'pass' if ok else 'fail'
    if case.known_failure:
        if ok:
            result.reasons.append('passes now: remove its known_failure mark (%s)' % case.known_failure)
        else:
            result.status = 'known-failure'
    # the ISO is big and made again by any rerun; keep it only for failed runs
    if ok and not keep_logs:
        shutil.rmtree(logdir, ignore_errors=True)
        result.logdir = None
    return result
