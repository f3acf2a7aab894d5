# SPDX-License-Identifier: BSD-3-Clause
"""The demo's story, told from the hypervisor's serial log (the lines it prints anyway; nothing demo-only).

    lines -> Story: what booted, each VM (its CPUs, RAM, how it ended, its VM exits, its guest's verdict), whether a
    VM that wrote outside its memory was stopped while the others ran on, and a verdict with the reasons it failed.
    Share and hybrid runs too: the Service VM (identity-mapped RAM), post-launched VMs (RAM reserved at boot,
    created and destroyed by the Service VM's device model, their lines nested as "[service] [user1] ...", their
    VM exits summed over every run in the slot), and a real-time VM's CPU that no other VM shares.

`present(line)` turns a serial line into the line the demo shows (figures such as vm.X.first_entry_tsc taken out,
register dumps left to the log).
"""

import re

PREFIX = 'hvkit: '
# NAME: NUMBER figures the harness and the bench collect (vm.hello.first_entry_tsc: 273461565)
FIGURE_RE = re.compile(r',?\s*\b[a-z_]+(?:\.[\w]+)+:\s*-?\d+(?:\.\d+)?')
REGISTER_DUMP_RE = re.compile(r'ERROR: vm \S+: vcpu \d+: (?:EPT violation: )?r[a-z0-9]+=[0-9a-f]{8,}')

IMAGE_RE = re.compile(r'^hvkit (\S+) image, booted by ([^\s,]+)')
ONLINE_RE = re.compile(r'^boot complete: (\d+)/(\d+) CPUs online')
SCENARIO_VM_RE = re.compile(r'^scenario: vm (\S+) \(([a-z-]+)\): (\d+) CPU\(s\) from (\d+), kernel "([^"]*)"')
STARTED_RE = re.compile(r'^vm (\S+): started: (\d+) vCPU\(s\), RAM (\d+) MiB at host (0x[0-9a-f]+)')
SERVICE_STARTED_RE = re.compile(r'^vm (\S+): started as the Service VM: (\d+) vCPU\(s\), (\d+) MiB of identity-mapped')
RESERVED_RE = re.compile(r'^share: post-launched VM (\S+): up to (\d+) vCPU\(s\), (\d+) MiB reserved at host '
                         r'(0x[0-9a-f]+)')
CREATED_RE = re.compile(r'^share: vm (\S+) created')
DM_EXIT_RE = re.compile(r'^\[\S+\] svc: vm (\S+) \(id \d+\) wrote (\d+) to its debug-exit port')
RT_CPU_RE = re.compile(r"^hybrid mode: CPU (\d+) is vm (\S+)'s alone")
RT_EXITS_RE = re.compile(r'^\[(\S+)\] latency: BENCH \S+\.exits_during_run: (\d+)')
LEFT_RE = re.compile(r'^vm (\S+): vcpu (\d+) has left cpu (\d+)')
STOPPED_RE = re.compile(r'^(?:ERROR: )?vm (\S+): stopped: (.*?) \((\d+) VM exits\)')
OUTSIDE_RE = re.compile(r'write at guest-physical (0x[0-9a-f]+) outside its memory')
# A VM's console line; a post-launched VM's comes through its device model's: "[service] [user1] basic: ..."
GUEST_RE = re.compile(r'^\[(\S+)\] (?:\[(\S+)\] )?')
DONE_RE = re.compile(r'^\[(\S+)\] (?:\[(\S+)\] )?(\S+): DONE passed=(\d+) failed=(\d+)')
FAIL_RE = re.compile(r'\bFAIL\b|PANIC|EXCEPTION')
POWEROFF_RE = re.compile(r'^powering off \(status (\d+)\)')


def present(line):
    """The line as the demo shows it, or None to leave it to the log."""
    body = line[len(PREFIX):] if line.startswith(PREFIX) else line
    if REGISTER_DUMP_RE.search(body):
        return None
    shown = FIGURE_RE.sub('', line)
    return shown


class Vm:
    def __init__(self, name):
        self.name = name
        self.cpus = []          # physical CPUs, from the scenario line and the "has left cpu" lines
        self.ram_mb = None
        self.host_base = None
        self.kernel = ''
        self.stopped = None     # how it ended, as the hypervisor says
        self.exits = None
        self.outside = None     # guest-physical address of a write outside its memory that stopped it
        self.done = None        # (passed, failed) from its guest (summed over a post-launched VM's runs)
        self.role = None        # the scenario's load order: pre-launched, service, post-launched
        self.identity = False   # the Service VM: RAM identity-mapped, no single host base
        self.runs = 0           # a post-launched VM: how many times its device model created it
        self.dm_status = []     # a post-launched VM: the debug-exit status of each run, as its device model saw it
        self.rt_cpu = None      # a real-time VM's CPU, which no other VM shares
        self.rt_exits = None    # a real-time VM's own count of VM exits while it measured
        self.stop_index = None
        self.last_output_index = None


class Story:
    def __init__(self):
        self.image = self.boot = None
        self.cpus_online = self.cpus_total = None
        self.vms = {}
        self.order = []
        self.poweroff = None
        self.failures = []      # lines that say something failed
        self.problems = []      # why the story does not hold

    def vm(self, name):
        if name not in self.vms:
            self.vms[name] = Vm(name)
            self.order.append(name)
        return self.vms[name]

    @property
    def ok(self):
        return not self.problems

    def total_exits(self):
        return sum(v.exits or 0 for v in self.vms.values())


def _on_image(st, m, i):
    st.image, st.boot = m.group(1), m.group(2)


def _on_online(st, m, i):
    st.cpus_online, st.cpus_total = int(m.group(1)), int(m.group(2))


def _on_scenario_vm(st, m, i):
    v = st.vm(m.group(1))
    first, count = int(m.group(4)), int(m.group(3))
    v.cpus, v.kernel, v.role = list(range(first, first + count)), m.group(5), m.group(2)


def _on_ram_at(st, m, i):
    """A pre-launched VM started, or a post-launched VM's RAM reserved at boot: MiB in group 3, host base in 4."""
    v = st.vm(m.group(1))
    v.ram_mb, v.host_base = int(m.group(3)), int(m.group(4), 16)


def _on_service_started(st, m, i):
    v = st.vm(m.group(1))
    v.ram_mb, v.identity = int(m.group(3)), True


def _on_created(st, m, i):
    st.vm(m.group(1)).runs += 1


def _on_dm_exit(st, m, i):
    st.vm(m.group(1)).dm_status.append(int(m.group(2)))


def _on_rt_cpu(st, m, i):
    st.vm(m.group(2)).rt_cpu = int(m.group(1))


def _on_rt_exits(st, m, i):
    st.vm(m.group(1)).rt_exits = int(m.group(2))


def _on_left(st, m, i):
    v = st.vm(m.group(1))
    if int(m.group(3)) not in v.cpus:
        v.cpus.append(int(m.group(3)))


def _on_stopped(st, m, i):
    v = st.vm(m.group(1))
    v.stopped, v.exits, v.stop_index = m.group(2), (v.exits or 0) + int(m.group(3)), i
    o = OUTSIDE_RE.search(m.group(2))
    if o:
        v.outside = o.group(1)


def _on_guest_line(st, m, i):
    st.vm(m.group(2) or m.group(1)).last_output_index = i


def _on_done(st, m, i):
    v = st.vm(m.group(2) or m.group(1))
    before = v.done or (0, 0)
    v.done = (before[0] + int(m.group(4)), before[1] + int(m.group(5)))


def _on_poweroff(st, m, i):
    st.poweroff = int(m.group(1))


# Each hypervisor line is matched against every pattern (a line may feed more than one: a guest's DONE line is
# also a guest line).
HANDLERS = [
    (IMAGE_RE, _on_image), (ONLINE_RE, _on_online), (SCENARIO_VM_RE, _on_scenario_vm), (STARTED_RE, _on_ram_at),
    (SERVICE_STARTED_RE, _on_service_started), (RESERVED_RE, _on_ram_at), (CREATED_RE, _on_created),
    (DM_EXIT_RE, _on_dm_exit), (RT_CPU_RE, _on_rt_cpu), (RT_EXITS_RE, _on_rt_exits), (LEFT_RE, _on_left),
    (STOPPED_RE, _on_stopped), (GUEST_RE, _on_guest_line), (DONE_RE, _on_done), (POWEROFF_RE, _on_poweroff),
]


def _scan(lines):
    st = Story()
    for i, raw in enumerate(lines):
        if not raw.startswith(PREFIX):
            continue
        ln = raw[len(PREFIX):]
        if FAIL_RE.search(ln):
            st.failures.append(ln)
        for pattern, handler in HANDLERS:
            m = pattern.match(ln)
            if m:
                handler(st, m, i)
    return st


def _judge(st):
    p = st.problems
    if st.image is None:
        p.append('the hypervisor never said it booted (no "hvkit ... image, booted by" line)')
    if st.cpus_online is None or st.cpus_online != st.cpus_total:
        p.append('not every CPU came online')
    if len(st.vms) < 2:
        p.append('expected two VMs, the log shows %d' % len(st.vms))
    for f in st.failures:
        p.append('a line reports a failure: %s' % f)
    for v in st.vms.values():
        if v.role == 'post-launched' and v.runs == 0:
            p.append('the device model never created post-launched vm %s' % v.name)
            continue
        ended_well = v.done is not None and v.done[1] == 0
        if v.role == 'post-launched' and not v.done:
            # a guest that reports no checks ends through its debug-exit port, which its device model sees
            ended_well = bool(v.dm_status) and not any(v.dm_status)
        if v.stopped is None:
            p.append('vm %s never stopped (the run was cut short?)' % v.name)
        elif v.outside is None and not ended_well:
            p.append('vm %s ended without its guest passing its checks: %s' % (v.name, v.stopped))
        if v.rt_cpu is not None and v.rt_exits != 0:
            p.append('real-time vm %s made %s VM exits while it measured, expected 0' % (v.name, v.rt_exits))
        if v.ram_mb is None:
            p.append('vm %s never started' % v.name)
    wild = [v for v in st.vms.values() if v.outside]
    for w in wild:
        runs_on = [o for o in st.vms.values() if o is not w and o.last_output_index is not None
                   and o.last_output_index > w.stop_index and o.done and o.done[1] == 0]
        if not runs_on:
            p.append('no other VM was seen running on after vm %s was stopped' % w.name)
    spans = sorted((v.host_base, v.host_base + (v.ram_mb << 20), v.name) for v in st.vms.values()
                   if v.host_base is not None and v.ram_mb is not None)
    for (a0, a1, an), (b0, b1, bn) in zip(spans, spans[1:]):
        if b0 < a1:
            p.append('the RAM of vm %s and vm %s overlap' % (an, bn))
    if st.poweroff != 0:
        p.append('the hypervisor did not power off with status 0')


def tell(lines):
    """The Story of a run's serial lines (each as printed, 'hvkit: ...')."""
    st = _scan(lines)
    _judge(st)
    return st


def summary(st, elapsed_s=None):
    """The closing summary, one string per line (without the demo's prefix)."""
    out = []
    if st.image:
        out.append('the %s image booted by %s on %s of %s CPUs' % (st.image, st.boot, st.cpus_online,
                                                                  st.cpus_total))
    for name in st.order:
        v = st.vms[name]
        cpus = ', '.join(str(c) for c in v.cpus) or '?'
        where = 'never started'
        if v.identity:
            where = '%d MiB of identity-mapped RAM' % v.ram_mb
        elif v.ram_mb is not None:
            where = '%d MiB of RAM at host 0x%x-0x%x' % (v.ram_mb, v.host_base, v.host_base + (v.ram_mb << 20) - 1)
            if v.role == 'post-launched':
                where += ' (reserved at boot)'
        if v.rt_cpu is not None:
            cpus += ' alone (real-time, LAPIC passed through)'
        how = 'still running when the log ended'
        if v.outside:
            how = 'stopped at its write to guest-physical %s, outside its memory (EPT violation), ' \
                  'before the write landed' % v.outside
        elif v.role == 'post-launched' and v.stopped is not None:
            how = 'created %d time(s) by the Service VM\'s device model%s, destroyed by it' % (
                v.runs, ', its guests passed %d of %d checks' % (v.done[0], sum(v.done)) if v.done else
                ', each run ended through its debug-exit port')
        elif v.done is not None and v.stopped is not None:
            how = 'its guest passed %d of %d checks, then ended itself (%s)' % (v.done[0], sum(v.done), v.stopped)
        elif v.stopped is not None:
            how = 'stopped: %s' % v.stopped
        exits = '%d VM exits' % v.exits if v.exits is not None else 'VM exits unknown'
        what = {'post-launched': 'post-launched, kernel from its device model',
                'service': 'the Service VM, kernel "%s"' % v.kernel}.get(v.role, 'kernel "%s"' % v.kernel)
        out.append('vm %s (%s): CPU %s, %s; %s; %s' % (name, what, cpus, where, exits, how))
    wild = [v for v in st.vms.values() if v.outside]
    if wild and st.ok:
        others = ', '.join(n for n in st.order if not st.vms[n].outside)
        out.append('contained: %s went on printing and finished after vm %s was stopped; each VM stayed in its own '
                   'RAM' % (others, ', '.join(v.name for v in wild)))
    elif st.ok:
        out.append('each VM stayed in its own RAM (no EPT violation)')
    for v in st.vms.values():
        if v.rt_cpu is not None and st.ok:
            out.append('real-time: vm %s made %d VM exits on CPU %d while it measured, with the shared side loaded'
                       % (v.name, v.rt_exits, v.rt_cpu))
    out.append('%d VM exits in all%s' % (st.total_exits(),
                                         ', %.1f s of wall time (Bochs emulating every instruction)' % elapsed_s
                                         if elapsed_s is not None else ''))
    if st.ok:
        out.append('demo passed')
    else:
        out.extend('NOT SHOWN: ' + p for p in st.problems)
    return out
