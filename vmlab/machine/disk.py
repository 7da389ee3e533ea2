"""The block disk on ports 0x20-0x23 (docs/isa.md, section 14).

A Disk is the device's registers and its words; it has no clock of its own.
As the timer, a transfer is kept as a *deadline*: the cycle count at which it
ends (``done_at``).  While ``cycles < done_at`` the disk is BUSY; from
``done_at`` on it is DONE and IPEND.DISK is set, until the program
acknowledges it (command ACK).  ``NEVER``: no transfer under way or done.

The block moves between the disk and memory when the command is accepted
(the controller latches it at once); the program learns that it is finished
only DISK_TRANSFER_CYCLES later, and must not use the buffer before (docs:
a simplification, as real DMA leaves the buffer undefined meanwhile).

Memory is reached through a *bus*: a window of the machine's memory (the
whole of it on the bare machine; a guest's partition under the VMM, so a
guest's disk moves words only inside that guest).  Addresses are physical
(guest-physical under the VMM): IN and OUT are privileged, so only a kernel
gives them.

A bad command, block or address never raises: it is refused, nothing moves,
no interrupt comes, and the status says why (its error code).
"""

from __future__ import annotations

import struct
import zlib

from ..isa.spec import (DISK_BLOCK_WORDS, DISK_BUSY, DISK_CMD_ACK, DISK_CMD_READ,
                        DISK_CMD_WRITE, DISK_DONE, DISK_ERR_ADDRESS, DISK_ERR_BLOCK,
                        DISK_ERR_BUSY, DISK_ERR_COMMAND, DISK_ERROR_SHIFT, DISK_MAX_BLOCKS,
                        DISK_TRANSFER_CYCLES, MASK, NO_DATA, PORT_DISK_ADDR, PORT_DISK_BLOCK,
                        PORT_DISK_CMD, PORT_DISK_SIZE)
from .state import NEVER


def words_crc32(words) -> int:
    """CRC-32 (zlib's) of the words as 4 bytes each, most significant first: the checksum
    a disk-image file carries (docs/disk-images.md)."""
    return zlib.crc32(struct.pack(f">{len(words)}I", *words))


class MemoryBus:
    """The words base … base + size - 1 of a machine's memory, as the disk reaches them."""

    def __init__(self, machine, base: int, size: int) -> None:
        self.machine, self.base, self.size = machine, base, size

    def read(self, addr: int, count: int) -> list[int]:
        start = self.base + addr
        return self.machine.mem[start:start + count]

    def write(self, addr: int, words: list[int]) -> None:
        # Through the machine, so its code cache (and a VMM's watched words) see the change.
        self.machine.write_words_in_range(self.base + addr, words)


def check_disk_words(words) -> str | None:
    """None if these words can be a disk, else why not."""
    count = len(words)
    if count == 0 or count % DISK_BLOCK_WORDS:
        return f"a disk holds whole blocks of {DISK_BLOCK_WORDS} words, not {count} words"
    if count // DISK_BLOCK_WORDS > DISK_MAX_BLOCKS:
        return (f"a disk has at most {DISK_MAX_BLOCKS} blocks, not "
                f"{count // DISK_BLOCK_WORDS}")
    return None


class Disk:
    """The registers and the words of one disk; `bus` is where its transfers go."""

    def __init__(self, words: list[int]) -> None:
        problem = check_disk_words(words)
        if problem:
            raise ValueError(problem)
        self.words = [w & MASK for w in words]
        self.bus: MemoryBus | None = None
        self.reset_registers()

    def reset_registers(self) -> None:
        self.block = self.addr = 0
        self.error = 0
        self.done_at = NEVER
        self.reads = self.writes = 0

    @property
    def blocks(self) -> int:
        return len(self.words) // DISK_BLOCK_WORDS

    def status(self, now: int) -> int:
        done_at = self.done_at
        bits = self.error << DISK_ERROR_SHIFT
        if done_at != NEVER:
            bits |= DISK_DONE if done_at <= now else DISK_BUSY
        return bits

    # -- the machine side: ports (now: the cycle count at the IN's or OUT's last cycle)
    def read(self, port: int, now: int) -> int:
        if port == PORT_DISK_BLOCK:
            return self.block
        if port == PORT_DISK_ADDR:
            return self.addr
        if port == PORT_DISK_CMD:
            return self.status(now)
        if port == PORT_DISK_SIZE:
            return self.blocks
        return NO_DATA

    def write(self, port: int, value: int, now: int) -> None:
        value &= MASK
        if port == PORT_DISK_BLOCK:
            self.block = value
        elif port == PORT_DISK_ADDR:
            self.addr = value
        elif port == PORT_DISK_CMD:
            self.command(value, now)

    def command(self, command: int, now: int) -> None:
        busy = NEVER != self.done_at > now
        if command == DISK_CMD_ACK:
            self.error = 0
            if not busy:
                self.done_at = NEVER          # IPEND.DISK off
            return
        if command not in (DISK_CMD_READ, DISK_CMD_WRITE):
            self.error = DISK_ERR_COMMAND
            return
        if busy:
            self.error = DISK_ERR_BUSY        # the transfer under way goes on
            return
        block, addr = self.block, self.addr
        if block >= self.blocks:
            self.error = DISK_ERR_BLOCK
            return
        bus = self.bus
        if bus is None or addr + DISK_BLOCK_WORDS > bus.size:
            self.error = DISK_ERR_ADDRESS
            return
        first = block * DISK_BLOCK_WORDS
        if command == DISK_CMD_READ:
            bus.write(addr, self.words[first:first + DISK_BLOCK_WORDS])
            self.reads += 1
        else:
            self.words[first:first + DISK_BLOCK_WORDS] = bus.read(addr, DISK_BLOCK_WORDS)
            self.writes += 1
        self.error = 0
        self.done_at = now + DISK_TRANSFER_CYCLES

    # -- state as plain data (snapshots, step back)
    def get_state(self) -> dict:
        return {"block": self.block, "addr": self.addr, "error": self.error,
                "done_at": self.done_at, "reads": self.reads, "writes": self.writes,
                "words": list(self.words)}

    def set_state(self, state: dict) -> None:
        words = state["words"]
        problem = check_disk_words(words)
        if problem:
            raise ValueError(problem)
        self.words = list(words)
        for key in ("block", "addr", "error", "done_at", "reads", "writes"):
            setattr(self, key, state[key])

    def summary(self) -> dict:
        """What `vmlab run --json` says of the disk: its size, transfers and checksum."""
        return {"blocks": self.blocks, "reads": self.reads, "writes": self.writes,
                "crc32": f"{words_crc32(self.words):08x}"}
