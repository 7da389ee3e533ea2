"""Architectural CPU state and the semantics that act only on it.

Both the physical machine and a VMM's virtual CPU (VCPU) are a CpuState: the
registers, the system registers, a cycle counter, a timer deadline and a
console.  The system instructions (ERET, MFSR, MTSR, IN, OUT, HALT, GETF,
SETF) and trap entry are defined here once, so when the VMM emulates a
privileged instruction on a VCPU it runs literally the same code the hardware
runs — the equivalence property starts here.
"""

from __future__ import annotations

from ..isa.encoding import Instruction
from ..isa.spec import (DISK_PORTS, IDENTITY_PORTS, IPEND_CONSOLE, IPEND_DISK, IPEND_TIMER, MASK, READ_ONLY_SRS, SR_CYCLE, SR_IPEND,
                        SR_NAMES, SR_STATUS, SR_TIMER, STATUS_BITS, STATUS_IE, STATUS_KMODE,
                        STATUS_PIE, STATUS_PKMODE)
from .devices import Console

NEVER = 1 << 62  # timer deadline meaning "disarmed"

# Stop reasons, spelled so in every output.
HALT = "halt"
STALLED = "stalled"

# Attribute behind each system register that is plain storage.
_SR_ATTR = {0: "status", 1: "epc", 2: "cause", 3: "tval", 4: "tvec", 5: "base",
            6: "bound", 8: "scratch"}


class CpuState:
    """Registers, system registers, clock, timer and console of one VL32 CPU.

    ``cycles`` counts completed cycles.  The timer is kept as a deadline, the
    cycle count at which TIMER reaches 0, so it ticks every cycle for free:
    TIMER = max(0, deadline - cycles) and IPEND.TIMER = deadline <= cycles.
    Writing TIMER moves the deadline, which is also how a handler
    acknowledges the interrupt.
    """

    def __init__(self) -> None:
        self.console = Console()
        self.disk = None          # a Disk (machine/disk.py) when the scenario gives one
        self.identity = None      # an Identity (machine/identity.py) when the scenario gives one
        self.reset_registers(0)

    def reset_registers(self, entry: int) -> None:
        self.regs = [0] * 16
        self.pc = entry & MASK
        self.status = STATUS_KMODE
        self.epc = self.cause = self.tval = self.tvec = 0
        self.base = self.bound = self.scratch = 0
        self.deadline = NEVER
        self.cycles = 0
        self.instret = 0
        self.halted: str | None = None
        self.trap_counts: dict[int, int] = {}

    # ------------------------------------------------------------------ views
    @property
    def kernel_mode(self) -> bool:
        return bool(self.status & STATUS_KMODE)

    @property
    def timer(self) -> int:
        return max(0, self.deadline - self.cycles) if self.deadline != NEVER else 0

    @property
    def ipend(self) -> int:
        bits = IPEND_TIMER if self.deadline <= self.cycles else 0
        if self.console.input:
            bits |= IPEND_CONSOLE
        disk = self.disk
        if disk is not None and disk.done_at <= self.cycles:
            bits |= IPEND_DISK
        return bits

    def wake_deadline(self) -> int:
        """The cycle count at which an IPEND bit is next set by the clock: the timer's
        deadline or the end of a disk transfer, whichever comes first (NEVER: none)."""
        disk = self.disk
        if disk is not None and disk.done_at < self.deadline:
            return disk.done_at
        return self.deadline

    @property
    def interrupt_pending(self) -> bool:
        """An interrupt will be taken at the next instruction boundary."""
        return bool(self.status & STATUS_IE) and self.ipend != 0

    def read_sr(self, number: int, start_cycle: int | None = None) -> int:
        """A system register as MFSR sees it: after this cycle's timer tick.

        CYCLE is the count before the reading instruction began (start_cycle).
        """
        if number == SR_TIMER:
            return self.timer & MASK
        if number == SR_CYCLE:
            return (self.cycles if start_cycle is None else start_cycle) & MASK
        if number == SR_IPEND:
            return self.ipend
        return getattr(self, _SR_ATTR[number])

    def write_sr(self, number: int, value: int) -> None:
        value &= MASK
        if number in READ_ONLY_SRS:
            return
        if number == SR_STATUS:
            self.status = value & STATUS_BITS
        elif number == SR_TIMER:
            self.deadline = self.cycles + value if value else NEVER
        else:
            setattr(self, _SR_ATTR[number], value)

    def sr_dict(self) -> dict[str, int]:
        return {name: self.read_sr(i) for i, name in enumerate(SR_NAMES)}

    # ------------------------------------------------------------------ semantics
    def enter_trap(self, epc: int, cause: int, tval: int) -> None:
        """Trap entry: save IE and mode, enter kernel mode with IE off, jump to TVEC."""
        st = self.status
        self.status = ((STATUS_PIE if st & STATUS_IE else 0)
                       | (STATUS_PKMODE if st & STATUS_KMODE else 0) | STATUS_KMODE)
        self.epc = epc & MASK
        self.cause = cause
        self.tval = tval & MASK
        self.pc = self.tvec
        self.trap_counts[cause] = self.trap_counts.get(cause, 0) + 1

    def execute_system(self, ins: Instruction, pc: int, start_cycle: int) -> None:
        """ERET, MFSR, MTSR, IN, OUT, HALT, GETF, SETF: commit on this state.

        ``self.cycles`` is already at the instruction's last cycle; privilege
        has been checked by the caller (the hardware, or the VMM).
        """
        name, rd = ins.mnemonic, ins.rd
        next_pc = (pc + 1) & MASK
        result = None
        if name == "ERET":
            st = self.status
            self.status = ((st & (STATUS_PIE | STATUS_PKMODE))
                           | (STATUS_IE if st & STATUS_PIE else 0)
                           | (STATUS_KMODE if st & STATUS_PKMODE else 0))
            next_pc = self.epc
        elif name == "MFSR":
            result = self.read_sr(ins.imm, start_cycle)
        elif name == "MTSR":
            self.write_sr(ins.imm, self.regs[ins.rs])
        elif name == "IN":
            if ins.imm in DISK_PORTS and self.disk is not None:
                result = self.disk.read(ins.imm, self.cycles)
            elif ins.imm in IDENTITY_PORTS and self.identity is not None:
                result = self.identity.read(ins.imm)
            else:
                result = self.console.read(ins.imm) & MASK
        elif name == "OUT":
            if ins.imm in DISK_PORTS and self.disk is not None:
                self.disk.write(ins.imm, self.regs[ins.rs], self.cycles)
            elif ins.imm in IDENTITY_PORTS and self.identity is not None:
                pass                  # read-only: a guest cannot change who it is
            else:
                self.console.write(ins.imm, self.regs[ins.rs])
        elif name == "HALT":
            self.halted = HALT
        elif name == "GETF":
            result = self.status
        elif name == "SETF":
            if self.status & STATUS_KMODE:
                self.status = (self.status & ~STATUS_IE) | (self.regs[ins.rs] & 1)
        else:
            raise ValueError(f"{name} is not a system instruction")
        if result is not None and rd:
            self.regs[rd] = result
        self.pc = next_pc

    # ------------------------------------------------------------------ plain data
    _PLAIN = ("pc", "status", "epc", "cause", "tval", "tvec", "base", "bound", "scratch",
              "deadline", "cycles", "instret", "halted")

    def get_cpu_state(self) -> dict:
        state = {key: getattr(self, key) for key in self._PLAIN}
        state["regs"] = list(self.regs)
        state["trap_counts"] = {str(k): v for k, v in self.trap_counts.items()}
        state["console"] = self.console.get_state()
        if self.disk is not None:
            state["disk"] = self.disk.get_state()
        if self.identity is not None:
            state["identity"] = self.identity.get_state()
        return state

    def set_cpu_state(self, state: dict) -> None:
        for key in self._PLAIN:
            setattr(self, key, state[key])
        self.regs = list(state["regs"])
        self.trap_counts = {int(k): v for k, v in state["trap_counts"].items()}
        self.console.set_state(state["console"])
        if "disk" in state:
            if self.disk is None:
                raise ValueError("this state has a disk and this CPU has none")
            self.disk.set_state(state["disk"])
        if "identity" in state and self.identity is not None:
            self.identity.set_state(state["identity"])


SYSTEM_INSTRUCTIONS = frozenset({"ERET", "MFSR", "MTSR", "IN", "OUT", "HALT", "GETF", "SETF"})
