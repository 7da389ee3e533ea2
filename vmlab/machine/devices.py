"""Devices reached through IN/OUT ports.

The console is the only device so far.  It is a plain object with no clock of
its own: input waits in a queue (IPEND.CONSOLE is "the queue is not empty"),
output is the list of bytes written.  The VMM gives every guest its own
Console, so the same class serves the bare machine and a virtual one.
"""

from __future__ import annotations

from collections import deque

from ..isa.spec import NO_DATA, PORT_CONSOLE_IN, PORT_CONSOLE_OUT, PORT_CONSOLE_STATUS

CONSOLE_ENCODING = "latin-1"  # one console byte is one character


class ConsoleInputError(ValueError):
    """Text that the console cannot carry (a character outside Latin-1)."""


def encode_console_text(text: str) -> bytes:
    try:
        return text.encode(CONSOLE_ENCODING)
    except UnicodeEncodeError as err:
        bad = text[err.start]
        raise ConsoleInputError(
            f"character {bad!r} (U+{ord(bad):04X}) cannot be typed on the VL32 console: "
            "it carries one byte per character (Latin-1, which covers Catalan)") from None


class Console:
    def __init__(self) -> None:
        self.input: deque[int] = deque()
        self.output = bytearray()

    # -- the host side: what a user or a test does
    def feed(self, data: bytes | str) -> None:
        if isinstance(data, str):
            data = encode_console_text(data)
        self.input.extend(data)

    def text(self) -> str:
        return self.output.decode(CONSOLE_ENCODING)

    @property
    def has_input(self) -> bool:
        return bool(self.input)

    # -- the machine side: ports
    def read(self, port: int) -> int:
        if port == PORT_CONSOLE_IN:
            return self.input.popleft() if self.input else NO_DATA
        if port == PORT_CONSOLE_STATUS:
            return 1 if self.input else 0
        if port == PORT_CONSOLE_OUT:
            return 0
        return NO_DATA

    def write(self, port: int, value: int) -> None:
        if port == PORT_CONSOLE_OUT:
            self.output.append(value & 0xFF)

    # -- state as plain data (snapshots, step back)
    def get_state(self) -> dict:
        return {"input": list(self.input), "output": self.output.hex()}

    def set_state(self, state: dict) -> None:
        self.input = deque(state["input"])
        self.output = bytearray.fromhex(state["output"])
