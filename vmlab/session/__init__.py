"""One running scenario: machine + VMM + guests + history (time travel)."""

from .feed import Cursor, EventFeed, is_trap_event, restarted
from .session import NEXT_TRAP, Activity, GuestView, Session

__all__ = ["NEXT_TRAP", "Activity", "Cursor", "EventFeed", "GuestView", "Session",
           "is_trap_event", "restarted"]
