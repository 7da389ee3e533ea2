"""The VL32 machine: CPU, memory, devices and cycle model.  No Qt, no VMM."""

from .cpu import BREAKPOINT, CYCLE_LIMIT, INTERCEPT, TRAP, CycleReport, Machine, Unit
from .state import HALT, STALLED, CpuState
from .devices import Console
from ..isa.encoding import Instruction, decode, encode

__all__ = ["BREAKPOINT", "CpuState", "CYCLE_LIMIT", "HALT", "INTERCEPT", "STALLED", "TRAP", "Console", "CycleReport",
           "Instruction", "Machine", "Unit", "decode", "encode"]
