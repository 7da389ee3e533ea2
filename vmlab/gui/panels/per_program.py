"""One listing per assembled program, built once: the code view's side panes (bytecode,
Toy8) ask for theirs at every refresh, and building one reads the whole program."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_KEPT = 32          # programs remembered (a window opens a few)


def per_program(build: Callable[[object], T | None]) -> Callable[[object], T | None]:
    """build(program) for each program object once (None for no program).  Keyed by the
    object itself (its id, checked against the object kept), so an equal program loaded
    again is listed again."""
    cache: dict[int, tuple[object, T | None]] = {}

    def listing_of(program) -> T | None:
        if program is None:
            return None
        cached = cache.get(id(program))
        if cached is not None and cached[0] is program:
            return cached[1]
        value = build(program)
        if len(cache) > MAX_KEPT:
            cache.clear()
        cache[id(program)] = (program, value)
        return value

    listing_of.__doc__ = build.__doc__
    return listing_of
