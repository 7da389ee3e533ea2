"""One running scenario: machine + VMM + guests + history (time travel)."""

from .session import NEXT_TRAP, Activity, GuestView, Session

__all__ = ["NEXT_TRAP", "Activity", "GuestView", "Session"]
