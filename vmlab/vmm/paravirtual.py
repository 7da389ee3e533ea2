"""Paravirtualization: a guest kernel that asks the VMM instead of trapping.

A paravirtual kernel (Alpha-PV) knows that it runs under a VMM.  Where a
native kernel executes a privileged instruction - which, de-privileged, is a
VM exit each time - it makes a *hypercall*: ``HCALL n``, the hypercall number
n in the instruction's immediate (the VMM reads it from TVAL), the arguments
in r1-r4 and the result, or a negative error code, in r1.  A single
hypercall is an exit like any other; the gain is in *batching*, so the
interface offers what real paravirtual interfaces offer: one hypercall that
switches process (the registers, BASE, BOUND, EPC and the return, from a
block in guest memory) and one that writes a whole buffer to the console.

The interface (numbers, arguments, results, error codes, costs) is specified
in docs/isa.md, section 12 ("Hypercall interface"); ``HYPERCALLS`` below is
its one table.  A hypercall never crashes the VMM: a bad number or argument
returns its error code to the guest in r1, and every address is checked
against the guest's own memory before a word is read.  No hypercall writes
guest memory.

Everything else stays trap-and-emulate: a paravirtual kernel that still
executes a privileged instruction traps and is emulated, and an HCALL from
guest *user* mode is a trap of the guest's own, reflected into its kernel
(as on a bare VL32), never a hypercall.

Time.  A hypercall costs the guest's virtual clock the HCALL instruction's
own table cost (1 cycle; the idle hypercall, as WFI, also the cycles it
sleeps); what the VMM does for it is VMM time, priced by the cost model
(``hypercall`` + ``hypercall_per_word`` x the guest words it reads) and
charged to that guest's share, like every exit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..isa.encoding import Instruction
from ..isa.spec import (BY_MNEMONIC, CAUSE_HCALL, MASK, PORT_CONSOLE_OUT, READ_ONLY_SRS, SR_BASE,
                        SR_BOUND, SR_NAMES)
from ..machine.state import HALT
from ..observe.vocabulary import add_action, add_step
from .costs import CostModel
from ..observe.events import ConsoleOutput, Event
from .guest import HALTED, STALLED, WAITING, Guest
from .techniques import QT_TRANSLATE_NOOP, TechniqueInfo, register
from .trap_emulate import TrapAndEmulate

HYPERCALL = "hypercall"       # the VMM's action for a hypercall exit (a step kind)
ABI_VERSION = 1

# Error codes, returned in r1 (as 32-bit two's complement).
E_NOSYS = -1                  # unknown hypercall number
E_INVAL = -2                  # bad argument
E_FAULT = -3                  # an address outside the guest's memory
E_AGAIN = -4                  # nothing to read (the console input is empty)
ERRORS = {E_NOSYS: "unknown hypercall", E_INVAL: "bad argument",
          E_FAULT: "address outside the guest's memory", E_AGAIN: "nothing to read"}

# The hypercall numbers (docs/isa.md, section 12).
HC_VERSION, HC_PUTC, HC_GETC, HC_WRITE, HC_ERET, HC_SWITCH, HC_IDLE, HC_HALT = range(8)
HC_GET_SR = 16                # + an SR number: read that virtual system register
HC_SET_SR = 32                # + an SR number: write it

WRITE_MAX_WORDS = 1024        # the longest console buffer one hypercall takes
CONTEXT_WORDS = 19            # HC_SWITCH's block: 1-15 r1-r15, 16 pc, 17 BASE, 18 BOUND
CTX_PC, CTX_BASE, CTX_BOUND = 16, 17, 18

HCALL_CYCLES = BY_MNEMONIC["HCALL"].cycles   # what a hypercall costs the guest's clock
_ERET = Instruction("ERET")   # the VMM applies ERET through the CPU's own code


@dataclass(frozen=True)
class HypercallInfo:
    """One row of the hypercall table."""

    number: int
    name: str
    args: tuple[str, ...]     # what r1, r2 ... carry
    returns: str              # what r1 holds afterwards


def _table() -> dict[int, HypercallInfo]:
    rows = [
        HypercallInfo(HC_VERSION, "version", (), "the ABI version, 1"),
        HypercallInfo(HC_PUTC, "putc", ("character",), "0"),
        HypercallInfo(HC_GETC, "getc", (), "the next input byte, or E_AGAIN"),
        HypercallInfo(HC_WRITE, "write", ("address", "length"), "the words written"),
        HypercallInfo(HC_ERET, "eret", (), "(returns as ERET does)"),
        HypercallInfo(HC_SWITCH, "switch", ("context block",), "(returns into the process)"),
        HypercallInfo(HC_IDLE, "idle", (), "0, once an interrupt is pending"),
        HypercallInfo(HC_HALT, "halt", (), "(the guest stops)"),
    ]
    for number, sr in enumerate(SR_NAMES):
        rows.append(HypercallInfo(HC_GET_SR + number, f"get-{sr.lower()}", (), sr))
        rows.append(HypercallInfo(HC_SET_SR + number, f"set-{sr.lower()}", ("value",), "0"))
    return {row.number: row for row in rows}


HYPERCALLS = _table()


def hypercall_name(number: int) -> str:
    info = HYPERCALLS.get(number)
    return info.name if info else f"unknown-{number}"


@dataclass(frozen=True, slots=True)
class Hypercall(Event):
    """A hypercall the VMM served: what was asked and what the guest got back.

    `result` is r1 afterwards as a signed number (None when the hypercall
    does not return to the caller: eret, switch, halt); `error` names the
    error code when it failed.  Built whole, never changed once logged.
    """

    pc: int = 0
    number: int = 0
    name: str = ""
    args: tuple = ()          # r1-r4 at the call
    result: int | None = None
    error: str | None = None
    words: int = 0            # guest words it read
    cost: int = 0             # the VMM's handling cycles (exit and entry not included)
    before: tuple | None = None
    after: tuple | None = None
    kind: ClassVar[str] = "hypercall"


@dataclass
class Outcome:
    """What one hypercall did."""

    result: int | None = None  # the signed value written to r1, or None
    error: int | None = None   # the error code, when it failed
    words: int = 0             # guest words read
    sleeps: int = 0            # virtual cycles an idle hypercall sleeps


class Paravirtual(TrapAndEmulate):
    """Trap-and-emulate, plus hypercalls from the guest kernel."""

    name = "paravirtual"

    def classify(self, guest: Guest, cause: int) -> str:
        if cause == CAUSE_HCALL and guest.vcpu.kernel_mode:
            return HYPERCALL       # the guest kernel asks the VMM
        return super().classify(guest, cause)

    # ------------------------------------------------------------------ checks and prices
    @staticmethod
    def check_buffer(guest: Guest, address: int, length: int) -> int | None:
        """None if the console buffer may be written out, else its error code."""
        if length > WRITE_MAX_WORDS:
            return E_INVAL
        if address + length > guest.size:
            return E_FAULT
        return None

    @staticmethod
    def check_block(guest: Guest, address: int, memory: list[int]) -> int | None:
        """None if the context block is whole and its window fits, else its error code."""
        if address + CONTEXT_WORDS > guest.size:
            return E_FAULT
        first = guest.base + address
        if memory[first + CTX_BASE] + memory[first + CTX_BOUND] > guest.size:
            return E_INVAL         # a window beyond the guest's memory
        return None

    def words_read(self, guest: Guest, number: int, memory: list[int]) -> int:
        """Guest words hypercall `number` will read now (0 if it will fail)."""
        r = guest.vcpu.regs
        if number == HC_WRITE and self.check_buffer(guest, r[1], r[2]) is None:
            return r[2]
        if number == HC_SWITCH and self.check_block(guest, r[1], memory) is None:
            return CONTEXT_WORDS
        return 0

    def hypercall_cost(self, costs: CostModel, guest: Guest, number: int,
                       memory: list[int]) -> int:
        """VMM cycles to serve it: hypercall + hypercall_per_word x the words it reads."""
        return costs.hypercall + costs.hypercall_per_word * self.words_read(guest, number, memory)

    # ------------------------------------------------------------------ the ABI
    def hypercall(self, guest: Guest, number: int, pc: int, start_physical: int,
                  memory: list[int]) -> Outcome:
        """Serve hypercall `number`, made by the HCALL at guest address `pc`.

        `memory` is host memory; the guest's own is its `guest.size` words
        from `guest.base`, and nothing else is read.  The VCPU changes in
        place (registers, system registers, pc, clock, console).  Never
        raises for anything a guest can pass.
        """
        v = guest.vcpu
        r = v.regs
        start = v.cycles
        v.cycles = start + HCALL_CYCLES
        v.pc = (pc + 1) & MASK
        out = Outcome()
        if number == HC_VERSION:
            out.result = ABI_VERSION
        elif number == HC_PUTC:
            v.console.write(PORT_CONSOLE_OUT, r[1])
            out.result = 0
        elif number == HC_GETC:
            if v.console.input:
                out.result = v.console.input.popleft()
            else:
                out.error = E_AGAIN
        elif number == HC_WRITE:
            out.error = self.check_buffer(guest, r[1], r[2])
            if out.error is None:
                first = guest.base + r[1]
                for word in memory[first:first + r[2]]:
                    v.console.write(PORT_CONSOLE_OUT, word)
                out.result = out.words = r[2]
        elif number == HC_ERET:
            v.execute_system(_ERET, pc, start)
        elif number == HC_SWITCH:
            out.error = self.check_block(guest, r[1], memory)
            if out.error is None:
                first = guest.base + r[1]
                block = memory[first:first + CONTEXT_WORDS]
                v.regs = [0] + block[1:16]
                v.write_sr(SR_BASE, block[CTX_BASE])
                v.write_sr(SR_BOUND, block[CTX_BOUND])
                v.epc = block[CTX_PC]
                v.execute_system(_ERET, pc, start)
                out.words = CONTEXT_WORDS
        elif number == HC_IDLE:
            v.cycles, v.pc = start, pc    # as WFI: it counts its own cycle, moves pc on waking
            native = self._emulate_wfi(guest, pc, start_physical)
            out.sleeps = native - 1 if guest.wake_at is not None else 0
            out.result = 0
        elif number == HC_HALT:
            v.halted = HALT
        elif HC_GET_SR <= number < HC_GET_SR + len(SR_NAMES):
            out.result = v.read_sr(number - HC_GET_SR, start)
        elif HC_SET_SR <= number < HC_SET_SR + len(SR_NAMES):
            if number - HC_SET_SR in READ_ONLY_SRS:
                out.error = E_INVAL
            else:
                v.write_sr(number - HC_SET_SR, r[1])
                out.result = 0
        else:
            out.error = E_NOSYS
        if out.error is not None:
            out.result = out.error
        if out.result is not None:
            v.regs[1] = out.result & MASK
        return out

    # ------------------------------------------------------------------ the monitor's side
    def handling_cost(self, vmm, action: str) -> int:
        """VMM cycles of the hypercall step: its price depends on the words it will read."""
        if action != HYPERCALL:
            return super().handling_cost(vmm, action)
        guest, unit = vmm.exiting()
        return self.hypercall_cost(vmm.costs, guest, unit.tval, vmm.machine.mem)

    def handle_hypercall(self, vmm, cost: int) -> None:
        """The hypercall step has used its cycles: serve it, log it, schedule."""
        g, ex = vmm.exiting()
        v = g.vcpu
        before = vmm.current_exit.before if vmm.current_exit else v.snapshot()
        args = tuple(v.regs[1:5])
        out_before = len(v.console.output)
        out = self.hypercall(g, ex.tval, ex.pc, ex.start, vmm.machine.mem)
        g.fresh_handler = False
        after = v.snapshot()
        cycle = vmm.machine.cycles
        vmm.log.add(Hypercall, cycle, g.name, pc=ex.pc, number=ex.tval,
                    name=hypercall_name(ex.tval), args=args, result=out.result,
                    error=ERRORS.get(out.error), words=out.words, cost=cost,
                    before=before, after=after)
        if len(v.console.output) > out_before:
            vmm.log.add(ConsoleOutput, cycle, g.name,
                        text=bytes(v.console.output[out_before:]).decode("latin-1"))
        if v.halted == HALT:
            vmm.set_guest_state(g, HALTED, "the guest made the halt hypercall")
        elif v.halted:
            vmm.set_guest_state(g, STALLED,
                                "idle hypercall with no timer armed and no input queued")
        elif g.wake_at is not None and g.state != WAITING:
            vmm.set_guest_state(g, WAITING, f"idle hypercall: idle for {out.sleeps} virtual cycles")
        vmm.handled(after)


add_step(HYPERCALL, QT_TRANSLATE_NOOP("Labels", "hypercall"))      # the VMM's step ...
add_action(HYPERCALL, QT_TRANSLATE_NOOP("Labels", "hypercall"))    # ... and the exit's action
register(TechniqueInfo("paravirtual", QT_TRANSLATE_NOOP("Labels", "paravirtualization"),
                       Paravirtual, paravirtual=True, order=50, kernel_runs="hypercalls"))
