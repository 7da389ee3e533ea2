"""One running scenario: machine + VMM + guests + history (time travel)."""

from .session import NEXT_TRAP, GuestView, Session

__all__ = ["NEXT_TRAP", "GuestView", "Session"]
