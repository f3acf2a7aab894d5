"""Shared pieces of the integration cases (imported by the case files; not a case file itself)."""

# Lines that must never appear on the serial port of a healthy boot. A match also ends the run early.
FORBID = [r'PANIC', r'EXCEPTION', r'\bFAIL\b', r'[Tt]riple fault']


def online(n):
    """Every one of n CPUs came online and did VMXON."""
    return [
        (r'hvkit: cpu \d+ online', n),
        r'hvkit: boot complete: %d/%d CPUs online, VMX on %d\b' % (n, n, n),
    ]
