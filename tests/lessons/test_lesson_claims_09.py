"""Lesson 9's kvm steps say only what the simulation shows (issue 16, items 2 and 8).

* the kvm step's answer, backup's cycles in user mode plus the cycles charged
  to it, is exactly how much later the virtual machines end than the same two
  under type 1 without the process (the feedback says so);
* what the text says of backup: a user program with no kernel of its own, its
  system calls the host kernel's work, never a VM exit;
* the kvm-type step's answer is the choice about the VMM in the kernel, and
  the scenario it speaks of has no host-kernel transitions (type 2's).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.expr import evaluate
from vmlab.observe.events import VmExit
from vmlab.session import Session
from vmlab.vmm.host_os import HostSyscall

LESSON = Path(__file__).resolve().parents[2] / "lessons" / "09-hypervisor-types.toml"


def at(engine: LessonEngine, step_id: str) -> LessonEngine:
    index = next(i for i, s in enumerate(engine.lesson.steps) if s.id == step_id)
    engine.go(index).run_all()
    return engine


def test_backups_cycles_are_how_much_later_the_vms_end():
    lesson = load_lesson(LESSON)
    engine = at(LessonEngine(lesson, seed=1), "kvm")
    step = next(s for s in lesson.steps if s.id == "kvm")
    answer = evaluate(step.question.compute, engine.functions())
    session = engine.session
    assert session.halted
    kvm = session.scenario
    alone = Session(dataclasses.replace(kvm, hosting="type-1",
                                        guests=[g for g in kvm.guests if not g.process]))
    alone.run(10**7)
    assert alone.halted
    assert answer == session.cycle - alone.cycle > 0
    events, _ = session.events.read(None)
    assert all(e.guest != "backup" for e in events if isinstance(e, VmExit))
    assert any(e.guest == "backup" for e in events if isinstance(e, HostSyscall))
    assert session.cycles_by_bucket()["backup.kernel"] == 0
    assert session.counters().host_transitions == 0


def test_the_kvm_type_answer_is_the_vmm_in_the_kernel():
    lesson = load_lesson(LESSON)
    step = next(s for s in lesson.steps if s.id == "kvm-type")
    chosen = step.question.choices[step.question.answer]
    assert "kernel" in chosen.en and "nucli" in chosen.ca
    assert "application" not in chosen.en
