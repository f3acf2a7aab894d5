#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Name and derive the benchmark figures the project reports, from what the runs printed.

usage: derive.py BENCH_JSON NATIVE_LOG [NATIVE_2CPU_LOG]
  BENCH_JSON       the harness's figures (build/bench.json)
  NATIVE_LOG       serial log of the latency guest run natively in Bochs (tests/guests/run_native.sh), 1 CPU
  NATIVE_2CPU_LOG  the same guest natively on 2 CPUs with hist=1: hybrid mode's baseline (its case runs 2 CPUs)
Prints one 'name: value' line per reported figure, and stores them in BENCH_JSON under "derived". With the
hybrid figures, writes the two latency histograms side by side to hybrid-latency-histogram.txt next to
BENCH_JSON.
"""
import json
import os
import re
import sys


def load(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def figures_of(data):
    """Every figure of every case the harness ran ({"results": [{"figures": {...}}, ...]})."""
    flat = {}
    for result in data.get('results', []):
        flat.update(result.get('figures') or {})
    return flat


def native_figures(path):
    """'BENCH NAME: N' lines of a native run's serial log."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            return {m.group(1): int(m.group(2)) for m in re.finditer(r'BENCH ([\w.]+): (\d+)', f.read())}
    except OSError:
        return {}


HIST = re.compile(r'latency_hist_le_(\d+)$')


def hybrid(fig, native, out, folder):
    """Hybrid mode: the real-time VM's latency under the shared side's load (bench-hybrid-rt-latency-under-load)
    against the same guest natively on the same 2-CPU machine; the VM exits it made while it measured, provided
    its samples fell inside the load's span (else the figures are not reported: they would not be 'under load')."""
    p = 'hybrid.load.'
    if p + 'latency_ticks_p99' not in fig:
        return
    start, end = fig.get(p + 'run_start_tsc'), fig.get(p + 'run_end_tsc')
    l0, l1 = fig.get('hybrid.load_start_tsc'), fig.get('hybrid.load_end_tsc')
    if None in (start, end, l0, l1) or not l0 <= start < end <= l1:
        print('hybrid: the real-time VM measured over TSC %s-%s, the load ran over %s-%s: not inside it, no '
              'hybrid figures' % (start, end, l0, l1))
        return
    for k, src in (('median', 'latency_ticks'), ('p99', 'latency_ticks_p99'), ('max', 'latency_ticks_max')):
        out['hybrid.rt_latency_%s_ticks' % k] = fig[p + src]
        if src in native:
            out['hybrid.native_latency_%s_ticks' % k] = native[src]
    out['hybrid.rt_exits_during_load'] = fig.get(p + 'exits_during_run')
    nat = native.get('latency_ticks_p99')
    if nat is not None:
        load = fig[p + 'latency_ticks_p99']
        # Both 0 (Bochs with 2 CPUs: the handler's RDTSC reads the deadline's own tick) is equality: 1.0.
        out['hybrid.rt_latency_ratio_p99'] = 1.0 if load == nat else (round(load / nat, 3) if nat else None)
    buckets = sorted({int(m.group(1)) for k in list(fig) + list(native) for m in [HIST.search(k)] if m})
    if buckets:
        path = folder + '/hybrid-latency-histogram.txt'
        with open(path, 'w', encoding='utf-8') as f:
            f.write('# timer latency (TSC ticks from the deadline to the handler\'s first instruction), 1000 samples each\n')
            f.write('# bucket: samples <= N and above the bucket below (0, 1, 3, 7, ...)\n')
            f.write('# le_N  native_2cpu  hybrid_rt_under_load\n')
            for b in buckets:
                f.write('%d %d %d\n' % (b, native.get('latency_hist_le_%d' % b, 0),
                                         fig.get(p + 'latency_hist_le_%d' % b, 0)))
        print('hybrid: histogram written to %s' % path)


def main():
    bench_json, native_log = sys.argv[1:3]
    native_2cpu = native_figures(sys.argv[3]) if len(sys.argv) > 3 else {}
    data = load(bench_json)
    data.pop('latency.native_ticks', None)
    fig = figures_of(data)
    try:
        with open(native_log, encoding='utf-8', errors='replace') as f:
            m = re.search(r'BENCH latency_ticks: (\d+)', f.read())
        if m:
            fig['latency.native_ticks'] = int(m.group(1))
    except OSError:
        pass
    # The guests print their raw names with the configuration as a prefix; the reports use these names.
    alias = {
        'latency.lapic_pt_ticks': 'lapic_pt.latency_ticks',
        'latency.vlapic_apicv_on_ticks': 'vlapic_apicv_on.latency_ticks',
        'latency.vlapic_apicv_off_ticks': 'vlapic_apicv_off.latency_ticks',
    }
    per_thousand = {
        'lapic_pt.exits_per_timer_irq': 'lapic_pt.exits_per_1000_timer_irqs',
        'vlapic.exits_per_timer_irq.apicv_on': 'vlapic_apicv_on.exits_per_1000_timer_irqs',
        'vlapic.exits_per_timer_irq.apicv_off': 'vlapic_apicv_off.exits_per_1000_timer_irqs',
        'vlapic.exits_per_timer_irq.apicv_on_x2apic': 'vlapic_apicv_on_x2apic.exits_per_1000_timer_irqs',
    }
    out = {name: fig[src] for name, src in alias.items() if src in fig}
    out.update({name: fig[src] / 1000 for name, src in per_thousand.items() if src in fig})
    if 'latency.native_ticks' in fig:
        out['latency.native_ticks'] = fig['latency.native_ticks']
    # Linux in a partition VM: TSC ticks from the VM's first VM entry (logged by the hypervisor) to /init (RDTSC in
    # the guest; guests read the host's TSC, no offsetting). Both from the same run: the native Linux baselines
    # (linux_native.py) print a linux.init_tsc of their own.
    for result in data.get('results', []):
        f = result.get('figures') or {}
        if 'linux.init_tsc' in f and 'vm.linux.first_entry_tsc' in f:
            out['linux.boot_ticks'] = f['linux.init_tsc'] - f['vm.linux.first_entry_tsc']
    # Linux under hvkit over Linux natively, over the same span: the kernel's own uptime when /init starts (the
    # kernel's clock starts in the decompressed kernel, so the bzImage decompressor of the native boot and the
    # PVH loader of the hvkit one are both outside it). The same kernel, initramfs and arguments; 1 CPU each.
    hv_up = native_up = None
    for result in data.get('results', []):
        f = result.get('figures') or {}
        if 'linux.init_uptime_s' not in f:
            continue
        if 'vm.linux.first_entry_tsc' in f:
            hv_up = f['linux.init_uptime_s']
        elif result.get('name', '').endswith('native-1cpu'):
            native_up = f['linux.init_uptime_s']
    if hv_up and native_up:
        out['linux.init_uptime_s'] = hv_up
        out['linux.native_init_uptime_s'] = native_up
        out['linux.boot_ratio'] = round(hv_up / native_up, 3)
    # The KVM peer (bench_kvm_peer.py): the same measurements under KVM in the same Bochs model, and hvkit's over
    # KVM's (below 1: hvkit's path is shorter).
    for name in ('peer.kvm.cpuid_exit_ticks', 'peer.kvm.pio_exit_ticks', 'peer.kvm.timer_latency_ticks'):
        if name in fig:
            out[name] = fig[name]
    if fig.get('peer.kvm.cpuid_exit_ticks') and 'partition.cpuid_exit_ticks' in fig:
        out['partition.cpuid_exit_vs_kvm'] = round(fig['partition.cpuid_exit_ticks'] /
                                                   fig['peer.kvm.cpuid_exit_ticks'], 3)
    # hvkit's virtual LAPIC against KVM's in-kernel LAPIC: timer deadline to the handler, same method. APICv off on
    # both sides: kvm_intel turns APICv off on Bochs's skylake_x model (the peer's /init prints enable_apicv=N).
    if fig.get('peer.kvm.timer_latency_ticks') and 'vlapic_apicv_off.latency_ticks' in fig:
        out['vlapic_apicv_off.latency_vs_kvm'] = round(fig['vlapic_apicv_off.latency_ticks'] /
                                                       fig['peer.kvm.timer_latency_ticks'], 3)
    # Share mode with the service guest (bench-share-svc-bvt): reported as printed.
    for name in ('share.bvt_share_error', 'share.vcpu_switch_ticks', 'share.ioreq_pio_ticks',
                 'share.ioreq_beside_cpu_bound_ticks', 'share.ioreq_beside_cpu_bound_warp_ticks'):
        if name in fig:
            out[name] = fig[name]
    hybrid(fig, native_2cpu, out, os.path.dirname(os.path.abspath(bench_json)))
    # Linux as a post-launched VM with virtio-blk (bench-share-linux-user-vm): reported as printed.
    for name in ('dm.virtio_blk_read_mib_per_gtick', 'dm.virtio_blk_read_mib_per_gtick.seq_4k',
                 'dm.virtio_blk_read_mib_per_gtick.seq_1m', 'dm.virtio_blk_iops_4k', 'dm.linux_user_vm_boot_ticks',
                 'dm.linux_user_vm_boot_ticks.bzimage'):
        if name in fig:
            out[name] = fig[name]
    native, pt = out.get('latency.native_ticks'), out.get('latency.lapic_pt_ticks')
    if native and pt is not None:
        out['lapic_pt.latency_ratio'] = round(pt / native, 3)
    for name in sorted(out):
        print('%s: %s' % (name, out[name]))
    data['derived'] = out
    with open(bench_json, 'w', encoding='utf-8') as f:
        json.dump(data, f, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
