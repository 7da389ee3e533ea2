"""One running scenario: an engine (the bare machine or a VMM), history (time travel), events.

Panels and lessons read a Session through its read model (the views here and
the event cursor); see session.py.
"""

from .feed import Cursor, EventFeed, is_trap_event, restarted
from .session import NEXT_TRAP, GuestCommand, LifecycleError, Session, UserAction
from .views import Activity, Counters, CpuView, GuestCounters, GuestView, MemoryMap

__all__ = ["NEXT_TRAP", "Activity", "Counters", "CpuView", "Cursor", "EventFeed",
           "GuestCommand", "GuestCounters", "GuestView", "LifecycleError", "MemoryMap",
           "Session", "UserAction", "is_trap_event", "restarted"]
