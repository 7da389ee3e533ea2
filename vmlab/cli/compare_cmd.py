"""`vmlab compare`: one guest kernel under native and each technique, side by side.

The figures and what each one means are vmlab.compare's; this module only
prints them: aligned text tables (the native row first) or one JSON object.
"""

from __future__ import annotations

import json

from ..compare import Comparison, Row
from .terminal import terminal_text

DASH = "—"


def run(args) -> int:
    names = None
    if args.techniques is not None:
        names = [n for n in args.techniques.split(",")]
    comparison = Comparison(args.guest, names, max_cycles=args.max_cycles)
    comparison.run()
    if args.json:
        print(json.dumps(comparison.to_dict()))
        return 0
    print(terminal_text(render_text(comparison)))
    return 0


# ---------------------------------------------------------------------- text
def _int(value) -> str:
    return DASH if value is None else f"{value:,}"


def _float(value, suffix: str = "") -> str:
    if value is None:
        return DASH
    return ("0" if value == 0 else f"{value:,.1f}") + suffix


def _equivalent(row: Row) -> str:
    if row.native:
        return "reference" if row.equivalent else "no (did not finish)"
    if row.equivalent is None:
        return f"{DASH} (another kernel)" if row.paravirtual else DASH
    if row.equivalent:
        return "yes"
    if row.stopped == "cycle-limit":
        return "no (did not finish)"
    differ = [k.replace("_", " ") for k, v in row.equivalence.items() if v is False]
    return f"no ({', '.join(differ)})" if differ else "no"


def _translation(row: Row) -> str:
    work = row.translation
    if not work:
        return DASH
    blocks, scanned = work.get("blocks"), work.get("instructions")
    if blocks is None and scanned is None:
        return ", ".join(f"{k} {_int(v)}" for k, v in work.items() if isinstance(v, int))
    return f"{_int(blocks)} / {_int(scanned)}"


def _cache(row: Row) -> str:
    cache = row.translation_cache
    if not cache:
        return DASH
    return f"{_int(cache.get('hits'))} / {_int(cache.get('misses'))}"


def table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """Aligned columns: text left, numbers (the columns in `right`) right.

    A row of two cells (a name and a remark, such as "not applicable: …") runs
    across the columns after the first without widening them.
    """
    full = [r for r in rows if len(r) == len(headers)]
    widths = [max(len(r[i]) for r in [headers] + full) for i in range(len(headers))]
    widths[0] = max([widths[0]] + [len(r[0]) for r in rows])

    def line(cells: list[str]) -> str:
        out = [c.rjust(w) if i in right else c.ljust(w)
               for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(out).rstrip()
    return [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]


def render_text(comparison: Comparison) -> str:
    rows = comparison.rows
    ran = [r for r in rows if r.applicable]
    out = [f"Guest {comparison.guest.name}: alone under native and "
           f"{len(rows) - 1} technique{'s' if len(rows) != 2 else ''}, each run to HALT "
           f"(at most {comparison.max_cycles:,} cycles)", ""]
    body = []
    for r in rows:
        if not r.applicable:
            body.append([r.technique, r.reason or "not applicable"])
            continue
        stopped = "" if r.finished else f" ({r.stopped})"
        body.append([r.technique, (r.kernel or "") + stopped, _int(r.host_cycles),
                     _int(r.guest_cycles), _int(r.vmm_cycles), _float(r.overhead_percent, " %"),
                     _equivalent(r)])
    out += table(["technique", "kernel", "host cycles", "guest cycles", "VMM cycles",
                  "overhead", "equivalent"], body, {2, 3, 4, 5})
    out.append("")
    body = [[r.technique, _int(r.exits), _int(r.syscalls), _float(r.vmm_cycles_per_syscall),
             _int(r.context_switches), _float(r.vmm_cycles_per_switch), _int(r.hypercalls),
             _translation(r), _cache(r)] for r in ran]
    out += table(["technique", "VM exits", "syscalls", "VMM cycles/syscall", "context switches",
                  "VMM cycles/switch", "hypercalls", "translated blocks / instr.",
                  "cache hits / misses"], body, {1, 2, 3, 4, 5, 6, 7, 8})
    causes = sorted({c for r in ran for c in r.exits_by_cause})
    if causes:
        out += ["", "VM exits by cause"]
        body = [[r.technique] + [_int(r.exits_by_cause.get(c, 0)) if not r.native else DASH
                                 for c in causes] + [_int(r.exits)] for r in ran]
        out += table(["technique"] + causes + ["all"], body, set(range(1, len(causes) + 2)))
    out += ["", "host cycles = guest's own + VMM (+ idle); overhead against native host cycles;",
            "VMM cycles/syscall: VMM work for system calls (the SYSCALL's exit, the kernel's "
            "exits and callouts while serving one);",
            "VMM cycles/switch: VMM work writing BASE/BOUND; context switches = BASE writes by "
            "the guest kernel;",
            "see docs/isa.md, 'Command line details'."]
    return "\n".join(out)
