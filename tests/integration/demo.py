# SPDX-License-Identifier: BSD-3-Clause
"""The case `./hvkit demo` boots (tools/demo/demo.py): partition mode, BIOS -> GRUB -> Multiboot2, 2 CPUs, the
hello guest beside a guest that writes outside its RAM (tests/scenarios/demo.dts). Run by `./hvkit test` too, so the
demo's scenario is proven with every suite run; the demo's closing summary is checked by tools/demo/test_story.py."""

from common import RAM_MB, TEST_CMDLINE, guest, online, passed, scenario

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
         self_stop=True, timeout=120),
]
