"""`vmlab trace`: run a scenario and stream its events to a file."""

from __future__ import annotations

import csv
import json

from ..scenario import ScenarioError, load_scenario
from ..session import Session
from .errors import UserError

CSV_COLUMNS = ["seq", "cycle", "kind", "guest", "pc", "cause", "instruction", "action", "cost",
               "text", "details"]
SLICE = 100_000


def _csv_row(event: dict) -> dict:
    row = {k: event.get(k, "") for k in CSV_COLUMNS if k != "details"}
    rest = {k: v for k, v in event.items() if k not in row}
    row["details"] = json.dumps(rest, sort_keys=True) if rest else ""
    return row


def run(args) -> int:
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as err:
        raise UserError(str(err)) from None
    fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "jsonl")
    session = Session(scenario, checkpoint_interval=1 << 60)
    limit = args.max_cycles or scenario.max_cycles
    try:
        out = open(args.out, "w", encoding="utf-8", newline="")
    except OSError as err:
        raise UserError(f"cannot write {args.out}: {err.strerror}") from None
    count, seq = 0, 0
    with out:
        writer = csv.DictWriter(out, CSV_COLUMNS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        stop = session.cycle + limit
        while True:
            reason = session.run(until_cycle=min(stop, session.cycle + SLICE))
            for event in session.log.since(seq):
                data = event.to_dict()
                if writer:
                    writer.writerow(_csv_row(data))
                else:
                    out.write(json.dumps(data, sort_keys=True) + "\n")
                count += 1
            seq = session.log.seq
            if reason != "cycle-limit" or session.cycle >= stop:
                break
    print(f"wrote {count:,} events ({fmt}) to {args.out}; stopped: {reason} at cycle "
          f"{session.cycle:,}")
    return 0
