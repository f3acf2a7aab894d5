#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""./hvkit report: docs/figures.md and its SVG charts from the last measurements, never copied by hand.

    report.py [--build build] [--out docs] [--bench FILE] [--footprint FILE] [--date YYYY-MM-DD] [--commit REV]

Reads BUILD/bench.json (./hvkit bench: the harness's figures and tools/bench/derive.py's 'derived' ones),
BUILD/footprint.json (./hvkit footprint), and when present BUILD/footprint-dm.json and
BUILD/hybrid-latency-histogram.txt. Writes OUT/figures.md and OUT/figures/*.svg. Exit 1 when an input is missing or
not what those commands write (the message names the file and what is wrong).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import svg  # noqa: E402

MODES = ['partition', 'lapic_pt', 'share', 'hybrid']
# ACRN's footprint slide's aims per mode (lines) and ACRN 3.4 as measured, counted the same way (DESIGN.md)
ACRN_AIM = {'share': 28000, 'partition': 15000, 'lapic_pt': 11000, 'hybrid': 29000}
ACRN_34_LINES = 36700
ACRN_34_BIN_BYTES = 363 * 1024

# (figure, what it is); shown in this order, 'not measured' where the last bench run did not print it
KEY_FIGURES = [
    ('partition.cpuid_exit_ticks', 'CPUID VM-exit round trip measured by a guest, median (TSC ticks)'),
    ('peer.kvm.cpuid_exit_ticks', 'the same on KVM, the peer in the same Bochs model (TSC ticks)'),
    ('partition.cpuid_exit_vs_kvm', 'hvkit\'s CPUID round trip over KVM\'s'),
    ('latency.native_ticks', 'timer interrupt latency, native, median (TSC ticks)'),
    ('latency.lapic_pt_ticks', 'timer interrupt latency, lapic_pt, median (TSC ticks)'),
    ('latency.vlapic_apicv_on_ticks', 'timer interrupt latency, vLAPIC with APICv, median (TSC ticks)'),
    ('latency.vlapic_apicv_off_ticks', 'timer interrupt latency, vLAPIC without APICv, median (TSC ticks)'),
    ('peer.kvm.timer_latency_ticks', 'timer interrupt latency on KVM, median (TSC ticks)'),
    ('lapic_pt.latency_ratio', 'lapic_pt latency over native'),
    ('hybrid.rt_latency_ratio_p99', 'hybrid: real-time VM p99 latency under the shared side\'s load over native'),
    ('lapic_pt.exits_per_timer_irq', 'VM exits per timer interrupt, lapic_pt'),
    ('vlapic.exits_per_timer_irq.apicv_on', 'VM exits per timer interrupt, vLAPIC with APICv, xAPIC guest'),
    ('vlapic.exits_per_timer_irq.apicv_on_x2apic', 'VM exits per timer interrupt, APICv, x2APIC guest'),
    ('vlapic.exits_per_timer_irq.apicv_off', 'VM exits per timer interrupt, vLAPIC without APICv'),
    ('linux.boot_ticks', 'Linux (1 vCPU, PVH): first VM entry to /init (TSC ticks)'),
    ('linux.boot_ratio', 'Linux: uptime at /init under hvkit over natively'),
    ('share.bvt_share_error', 'share mode, BVT: largest error of a CPU share against its weight (%)'),
    ('share.vcpu_switch_ticks', 'share mode: one vCPU switch on a CPU, median (TSC ticks)'),
    ('share.ioreq_pio_ticks', 'share mode: port I/O to the device model, round trip (TSC ticks)'),
    ('share.ioreq_beside_cpu_bound_ticks', 'the same beside a CPU-bound VM on the user VM\'s CPU (TSC ticks)'),
    ('share.ioreq_beside_cpu_bound_warp_ticks', 'the same with sched-warp-us (TSC ticks)'),
    ('peer.kvm.pio_exit_ticks', 'KVM: port I/O exit to user space and back (TSC ticks)'),
    ('vlapic_apicv_off.latency_vs_kvm', 'vLAPIC (APICv off) timer latency over KVM\'s'),
    ('partition.exit_breakdown.handler', 'one CPUID round trip: the exit handler (TSC ticks)'),
    ('partition.exit_breakdown.loop_checks', 'one CPUID round trip: the run loop\'s checks (TSC ticks)'),
    ('partition.exit_breakdown.apic_sync', 'one CPUID round trip: APICv sync (TSC ticks)'),
    ('partition.exit_breakdown.event_injection', 'one CPUID round trip: event injection (TSC ticks)'),
    ('partition.exit_breakdown.exit_timers', 'one CPUID round trip: exit timers (TSC ticks)'),
    ('partition.exit_breakdown.entry_guest_exit', 'one CPUID round trip: VM entry, guest, VM exit (TSC ticks)'),
    ('partition.exit_breakdown.exit_info_read', '... of which the exit-information reads (TSC ticks)'),
]
EXITS_PER_IRQ = [
    ('lapic_pt', 'lapic_pt.exits_per_timer_irq'),
    ('vLAPIC, APICv on (xAPIC)', 'vlapic.exits_per_timer_irq.apicv_on'),
    ('vLAPIC, APICv on (x2APIC)', 'vlapic.exits_per_timer_irq.apicv_on_x2apic'),
    ('vLAPIC, APICv off', 'vlapic.exits_per_timer_irq.apicv_off'),
]
# (label, prefix of <prefix>latency_ticks[_min|_p99|_max])
LATENCY = [
    ('native (no hypervisor)', 'latency.native_'),
    ('lapic_pt', 'lapic_pt.'),
    ('vLAPIC, APICv on', 'vlapic_apicv_on.'),
    ('vLAPIC, APICv off', 'vlapic_apicv_off.'),
    ('KVM peer (APICv off)', 'peer.kvm.timer_'),
    ('hybrid RT VM under load', 'hybrid.load.'),
]


class InputError(Exception):
    pass


def read_json(path, what, need):
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except FileNotFoundError:
        raise InputError('%s: missing (%s writes it)' % (path, what))
    except (OSError, ValueError) as err:
        raise InputError('%s: not readable JSON: %s' % (path, err))
    if not isinstance(data, dict) or need not in data:
        raise InputError('%s: no "%s" key: not what %s writes' % (path, need, what))
    return data


def figures(bench):
    flat = {}
    for r in bench.get('results', []):
        flat.update(r.get('figures') or {})
    flat.update(bench.get('derived') or {})
    return flat


def latency_row(fig, prefix):
    base = prefix + 'latency_ticks'
    row = {'median': fig.get(base), 'min': fig.get(base + '_min'), 'p99': fig.get(base + '_p99'),
           'max': fig.get(base + '_max')}
    if prefix == 'latency.native_':   # derive.py names the native median latency.native_ticks
        row['median'] = fig.get('latency.native_ticks')
    return {k: v for k, v in row.items() if v is not None}


def read_histogram(path):
    """build/hybrid-latency-histogram.txt (tools/bench/derive.py): 'le_N native hybrid' rows, or None."""
    if not os.path.exists(path):
        return None
    rows = []
    with open(path, encoding='utf-8') as f:
        for ln in f:
            parts = ln.split('#')[0].split()
            if len(parts) == 3:
                rows.append(tuple(int(p) for p in parts))
            elif parts:
                raise InputError('%s: expected "le_N native hybrid" rows, got %r' % (path, ln.strip()))
    return rows or None


def num(v):
    if v is None:
        return 'not measured'
    if isinstance(v, float):
        return '{:,.3f}'.format(v).rstrip('0').rstrip('.')
    return '{:,}'.format(v)


def table(header, rows):
    out = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    out += ['| ' + ' | '.join(str(c) for c in r) + ' |' for r in rows]
    return out


def commit_of(root):
    try:
        rev = subprocess.run(['git', '-C', root, 'describe', '--always', '--dirty', '--abbrev=12'],
                             capture_output=True, text=True, timeout=20).stdout.strip()
    except OSError:
        rev = ''
    return rev or 'unknown'


def provenance(data, path, commit=None):
    """'commit X, written DATE': the commit the file records (the harness writes it), else the one given, else
    this tree's."""
    rev = data.get('commit') or commit or commit_of(REPO)
    return 'commit `%s`, written %s' % (rev, data.get('finished_utc') or mtime_date(path))


def mtime_date(path):
    return datetime.datetime.fromtimestamp(os.path.getmtime(path), datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def make(args):
    bench_path = args.bench or os.path.join(args.build, 'bench.json')
    fp_path = args.footprint or os.path.join(args.build, 'footprint.json')
    bench = read_json(bench_path, './hvkit bench', 'results')
    fp = read_json(fp_path, './hvkit footprint', 'modes')
    dm_path = os.path.join(os.path.dirname(fp_path), 'footprint-dm.json')
    dm = read_json(dm_path, './hvkit footprint', 'loc') if os.path.exists(dm_path) else None
    hist = read_histogram(os.path.join(os.path.dirname(bench_path), 'hybrid-latency-histogram.txt'))
    fig = figures(bench)
    modes = [m for m in MODES if m in fp['modes']]
    for m in modes:
        for k in ('loc', 'text', 'data', 'bss'):
            if not isinstance(fp['modes'][m].get(k), int):
                raise InputError('%s: mode %s has no integer "%s"' % (fp_path, m, k))
    charts = os.path.join(args.out, 'figures')

    write(os.path.join(charts, 'footprint-lines.svg'), svg.bars(
        'Lines of code compiled into each image, beside ACRN',
        [(m, [fp['modes'][m]['loc'], ACRN_AIM.get(m), ACRN_34_LINES]) for m in modes],
        ['hvkit (this commit)', 'ACRN\'s published aim', 'ACRN 3.4, measured'], 'lines'))
    write(os.path.join(charts, 'footprint-bytes.svg'), svg.bars(
        'text + data of each image, beside ACRN 3.4 (acrn.bin)',
        [(m, [fp['modes'][m]['text'] + fp['modes'][m]['data'], ACRN_34_BIN_BYTES]) for m in modes],
        ['hvkit (this commit)', 'ACRN 3.4, measured'], 'bytes'))
    write(os.path.join(charts, 'exits-per-irq.svg'), svg.bars(
        'VM exits per timer interrupt', [(label, [fig.get(k)]) for label, k in EXITS_PER_IRQ],
        ['VM exits per interrupt'], '', fmt='{:.3f}'))
    lat_rows = [(label, latency_row(fig, p)) for label, p in LATENCY]
    lat_rows = [(label, r) for label, r in lat_rows if r]
    write(os.path.join(charts, 'latency.svg'), svg.ranges(
        'Timer interrupt latency: expiry to the handler\'s first instruction', lat_rows, 'TSC ticks'))
    if hist:
        write(os.path.join(charts, 'hybrid-histogram.svg'), svg.bars(
            'Hybrid: real-time VM latency under load vs native (samples per bucket)',
            [('<= %d ticks' % b, [n, h]) for b, n, h in hist], ['native, 2 CPUs', 'hybrid RT VM under load'],
            'samples'))

    md = ['<!-- SPDX-License-Identifier: BSD-3-Clause -->',
          '<!-- Written by ./hvkit report (tools/report/report.py): do not edit by hand; run it again. -->',
          '# hvkit figures', '',
          'Generated %s from `%s` (%s) and `%s` (%s).' % (
              args.date or datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
              os.path.basename(bench_path), provenance(bench, bench_path, args.commit),
              os.path.basename(fp_path), provenance(fp, fp_path, args.commit)),
          ] + (['', 'Note on this run: %s.' % bench['note'].rstrip('.'), ''] if bench.get('note') else []) + [
          'Bochs counts one TSC tick per emulated instruction, so tick figures repeat from run to run. '
          'How each figure is measured: README.md ("Figures", "Footprint").', '',
          '## Footprint', '', '![lines per image](figures/footprint-lines.svg)', '']
    md += table(['image', 'lines', 'text', 'data', 'text+data', 'bss', 'ACRN aim', 'ACRN 3.4'],
                [(m, num(fp['modes'][m]['loc']), num(fp['modes'][m]['text']), num(fp['modes'][m]['data']),
                  num(fp['modes'][m]['text'] + fp['modes'][m]['data']), num(fp['modes'][m]['bss']),
                  num(ACRN_AIM.get(m)), '36.7k lines, acrn.bin 363 KB') for m in modes])
    if dm:
        md += ['', 'hvkit-dm (share mode\'s device model, user space): %s lines.' % num(dm['loc'])]
    md += ['', '![bytes per image](figures/footprint-bytes.svg)', '',
           '## VM exits per interrupt', '', '![VM exits per timer interrupt](figures/exits-per-irq.svg)', '']
    md += table(['configuration', 'VM exits per timer interrupt', 'figure'],
                [(label, num(fig.get(k)), '`%s`' % k) for label, k in EXITS_PER_IRQ])
    md += ['', '## Interrupt latency', '', '![latency distributions](figures/latency.svg)', '']
    md += table(['configuration', 'min', 'median', 'p99', 'max'],
                [(label, num(r.get('min')), num(r.get('median')), num(r.get('p99')), num(r.get('max')))
                 for label, r in lat_rows])
    md += ['', '## Hybrid mode latency histogram', '']
    if hist:
        md += ['![hybrid histogram](figures/hybrid-histogram.svg)', '']
        md += table(['bucket (TSC ticks)', 'native, 2 CPUs', 'hybrid RT VM under load'],
                    [('<= %d' % b, num(n), num(h)) for b, n, h in hist])
    else:
        md += ['Not measured in this run (no `hybrid-latency-histogram.txt` beside the bench figures).']
    md += ['', '## Key figures', '']
    md += table(['figure', 'value', 'what'], [('`%s`' % k, num(fig.get(k)), what) for k, what in KEY_FIGURES])
    every = {k: v for k, v in fig.items() if not k.endswith('_tsc')}   # TSC stamps are not figures
    md += ['', '## Every figure of the run', '']
    md += table(['figure', 'value'], [('`%s`' % k, num(v)) for k, v in sorted(every.items())])
    md += ['', '## Bench cases of the run', '']
    md += table(['case', 'status', 'wall time (s)'],
                [(r.get('name'), r.get('status'), r.get('elapsed_s')) for r in bench.get('results', [])])
    write(os.path.join(args.out, 'figures.md'), '\n'.join(md) + '\n')
    return os.path.join(args.out, 'figures.md')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--build', default=os.path.join(REPO, 'build'))
    ap.add_argument('--out', default=os.path.join(REPO, 'docs'))
    ap.add_argument('--bench')
    ap.add_argument('--footprint')
    ap.add_argument('--date', help='the date to print (default: now)')
    ap.add_argument('--commit', help='the commit to print (default: git describe of this tree)')
    args = ap.parse_args(argv)
    try:
        out = make(args)
    except InputError as err:
        print('report: ' + str(err), file=sys.stderr)
        return 1
    print('report: wrote %s and %s' % (out, os.path.join(args.out, 'figures', '*.svg')))
    return 0


if __name__ == '__main__':
    sys.exit(main())
