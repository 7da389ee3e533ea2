"""The host kernel of a general-purpose OS with VMM services (hosting "kvm").

Linux with kvm is an operating system first: its scheduler runs ordinary
processes, and each virtual machine is one more of its processes (the kvm
module in the kernel runs it with the CPU's guest mode).  So under hosting
"kvm" a scenario's ``[[process]]`` tables are host processes: user programs
the host kernel runs beside the virtual machines, in the same round robin,
with their own CPU share (docs/hypervisor-types.md, section 5).

A host process runs on the physical CPU in user mode, inside BASE/BOUND
windows on its own memory, with interrupts on: no guest mode, no VCPU of a
guest kernel, no VM exits.  Each of its traps enters the host kernel, which
does one step (`host-kernel`: a system call, the end of its slice, a fault)
and returns to it (`host-return`) or schedules something else.  The host
kernel's cycles are attributed to the "host" bucket and charged to the
process, from its slice.

The system calls are Alpha's (assets/programs/alpha.vl32), so a program
written for Alpha's processes runs as a host process unchanged: the code in
the SYSCALL instruction (TVAL), the argument and the result in r1.

    1  write(r1 = address of a zero-terminated string) -> characters written, or -1
    2  putc(r1 = character)                            -> r1 unchanged
    3  exit(r1 = exit code)                            -> never returns
    4  yield()                                         -> gives up the CPU
    5  getpid()                                        -> r1 = process id (1, 2 ... in
                                                          the scenario's order)
    any other code                                     -> r1 = -1 (0xFFFFFFFF)

Any other trap (an illegal or privileged instruction, an address outside
its memory, a breakpoint) and the host kernel kills the process, as Linux
sends SIGSEGV or SIGILL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..isa.spec import (CAUSE_CONSOLE, CAUSE_DISK, CAUSE_NAMES, CAUSE_SYSCALL, CAUSE_TIMER, MASK,
                        STATUS_IE, STATUS_PIE)
from ..machine.state import NEVER
from ..observe.accounting import BUCKET_HOST
from ..observe.events import ConsoleOutput, Event
from ..observe.vocabulary import VmmStep
from .guest import CRASHED, HALTED, READY, Guest

HOST_KERNEL, HOST_RETURN = VmmStep.HOST_KERNEL.value, VmmStep.HOST_RETURN.value
SYS_WRITE, SYS_PUTC, SYS_EXIT, SYS_YIELD, SYS_GETPID = 1, 2, 3, 4, 5
SYSCALL_NAMES = {SYS_WRITE: "write", SYS_PUTC: "putc", SYS_EXIT: "exit", SYS_YIELD: "yield",
                 SYS_GETPID: "getpid"}
ERROR = MASK           # -1: what a failed or unknown system call returns in r1


@dataclass(frozen=True, slots=True)
class HostSyscall(Event):
    """A host process's system call, done by the host kernel (hosting "kvm")."""

    number: int = 0
    name: str = ""                # write, putc, exit, yield, getpid, unknown
    argument: int = 0             # r1 when it called
    result: int | None = None     # r1 afterwards (None: exit, it does not return)
    cost: int = 0                 # the host kernel's step (host_kernel)
    kind: ClassVar[str] = "host-syscall"


def boot_process(g: Guest) -> None:
    """A host process at its start: user mode with interrupts on, its stack at the top of
    its memory, its program's entry as pc (as exec leaves a Linux process)."""
    v = g.vcpu
    v.status = STATUS_IE
    v.regs[14] = g.size & MASK
    v.deadline = NEVER


def enter_process(vmm, g: Guest, arm: int) -> bool:
    """The host kernel returns to a process: its registers on the CPU, user mode, its
    window over its own memory, the kernel's timer armed for the end of its slice."""
    m, v = vmm.machine, g.vcpu
    m.regs = list(v.regs)
    m.pc = v.pc
    m.status = STATUS_IE | STATUS_PIE
    m.base, m.bound = g.base, g.size
    m.deadline = m.cycles + arm
    return True


def process_trap(vmm, g: Guest, unit) -> None:
    """A trap of a process entered the host kernel: save it, plan the kernel's step."""
    m = vmm.machine
    v = g.vcpu
    cause = unit.cause
    routing = cause == CAUSE_CONSOLE and vmm.routes     # console input for some guest arrived
    payer = vmm.routes[0] if routing else g.index
    vmm._left_cpu(g, unit, BUCKET_HOST, payer)
    v.regs = list(m.regs)
    v.pc = unit.pc
    vmm.running = None
    g.state = READY
    vmm.exit_guest = vmm.handling = g.index
    vmm.pending_exit = unit
    if unit.kind != "interrupt":
        v.trap_counts[cause] = v.trap_counts.get(cause, 0) + 1
    if routing:
        vmm.work = [[VmmStep.ROUTE_INPUT.value, vmm.costs.route_input, payer]]
    else:
        vmm.work = [[HOST_KERNEL, vmm.costs.host_kernel, g.index]]
    vmm.work_start = m.cycles


def handle_host_kernel(vmm, g: Guest, cost: int) -> None:
    """The host kernel's step is done: the system call's effect, or the process killed."""
    unit = vmm.pending_exit
    cause = unit.cause
    if cause in (CAUSE_TIMER, CAUSE_DISK) or unit.kind == "interrupt":
        return                                    # its slice is over (or an interrupt): schedule
    if cause != CAUSE_SYSCALL:
        vmm.set_guest_state(g, CRASHED, f"killed by the host kernel: {CAUSE_NAMES[cause]} at "
                                        f"{unit.pc:#06x}")
        return
    _system_call(vmm, g, unit.tval, cost)


def _system_call(vmm, g: Guest, code: int, cost: int) -> None:
    v = g.vcpu
    v.pc = (v.pc + 1) & MASK                        # it returns after its SYSCALL
    arg = v.regs[1]
    out_before = len(v.console.output)
    result = arg
    if code == SYS_WRITE:
        text, complete = _read_string(vmm, g, arg)
        v.console.output.extend(text)
        result = len(text) if complete else ERROR
    elif code == SYS_PUTC:
        v.console.output.append(arg & 0xFF)
    elif code == SYS_EXIT:
        vmm.host_syscalls += 1
        vmm.log.add(HostSyscall, vmm.machine.cycles, g.name, number=code, name="exit",
                    argument=arg, result=None, cost=cost)
        vmm.set_guest_state(g, HALTED, f"exit({arg if arg < 0x8000_0000 else arg - (1 << 32)})")
        return
    elif code == SYS_YIELD:
        vmm.slice_used = max(vmm.slice_used, vmm.slice_of(g))   # the rest of its slice, given up
    elif code == SYS_GETPID:
        result = 1 + sum(1 for other in vmm.guests[:g.index] if other.spec.process)
    else:
        result = ERROR
    v.regs[1] = result & MASK
    vmm.host_syscalls += 1
    vmm.log.add(HostSyscall, vmm.machine.cycles, g.name, number=code,
                name=SYSCALL_NAMES.get(code, "unknown"), argument=arg, result=result & MASK,
                cost=cost)
    if len(v.console.output) > out_before:
        vmm.log.add(ConsoleOutput, vmm.machine.cycles, g.name,
                    text=bytes(v.console.output[out_before:]).decode("latin-1"))


def _read_string(vmm, g: Guest, address: int) -> tuple[bytes, bool]:
    """The characters of the zero-terminated string at a process's address, and whether
    it ended inside the process's memory.  As Alpha's write: each character is printed
    until the zero or the end of the process's memory, which makes the call fail (-1)."""
    mem, base = vmm.machine.mem, g.base
    out = bytearray()
    for a in range(address, g.size):
        word = mem[base + a]
        if word == 0:
            return bytes(out), True
        out.append(word & 0xFF)
    return bytes(out), False
