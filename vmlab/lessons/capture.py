"""Values captured at one step and used by later ones (a step's `capture` table).

    [[step]]
    id = "before"
    actions = [ { do = "run-until", vm_exit = { guest = "beta" } } ]
    capture = { start = "cycles()", exits_then = "exits('beta')" }

    [[step]]
    actions = [ { do = "run-until", halt = true } ]
    [step.question]
    kind = "number"
    compute = "cycles() - start"

The loader turns the table into one internal action, appended to the step's
own actions: so the values are taken at the moment the step describes (its
actions played), and a lesson rebuilt from cycle 0 (Back, a jump, a student
resuming) takes them again on the way, the same values, as the run is
deterministic.  They are kept in the student's progress too (`captured`).
"""

from __future__ import annotations

from .expr import ExprError, evaluate
from .model import Action

CAPTURE = "capture"     # the action kind (not one an author writes with `do`)


def capture_action(step_id: str, values: dict) -> Action:
    """The action that captures values: {name: (expression node, expression text)}."""
    return Action(CAPTURE, {"step": step_id, "values": dict(values)})


def capture(engine, args: dict) -> list[str]:
    """Evaluate the values on the engine's simulation now and keep them in its progress.

    Returns notes for those that cannot be computed (they are left out: an
    expression that uses one says no value was captured).
    """
    notes = []
    for name, (node, text) in args["values"].items():
        try:
            value = evaluate(node, engine.functions())
        except ExprError as err:
            engine.progress.captured.pop(name, None)
            notes.append(f"capture {name} = {text!r} at step {args['step']!r}: {err}")
        else:
            engine.progress.captured[name] = value
    engine.save()
    return notes
