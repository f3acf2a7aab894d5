# SPDX-License-Identifier: BSD-3-Clause
"""The case `./hvkit demo` boots (tools/demo/demo.py): partition mode, BIOS -> GRUB -> Multiboot2, 2 CPUs, the
hello guest beside a guest that writes outside its RAM (tests/scenarios/demo.dts). Run by `./hvkit test` too, so the
demo's scenario and its closing summary (tools/demo/story.py, checked on this run's own log through `verify`) are
proven with every suite run; tools/demo/test_story.py checks the summary against a saved log and broken ones.
`./hvkit demo share` and `./hvkit demo hybrid` boot share-default-scenario (share.py) and hybrid-default-scenario
(hybrid.py), which check the same summary."""

from common import RAM_MB, TEST_CMDLINE, guest, online, passed, scenario, summary_holds

DEMO_CASE = 'demo-partition-hello-beside-wild-write-2cpu'

CASES = [
    dict(name=DEMO_CASE, boot='bios-grub', mode='partition', cpus=2, ram_mb=RAM_MB,
         cmdline=TEST_CMDLINE,
         modules=[guest('hello'), guest('wild_write'), scenario('demo')],
         expect=online(2) + passed('hello', 'hello', 1) +
         [r'\[wild\] wild_write: writing outside my RAM',
          r'vm wild: stopped: vcpu 0: write at guest-physical 0x40000000 outside its memory',
          r'partition mode: every VM has stopped'],
         forbid=[r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'still running after a write'],
         verify=summary_holds, self_stop=True, timeout=120),
]
