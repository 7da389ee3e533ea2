"""`vmlab snapshot`: run a scenario to a cycle and save one guest to a snapshot file.

The guest is paused there (at the VMM's next decision point, if it is on the
CPU), saved with its memory (and its disk) beside the manifest, and the
command says what it wrote.  `vmlab run --scenario S --restore FILE` runs the
scenario with that guest resumed from the file instead of booted.
"""

from __future__ import annotations

import json

from ..inputs import InputError, shorten
from ..scenario import ScenarioError, load_scenario
from ..session import LifecycleError, Session
from ..vmm.snapshot_file import MANIFEST_SUFFIX
from .errors import UserError, message_language, report_input_error
from .terminal import echo

NO_CHECKPOINTS = 1 << 60
PAUSE_WITHIN = 1_000_000      # cycles to wait for the pause of a guest on the CPU


def run(args) -> int:
    if not args.out.endswith(MANIFEST_SUFFIX):
        raise UserError(f"snapshot --out {shorten(args.out)}: a snapshot's manifest is named "
                        f"NAME{MANIFEST_SUFFIX} (its memory goes beside it, NAME.mem)")
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as err:
        raise UserError(err.render(message_language())) from None
    names = [g.name for g in scenario.guests]
    if args.guest not in names:
        raise UserError(f"snapshot --guest {shorten(args.guest)}: the guests of "
                        f"{scenario.name} are {', '.join(names)}")
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    session.run(until_cycle=args.at)
    if session.cycle < args.at:
        raise UserError(f"snapshot --at {args.at:,}: {scenario.name} stopped at cycle "
                        f"{session.cycle:,} ({session.halted or 'its limit'}), before that")
    try:
        if session.guest(args.guest).state != "paused":
            session.pause_guest(args.guest)
            session.run_until(lambda s: s.guest(args.guest).state == "paused", PAUSE_WITHIN)
        sizes = session.snapshot_guest(args.guest, args.out, base=args.base)
    except LifecycleError as err:
        raise UserError(f"snapshot: {err}") from None
    except InputError as err:
        return report_input_error(err)
    if args.json:
        print(json.dumps({"guest": args.guest, "cycle": session.cycle, **sizes}))
        return 0
    kind = "diff snapshot" if args.base else "snapshot"
    echo(f"{args.guest} paused at cycle {session.cycle:,}; {kind} written to {args.out}: "
         f"{sizes['blocks']:,} of {sizes['total_blocks']:,} blocks of memory "
         f"({sizes['memory']:,} bytes), {sizes['touched']:,} blocks changed since it booted")
    return 0
