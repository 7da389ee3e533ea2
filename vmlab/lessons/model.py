"""What a lesson is, once loaded and validated (see loader.py for the file format)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..vmm.techniques import NATIVE
from .expr import Node

LANGUAGES = ("en", "ca")
LEVELS = ("basic", "intermediate", "advanced")
QUESTION_KINDS = ("choice", "number", "text")
PANELS = ("layers", "code", "registers", "memory", "traps", "timeline", "consoles",
          "statistics", "comparison", "lesson")


@dataclass(frozen=True)
class Text:
    """A text in every language of the lab."""

    en: str
    ca: str

    def get(self, lang: str) -> str:
        return self.ca if lang == "ca" else self.en


@dataclass(frozen=True)
class Parameter:
    name: str
    low: int
    high: int
    step: int
    target: str                 # scenario.quantum, guest.<g>.memory, costs.<c>, program.<g>.<EQU>
    description: Text | None = None

    def values(self) -> range:
        return range(self.low, self.high + 1, self.step)


@dataclass(frozen=True)
class Action:
    kind: str                   # "reset", "run-until", ... (see loader.ACTIONS)
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    kind: str                   # choice | number | text
    prompt: Text
    choices: tuple[Text, ...] = ()
    answer: object = None       # fixed answer (choice index, number or text), or None
    compute: Node | None = None  # computed answer, when `answer` is None
    compute_text: str = ""
    tolerance: float = 0
    tolerance_percent: float = 0
    accept: tuple[str, ...] = ()  # other accepted texts
    correct: Text | None = None
    wrong: Text | None = None


@dataclass(frozen=True)
class Check:
    expect: Node
    expect_text: str
    explain: Text


@dataclass(frozen=True)
class Exercise:
    program: Path               # the starting code, inside the lesson's folder
    starter: str                # its text
    guest: str = "program"      # the name the checks use for it
    technique: str = NATIVE
    max_cycles: int = 200_000
    input: str = ""
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Step:
    id: str
    text: Text
    panel: str | None = None
    actions: tuple[Action, ...] = ()
    question: Question | None = None
    exercise: Exercise | None = None
    hints: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Lesson:
    id: str
    path: Path | None
    title: Text
    summary: Text
    level: str
    minutes: int
    order: int
    scenario_source: object     # a scenario name, or an inline table (dict)
    parameters: tuple[Parameter, ...]
    steps: tuple[Step, ...]

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path else None

    def question_count(self) -> int:
        return sum(1 for s in self.steps if s.question)
