"""When a guest was paused or powered off, for the timeline (timeline.py).

A paused guest takes no CPU, so its lanes simply stay empty; the timeline also
shades the span over both its lanes, labelled with the state, so an empty
lane reads as "paused" rather than "waiting for its turn".  The spans are
built from the session's GuestStateChange events as the timeline reads them.
"""

from __future__ import annotations

from ...observe.events import GuestStateChange
from ...observe.vocabulary import GuestState

SPAN_STATES = (GuestState.PAUSED.value, GuestState.POWERED_OFF.value)


class LifecycleSpans:
    """Per guest, [start, end or None while it lasts, state] in time order."""

    def __init__(self) -> None:
        self.spans: dict[str, list[list]] = {}

    def add(self, event) -> None:
        if not isinstance(event, GuestStateChange):
            return
        spans = self.spans.setdefault(event.guest, [])
        if spans and spans[-1][1] is None and spans[-1][2] == event.old:
            spans[-1][1] = event.cycle
        if event.new in SPAN_STATES:
            spans.append([event.cycle, None, event.new])

    def of(self, guest: str, now: int) -> list[tuple[int, int, str]]:
        """The guest's spans up to `now` (one still lasting ends there)."""
        return [(start, now if end is None else end, state)
                for start, end, state in self.spans.get(guest, ()) if start <= now]
