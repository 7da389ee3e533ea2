"""Observation of a native session: one kernel on the bare machine.

The machine calls back only for units its reference executor commits (traps,
system instructions, WFI), so observing costs nothing on the hot path.
"""

from __future__ import annotations

from ..isa.spec import CAUSE_NAMES, PORT_CONSOLE_OUT, STATUS_KMODE
from ..machine.cpu import Machine, Unit, decode_cached
from ..observe.accounting import BUCKET_IDLE, BUCKET_VMM, Attribution, guest_buckets
from ..observe.events import ConsoleOutput, EventLog, TrapTaken


class NativeObserver:
    def __init__(self, machine: Machine, log: EventLog, name: str) -> None:
        self.machine, self.log, self.name = machine, log, name
        self.kernel_bucket, self.user_bucket = guest_buckets(name)
        self.attribution = Attribution(
            [self.kernel_bucket, self.user_bucket, BUCKET_VMM, BUCKET_IDLE],
            machine.cycles, self._bucket(machine.status))
        machine.commit_hook = self.on_commit

    def _bucket(self, status: int) -> str:
        return self.kernel_bucket if status & STATUS_KMODE else self.user_bucket

    def on_commit(self, m: Machine, unit: Unit, status_before: int) -> None:
        if unit.kind in ("trap", "interrupt"):
            fault = 1 if unit.kind == "trap" else 0
            self.log.add(TrapTaken, m.cycles, self.name, pc=unit.pc, word=unit.word,
                         cause=CAUSE_NAMES[unit.cause], tval=unit.tval,
                         mode="kernel" if status_before & STATUS_KMODE else "user",
                         interrupt=not fault, base=m.base)
            self.attribution.switch(unit.start + fault, self.kernel_bucket)
            return
        if unit.kind == "wfi":
            if unit.cost > 1:
                self.attribution.switch(unit.start + 1, BUCKET_IDLE)
                self.attribution.switch(m.cycles, self._bucket(m.status))
            return
        ins = decode_cached(unit.word)
        if ins.mnemonic == "OUT" and ins.imm == PORT_CONSOLE_OUT:
            self.log.add(ConsoleOutput, m.cycles, self.name, text=chr(m.regs[ins.rs] & 0xFF))
        if (status_before ^ m.status) & STATUS_KMODE:
            self.attribution.switch(m.cycles, self._bucket(m.status))

    def get_state(self) -> dict:
        return self.attribution.get_state()

    def set_state(self, state: dict) -> None:
        self.attribution.set_state(state)
