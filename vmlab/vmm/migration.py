"""Live migration by pre-copy (Clark et al., NSDI 2005), as docs/migration.md describes it.

One guest moves from the scenario's host (the *source*) to a second host (the
*destination*) over a link that carries `link_words_per_cycle` words each
cycle.  Memory is counted in blocks of BLOCK_WORDS words, the blocks the
machine's dirty log marks (docs/isa.md, "Dirty-block logging"):

1. **Round 1** sends every block of the guest's memory while it runs.
2. **Round i + 1** sends the blocks the guest wrote during round i.  A round
   that sends W words lasts ceil(W / link) cycles.
3. After each round the stop rules (Xen's, with documented defaults) are
   looked at, in this order: few enough blocks dirtied in the round
   (`converged`), the maximum number of rounds (`max-rounds`), more than
   `max_traffic_factor` times the guest's memory sent (`traffic`), or a dirty
   rate at least the link's (`dirty-rate`: another round would be no shorter).
4. **Stop and copy**: the guest is paused on the source; the blocks dirtied in
   the last round and since, its VCPU and its devices' registers (STATE_WORDS)
   cross the link; it resumes on the destination
   ceil((dirty words + STATE_WORDS) / link) + link_latency cycles after it was
   paused: the **downtime**, physical time, which its virtual clock never sees.

This module holds the configuration, its defaults and checks, and the model's
arithmetic, as plain data and pure functions; the world engine
(vmlab/session/world.py) drives the two hosts with it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..machine.cpu import BLOCK_SHIFT, BLOCK_WORDS

# The VCPU (pc, 16 registers, the system registers, the virtual clock, instruction
# count and timer deadline) and the devices' registers (console, disk controller):
# at most one block, sent whole in the stop-and-copy.
STATE_WORDS = BLOCK_WORDS

# Stop reasons, spelled so in every output (docs/migration.md).
CONVERGED = "converged"          # a round dirtied at most stop_dirty_blocks blocks
MAX_ROUNDS = "max-rounds"        # max_rounds rounds done
TRAFFIC = "traffic"              # more than max_traffic_factor x memory sent
DIRTY_RATE = "dirty-rate"        # the guest dirtied at least as fast as the link sends
STOP_REASONS = (CONVERGED, MAX_ROUNDS, TRAFFIC, DIRTY_RATE)
GUEST_STOPPED = "guest-stopped"  # it halted (or crashed) first: nothing to move

# Phases of a migration (plain strings: they are saved with the world).
WAITING, PRECOPY, STOPPING, DOWNTIME, DONE, ABANDONED = (
    "waiting", "pre-copy", "stopping", "downtime", "done", "abandoned")


@dataclass(frozen=True)
class MigrationConfig:
    """The scenario's [migration] table; every default is Xen's rule at vmlab's scale."""

    guest: str
    start: int = 20_000              # the global cycle pre-copy begins at
    link_words_per_cycle: int = 4
    link_latency: int = 100          # cycles for a word to cross the link
    max_rounds: int = 29             # Xen's DEF_MAX_ITERS
    stop_dirty_blocks: int = 8       # Xen: 50 pages of 4 KiB; vmlab's guests are small
    max_traffic_factor: int = 3      # Xen's DEF_MAX_FACTOR

    # (key, low, high) of each whole-number key, for the scenario reader
    LIMITS = (("start", 0, 1 << 40), ("link_words_per_cycle", 1, 1 << 16),
              ("link_latency", 0, 1_000_000), ("max_rounds", 1, 1000),
              ("stop_dirty_blocks", 0, 1 << 20), ("max_traffic_factor", 1, 100))

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------- the model
def round_cycles(words: int, link: int) -> int:
    """How long a round that sends `words` takes: the link carries `link` words a cycle."""
    return -(-words // link)


def downtime_cycles(words: int, link: int, latency: int) -> int:
    """Stop and copy: the last dirty words and the state cross the link, the last one
    arriving `latency` cycles after it left."""
    return -(-(words + STATE_WORDS) // link) + latency


def stop_reason(config: MigrationConfig, rounds: int, blocks_dirtied: int, words_dirtied: int,
                cycles: int, total_sent: int, memory_words: int) -> str | None:
    """The rule that stops pre-copy after a round (None: another round), in order."""
    if blocks_dirtied <= config.stop_dirty_blocks:
        return CONVERGED
    if rounds >= config.max_rounds:
        return MAX_ROUNDS
    if total_sent > config.max_traffic_factor * memory_words:
        return TRAFFIC
    if words_dirtied >= config.link_words_per_cycle * cycles:
        return DIRTY_RATE
    return None


def block_words(block: int, size: int) -> int:
    """Words of guest block `block` in a memory of `size` words (the last may be short)."""
    return min(BLOCK_WORDS, size - block * BLOCK_WORDS)


def blocks_words(blocks, size: int) -> int:
    return sum(block_words(b, size) for b in blocks)


def all_blocks(size: int) -> list[int]:
    return list(range(-(-size // BLOCK_WORDS)))


def guest_blocks(physical_blocks, base: int, size: int) -> set[int]:
    """The guest's blocks (guest-physical, from its address 0) that the machine's dirty
    blocks (physical) overlap, for a partition at `base` of `size` words."""
    out: set[int] = set()
    end = base + size
    for p in physical_blocks:
        lo, hi = max(p << BLOCK_SHIFT, base), min((p + 1) << BLOCK_SHIFT, end)
        if lo < hi:
            out.update(range((lo - base) >> BLOCK_SHIFT, ((hi - 1 - base) >> BLOCK_SHIFT) + 1))
    return out


class Precopy:
    """What the migration has done so far: plain data (get_state), figures (report)."""

    def __init__(self, config: MigrationConfig, memory_words: int) -> None:
        self.config = config
        self.memory_words = memory_words
        self.phase = WAITING
        self.rounds: list[dict] = []         # per round: start, cycles, blocks/words sent, dirtied
        self.sending: list[int] = []         # guest blocks the round in progress sends
        self.round_start = self.round_end = 0
        self.pending: list[int] = []         # blocks dirtied in the last round, to send at the stop
        self.reason: str | None = None
        self.pause_cycle = self.resume_cycle = None
        self.final_blocks = self.final_words = 0

    # ------------------------------------------------------------------ steps
    def begin(self, now: int) -> None:
        self._start_round(now, all_blocks(self.memory_words))

    def _start_round(self, now: int, blocks: list[int]) -> None:
        self.phase = PRECOPY
        self.sending = list(blocks)
        self.round_start = now
        words = blocks_words(blocks, self.memory_words)
        self.round_end = now + round_cycles(words, self.config.link_words_per_cycle)

    def end_round(self, now: int, dirtied: set[int]) -> str | None:
        """The round in progress ends at `now`, during which the guest wrote `dirtied`:
        record it; start the next round, or return the stop rule that holds."""
        size = self.memory_words
        sent = blocks_words(self.sending, size)
        dirty_words = blocks_words(dirtied, size)
        cycles = now - self.round_start
        self.rounds.append({"start": self.round_start, "cycles": cycles,
                            "blocks_sent": len(self.sending), "words_sent": sent,
                            "blocks_dirtied": len(dirtied), "words_dirtied": dirty_words})
        total = sum(r["words_sent"] for r in self.rounds)
        reason = stop_reason(self.config, len(self.rounds), len(dirtied), dirty_words, cycles,
                             total, size)
        if reason is None:
            self._start_round(now, sorted(dirtied))
        else:
            self.reason, self.phase = reason, STOPPING
            self.sending, self.pending = [], sorted(dirtied)
        return reason

    def paused(self, at: int, dirtied_since: set[int]) -> int:
        """The guest was paused on the source at `at`: what is left to send; returns the
        cycle it resumes on the destination."""
        final = set(self.pending) | dirtied_since
        self.pending = sorted(final)
        self.final_blocks = len(final)
        self.final_words = blocks_words(final, self.memory_words)
        self.pause_cycle = at
        cfg = self.config
        self.resume_cycle = at + downtime_cycles(self.final_words, cfg.link_words_per_cycle,
                                                 cfg.link_latency)
        self.phase = DOWNTIME
        return self.resume_cycle

    def finish(self) -> None:
        self.phase, self.pending = DONE, []

    def abandon(self) -> None:
        self.phase, self.reason, self.sending, self.pending = ABANDONED, GUEST_STOPPED, [], []

    # ------------------------------------------------------------------ reading
    def report(self) -> dict:
        """The figures (the `migration` object of `vmlab run --scenario … --json`)."""
        cfg, size = self.config, self.memory_words
        precopy = sum(r["words_sent"] for r in self.rounds)
        final = self.final_words + (STATE_WORDS if self.phase == DONE else 0)
        total = precopy + final
        downtime = (None if self.resume_cycle is None
                    else self.resume_cycle - self.pause_cycle)
        return {
            "guest": cfg.guest, "phase": self.phase, "memory_words": size,
            "block_words": BLOCK_WORDS,
            "link_words_per_cycle": cfg.link_words_per_cycle, "link_latency": cfg.link_latency,
            "start_cycle": cfg.start,
            "rounds": len(self.rounds),
            "round_cycles": [r["cycles"] for r in self.rounds],
            "blocks_sent": [r["blocks_sent"] for r in self.rounds],
            "blocks_dirtied": [r["blocks_dirtied"] for r in self.rounds],
            "words_sent": [r["words_sent"] for r in self.rounds],
            "words_dirtied": [r["words_dirtied"] for r in self.rounds],
            "stop_and_copy": {"blocks": self.final_blocks, "words": self.final_words,
                              "state_words": STATE_WORDS},
            "total_words_sent": total,
            "traffic_factor": round(total / size, 3),
            "pause_cycle": self.pause_cycle, "resume_cycle": self.resume_cycle,
            "downtime_cycles": downtime,
            "stop_reason": self.reason,
            "rules": {"max_rounds": cfg.max_rounds, "stop_dirty_blocks": cfg.stop_dirty_blocks,
                      "max_traffic_factor": cfg.max_traffic_factor},
        }

    def get_state(self) -> dict:
        return {"phase": self.phase, "rounds": [dict(r) for r in self.rounds],
                "sending": list(self.sending), "round_start": self.round_start,
                "round_end": self.round_end, "pending": list(self.pending),
                "reason": self.reason, "pause_cycle": self.pause_cycle,
                "resume_cycle": self.resume_cycle, "final_blocks": self.final_blocks,
                "final_words": self.final_words}

    def set_state(self, state: dict) -> None:
        for key, value in state.items():
            setattr(self, key, [dict(r) for r in value] if key == "rounds"
                    else list(value) if isinstance(value, list) else value)
