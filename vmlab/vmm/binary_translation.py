"""Binary translation: the VMM reads the guest kernel's code before it runs.

The guest kernel runs deprivileged, as under trap-and-emulate (physical user
mode, inside its shadow window).  Before a *basic block* of kernel code runs
for the first time, the VMM scans it (``translate``, priced
``bt_per_instruction`` per instruction scanned) and rewrites every sensitive
instruction in it — the privileged ones and GETF/SETF, read from the ISA
table (``OpInfo.needs_vmm``), never listed here — into a *callout*: a call
into the VMM that does the instruction on the VCPU without any trap
(``callout``, cheaper than an exit, an emulation and an entry).  So GETF and
SETF, which trap-and-emulate never sees, are caught: Beta runs as natively.
Only kernel code is translated; user code runs directly, untouched (the
CPU's STATUS then carries the guest's PIE and PKMODE, so a user GETF reads
what it would natively, unless a kernel ran its process with interrupts off:
IE stays on for the VMM's timer, the one case real translators left alone).

How vmlab models it.  Guest memory is never rewritten (a guest reading its
own code sees its original words by construction).  The translation is the
VMM's knowledge of the block, and the CPU is made to stop before the guest
addresses where the translated code would call the VMM — machine
*intercepts*, as breakpoints stop it, through slow entries of the code cache
(vmlab/machine/cpu.py) — while the guest is in virtual kernel mode:

- the callout sites: sensitive instructions, and the indirect jumps (JR,
  JALR), whose target the VMM looks up in its translation cache (a callout
  too, as real translators do: the target of an indirect jump is only known
  when it runs);
- the static successors of translated blocks not translated yet (branch
  targets and fall-throughs, JMP and JAL targets): so a block is translated
  before its first instruction runs; once translated, blocks are *chained*
  and run into one another with no stop at all;
- at every VM entry into virtual kernel mode (a trap reflected to TVEC, an
  interrupt injected, a return after a world switch) and after every ERET or
  indirect jump done by a callout, the block at pc is looked up: a *hit* if
  it is translated, else it is intercepted and translated first.

Every word of a translated block is *watched* (vmlab/machine/cpu.py): a guest
store into one (a kernel that patches its own code) marks it, and the CPU
stops before that word runs; the VMM compares it with the word it translated
and, if it differs, *invalidates* the block (chained jumps into it become
intercepts again) and translates afresh from there.  A stop that finds the
word unchanged costs nothing and leaves no trace.

Time.  A callout adds to the guest's virtual clock exactly the instruction's
table cost (MTSR 1, ERET 2, IN/OUT 4, GETF 1 ...; WFI sleeps as natively);
translating and calling out are VMM time, charged to the guest like every
exit, never guest time.  So every guest is equivalent to native: console,
registers, system registers, CYCLE and traps.  The warm-up shows: the first
pass through kernel code pays for translation, later passes hit the cache.

The translation cache, per guest, keeps the translated blocks, hits, misses
(blocks translated), size, invalidations and callouts: `counters()` (the
summary's ``vmm.technique``), `translated_blocks()` (the session's read
model, for a view of a block beside the original), and the events below
(the trace, the event log).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..isa.spec import MASK, OPS, STATUS_IE, STATUS_PIE, STATUS_PKMODE, Shape
from ..machine.cpu import decode_cached
from ..machine.state import HALT
from ..observe.events import ConsoleOutput, Event, instruction_text
from ..observe.vocabulary import add_step
from .guest import HALTED, STALLED, WAITING, Guest
from .techniques import QT_TRANSLATE_NOOP, TechniqueInfo, register
from .trap_emulate import TrapAndEmulate

TRANSLATE, CALLOUT = "translate", "callout"      # this technique's VMM steps

# What the translator rewrites, from the ISA table's flags.
SENSITIVE = frozenset(info.mnemonic for info in OPS.values() if info.needs_vmm)
INDIRECT = frozenset({"JR", "JALR"})             # the target is known only when it runs
CALLOUTS = SENSITIVE | INDIRECT
# Where a block ends: control goes elsewhere (successors below), or into a trap
# whose handler returns through ERET (a lookup), or nowhere (HALT).
ENDS = INDIRECT | frozenset({"ERET", "HALT", "SYSCALL", "HCALL"})
DIRECT = frozenset(info.mnemonic for info in OPS.values() if info.shape == Shape.JUMP)
MAX_BLOCK = 32                                   # instructions a block holds at most


# ---------------------------------------------------------------------- events
@dataclass(frozen=True, slots=True)
class Translation(Event):
    """The VMM translated a block of guest kernel code (it runs for the first time)."""

    start: int = 0            # guest address of its first instruction
    length: int = 0           # instructions scanned
    callouts: tuple = ()      # guest addresses of the instructions that call the VMM
    successors: tuple = ()    # where it continues (static targets), chained
    cost: int = 0             # VMM cycles: length x bt_per_instruction
    kind: ClassVar[str] = "translation"


@dataclass(frozen=True, slots=True)
class Callout(Event):
    """Translated code called the VMM: a sensitive instruction done on the VCPU, or an
    indirect jump's target looked up; `before`/`after` are VCPU snapshots."""

    pc: int = 0
    word: int = 0
    before: tuple | None = None
    after: tuple | None = None
    cost: int = 0             # VMM cycles (the guest's clock got the instruction's own)
    kind: ClassVar[str] = "callout"

    @property
    def instruction(self) -> str:
        return instruction_text(self.word, self.pc)


@dataclass(frozen=True, slots=True)
class Invalidation(Event):
    """The guest rewrote translated code: the block is dropped from the cache."""

    start: int = 0            # the block's first address
    length: int = 0
    address: int = 0          # the rewritten word the CPU was about to run
    word: int = 0             # what it holds now
    kind: ClassVar[str] = "invalidation"


# ---------------------------------------------------------------------- the cache
@dataclass(frozen=True)
class Block:
    """A translated block: where it starts, the words as scanned, where it calls the VMM."""

    start: int
    words: tuple[int, ...]
    callouts: tuple[int, ...]        # guest addresses, inside the block
    successors: tuple[int, ...]      # static successors (guest addresses)

    @property
    def end(self) -> int:
        return self.start + len(self.words)

    def plain(self) -> list:
        return [self.start, list(self.words), list(self.callouts), list(self.successors)]

    @classmethod
    def from_plain(cls, data: list) -> "Block":
        start, words, callouts, successors = data
        return cls(start, tuple(words), tuple(callouts), tuple(successors))


_COUNTERS = ("translations", "scanned", "translate_cycles", "hits", "callouts",
             "callout_cycles", "invalidations")


@dataclass
class Cache:
    """One guest's translation cache and what it counts."""

    blocks: dict[int, Block] = field(default_factory=dict)
    owner: dict[int, int] = field(default_factory=dict)    # covered address -> block start
    pending: set[int] = field(default_factory=set)         # intercepted, not translated yet
    translations: int = 0      # blocks translated: the misses
    scanned: int = 0           # instructions scanned
    translate_cycles: int = 0
    hits: int = 0              # lookups (kernel entries, indirect jumps, ERET) found translated
    callouts: int = 0
    callout_cycles: int = 0
    invalidations: int = 0

    def get_state(self) -> dict:
        state = {key: getattr(self, key) for key in _COUNTERS}
        state["blocks"] = [self.blocks[s].plain() for s in sorted(self.blocks)]
        state["pending"] = sorted(self.pending)
        return state

    @classmethod
    def from_state(cls, state: dict) -> "Cache":
        cache = cls(**{key: state[key] for key in _COUNTERS})
        for data in state["blocks"]:
            cache.add(Block.from_plain(data))
        cache.pending = set(state["pending"])
        return cache

    def add(self, block: Block) -> None:
        self.blocks[block.start] = block
        for addr in range(block.start, block.end):
            self.owner[addr] = block.start

    def counters(self) -> dict:
        return {"translation": {"blocks": self.translations, "instructions": self.scanned,
                                "cycles": self.translate_cycles,
                                "invalidations": self.invalidations},
                "translation_cache": {"hits": self.hits, "misses": self.translations,
                                      "size": len(self.blocks), "words": len(self.owner)},
                "callouts": {"count": self.callouts, "cycles": self.callout_cycles}}


# ---------------------------------------------------------------------- the technique
class BinaryTranslation(TrapAndEmulate):
    """Trap-and-emulate for what still traps (the guest's own traps, I/O of its user
    code...), and translated kernel code that calls the VMM instead of trapping."""

    name = "binary-translation"

    def __init__(self) -> None:
        self.caches: dict[int, Cache] = {}
        self.vmm = None
        self._continuing = False     # the guest goes on inside translated code: no lookup

    def setup(self, vmm) -> None:
        self.vmm = vmm

    def cache(self, guest: Guest) -> Cache:
        cache = self.caches.get(guest.index)
        if cache is None:
            cache = self.caches[guest.index] = Cache()
        return cache

    def power_on(self, vmm, guest: Guest) -> None:
        """The guest boots again: its translations are gone with its memory (the
        machine's intercepts and watches follow the caches that are left)."""
        self.caches.pop(guest.index, None)
        self.set_state(self.get_state())

    def actions(self) -> tuple[str, ...]:
        """Translate and callout are steps, never what an exit gets."""
        return tuple(a for a in super().actions() if a not in (TRANSLATE, CALLOUT))

    # ------------------------------------------------------------------ entering
    def enter_guest(self, vmm, guest: Guest, arm: int) -> bool:
        if not super().enter_guest(vmm, guest, arm):
            return False
        self._arm(vmm, guest)
        return True

    def _arm(self, vmm, g: Guest) -> None:
        """Intercepts on in virtual kernel mode (off in user mode); the block at pc looked up."""
        m = vmm.machine
        if not g.vcpu.kernel_mode:
            m.intercepting = False
            # User code runs untranslated: a GETF there reads the CPU's STATUS, so it
            # carries the guest's PIE and PKMODE (nothing else reads them in user mode).
            # Only IE stays the VMM's (always on): a user process run with interrupts
            # off would see it, the case real binary translators left alone too.
            m.status = STATUS_IE | (g.vcpu.status & (STATUS_PIE | STATUS_PKMODE))
            return
        m.intercepting = True
        cache = self.cache(g)
        pc = g.vcpu.pc
        if pc in cache.owner:
            if not self._continuing:
                cache.hits += 1
        elif pc < g.size and pc not in cache.pending:
            cache.pending.add(pc)                # a miss: translated when the CPU stops there
            m.intercept([g.base + pc])

    def _go_on(self, vmm) -> None:
        """Back into the guest, which goes on inside translated code (no lookup)."""
        self._continuing = True
        try:
            vmm.resume()
        finally:
            self._continuing = False

    # ------------------------------------------------------------------ intercepts
    def intercept(self, vmm, guest: Guest, pc: int) -> list[tuple[str, int]]:
        """The CPU stopped before guest address pc, in virtual kernel mode."""
        cache = self.cache(guest)
        start = cache.owner.get(pc)
        if start is not None:
            block = cache.blocks[start]
            word = vmm.machine.mem[guest.base + pc]
            if word == block.words[pc - start]:
                if pc in block.callouts:
                    return [(CALLOUT, vmm.costs.callout)]
                vmm.machine.watch([guest.base + pc])   # unchanged: only looked at
                return []
            self._invalidate(vmm, guest, cache, block, pc, word)
        block = self._scan(vmm, guest, cache, pc)
        return [(TRANSLATE, vmm.costs.bt_per_instruction * len(block.words))]

    def _scan(self, vmm, g: Guest, cache: Cache, start: int) -> Block:
        """Read a block from guest memory, from `start` to its end (nothing changes)."""
        mem, base, size = vmm.machine.mem, g.base, g.size
        words: list[int] = []
        callouts: list[int] = []
        successors: list[int] = []
        addr = start
        while addr < size:
            if words and (addr in cache.owner or addr in cache.pending):
                successors.append(addr)          # chained to a known block (or one due)
                break
            if len(words) == MAX_BLOCK:
                successors.append(addr)
                break
            word = mem[base + addr]
            words.append(word)
            ins = decode_cached(word)
            if ins is None:
                break                            # it traps (ILLEGAL) if it ever runs
            name = ins.mnemonic
            if name in CALLOUTS:
                callouts.append(addr)
            if name in ENDS:
                break
            if ins.info.shape == Shape.BRANCH:
                successors += [(addr + ins.imm) & MASK, addr + 1]
                break
            if name in DIRECT:
                successors.append(ins.imm)
                break
            addr += 1
        return Block(start, tuple(words), tuple(callouts), tuple(successors))

    # ------------------------------------------------------------------ the steps
    def handle_translate(self, vmm, cost: int) -> None:
        """The translate step has used its cycles: the block at pc joins the cache."""
        g = vmm.exiting()[0]
        m = vmm.machine
        cache = self.cache(g)
        block = self._scan(vmm, g, cache, g.vcpu.pc)
        base = g.base
        if block.start in cache.pending:
            cache.pending.discard(block.start)
            m.release([base + block.start])
        cache.add(block)
        m.watch(range(base + block.start, base + block.end))
        m.intercept([base + a for a in block.callouts])
        for s in block.successors:
            if s < g.size and s not in cache.owner and s not in cache.pending:
                cache.pending.add(s)
                m.intercept([base + s])
        cache.translations += 1
        cache.scanned += len(block.words)
        cache.translate_cycles += cost
        vmm.log.add(Translation, m.cycles, g.name, start=block.start, length=len(block.words),
                    callouts=block.callouts, successors=block.successors, cost=cost)
        self._go_on(vmm)

    def handle_callout(self, vmm, cost: int) -> None:
        """The callout step has used its cycles: the instruction done on the VCPU."""
        g = vmm.exiting()[0]
        v = g.vcpu
        m = vmm.machine
        cache = self.caches[g.index]         # made when the CPU stopped here
        pc = v.pc
        word = m.mem[g.base + pc]            # as translated: checked when the CPU stopped
        ins = decode_cached(word)
        before = v.snapshot()
        out_before = len(v.console.output)
        v.instret += 1
        native = 0
        if ins.mnemonic in INDIRECT:         # look the target up; the jump as natively
            target = v.regs[ins.rs]
            v.cycles += ins.info.cycles
            if ins.rd:
                v.regs[ins.rd] = (pc + 1) & MASK
            v.pc = target
        else:
            native = self.emulate(g, word, pc, m.cycles - cost)
        g.fresh_handler = False
        cache.callouts += 1
        cache.callout_cycles += cost
        after = v.snapshot()
        log, cycle = vmm.log, m.cycles
        log.record_row((Callout, log.seq, cycle, g.name, pc, word, before, after, cost))
        if len(v.console.output) > out_before:
            log.add(ConsoleOutput, cycle, g.name,
                    text=bytes(v.console.output[out_before:]).decode("latin-1"))
        if v.halted == HALT:
            vmm.set_guest_state(g, HALTED, "the guest executed HALT")
        elif v.halted:
            vmm.set_guest_state(g, STALLED, "WFI with no timer armed and no input queued")
        elif g.wake_at is not None and g.state != WAITING:
            vmm.set_guest_state(g, WAITING, f"WFI: idle for {native - 1} virtual cycles")
        if ins.mnemonic in INDIRECT or ins.mnemonic == "ERET":
            vmm.resume()                     # a new pc: looked up on the way in
        else:
            self._go_on(vmm)

    # ------------------------------------------------------------------ invalidation
    def _invalidate(self, vmm, g: Guest, cache: Cache, block: Block, at: int,
                    word: int) -> None:
        """The guest rewrote a word of `block`: drop it; jumps chained into it are
        intercepted again, so nothing runs untranslated."""
        m, base = vmm.machine, g.base
        del cache.blocks[block.start]
        for addr in range(block.start, block.end):
            del cache.owner[addr]
        m.unwatch(range(base + block.start, base + block.end))
        m.release([base + a for a in block.callouts])
        for other in cache.blocks.values():
            for s in other.successors:
                if block.start <= s < block.end and s not in cache.pending:
                    cache.pending.add(s)
                    m.intercept([base + s])
        cache.invalidations += 1
        vmm.log.add(Invalidation, m.cycles, g.name, start=block.start,
                    length=len(block.words), address=at, word=word)

    # ------------------------------------------------------------------ reading
    def translated_blocks(self, guest: Guest) -> list[tuple]:
        """The guest's translated blocks, by address: (start, words, callouts, successors)."""
        cache = self.cache(guest)
        return [(b.start, b.words, b.callouts, b.successors)
                for b in (cache.blocks[s] for s in sorted(cache.blocks))]

    def counters(self, vmm) -> dict:
        """Translation work, the cache and callouts: all guests, then each."""
        per_guest = {g.name: self.cache(g).counters() for g in vmm.guests}
        total = {}
        for figures in per_guest.values():
            for group, values in figures.items():
                into = total.setdefault(group, {})
                for key, value in values.items():
                    into[key] = into.get(key, 0) + value
        total["guests"] = per_guest
        return total

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {"caches": [[index, self.caches[index].get_state()]
                           for index in sorted(self.caches)]}

    def set_state(self, state: dict | None) -> None:
        """Back to a saved moment: the cache, and the machine's intercepts and watches
        (each watched word is looked at again before it next runs)."""
        self.caches = {index: Cache.from_state(data)
                       for index, data in (state or {}).get("caches", [])}
        vmm = self.vmm
        if vmm is None:
            return
        m = vmm.machine
        m.release(list(m.intercepts))
        m.unwatch(list(m.watched))
        for g in vmm.guests:
            cache = self.caches.get(g.index)
            if cache is None:
                continue
            base = g.base
            m.watch([base + a for a in cache.owner], verified=False)
            m.intercept([base + a for b in cache.blocks.values() for a in b.callouts])
            m.intercept([base + a for a in cache.pending])
        running = vmm.running
        m.intercepting = running is not None and vmm.guests[running].vcpu.kernel_mode


add_step(TRANSLATE, QT_TRANSLATE_NOOP("Labels", "translate"))
add_step(CALLOUT, QT_TRANSLATE_NOOP("Labels", "callout"))
register(TechniqueInfo("binary-translation", QT_TRANSLATE_NOOP("Labels", "binary translation"),
                       BinaryTranslation, order=20, kernel_runs="translated",
                       work_events=("translation", "callout", "invalidation")))
