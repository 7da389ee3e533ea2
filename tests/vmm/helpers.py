"""Build scenarios and sessions from inline sources, for VMM and session tests."""

from __future__ import annotations

from pathlib import Path

from vmlab.asm import assemble
from vmlab.scenario import GuestConfig, Scenario, load_scenario
from vmlab.session import Session
from vmlab.vmm.costs import CostModel

SPINNER = """
; counts in r1 forever, never traps
.org 0
loop:   addi r1, r1, 1
        b loop
"""

# A witness guest: prints its own ticks and never writes memory, so its
# partition must stay exactly as loaded whatever its neighbour does.
WITNESS = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 150
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1          ; kernel mode, interrupts on
        li   r5, 0
spin:   addi r6, r6, 1
        b    spin
handler:
        addi r5, r5, 1
        addi r2, r5, 0
        andi r2, r2, 15
        addi r2, r2, 'a'
        out  CONSOLE_OUT, r2
        li   r3, 150
        mtsr TIMER, r3
        eret
"""


def guest(name: str, source: str, memory: int = 4096, share: int = 1, text: str = ""):
    program = assemble(source, f"{name}.vl32")
    return GuestConfig(name, Path(f"{name}.vl32"), program, memory, share, text)


def make_scenario(*guests: GuestConfig, technique: str = "trap-and-emulate",
                  quantum: int = 500, host_memory: int = 65_536,
                  costs: CostModel | None = None) -> Scenario:
    return Scenario("test", None, {"en": "test", "ca": "prova"}, technique, list(guests),
                    quantum, 10**7, host_memory, costs or CostModel())


def shipped(name: str, **changes) -> Scenario:
    scenario = load_scenario(name)
    for key, value in changes.items():
        setattr(scenario, key, value)
    return scenario


def run_to_end(scenario: Scenario, max_cycles: int = 10**7) -> Session:
    session = Session(scenario)
    session.run(max_cycles)
    return session
