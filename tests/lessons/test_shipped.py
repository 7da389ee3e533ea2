"""The shipped lessons: valid, bilingual everywhere, enough questions, the course's shape."""

import re

import pytest

from vmlab.lessons import load_lesson, shipped_lessons
from vmlab.lessons.engine import default_lesson_path

from .helpers import LESSON_FILES, LESSONS, texts, vmlab

# The course's lessons by order.
EXPECTED_IDS = {1: "processes", 2: "host-vmm-guests", 3: "trap-and-emulate",
                4: "popek-goldberg", 5: "isolation-resources", 6: "bt-and-hardware-assist",
                7: "paravirtualization", 8: "lifecycle", 9: "hypervisor-types",
                10: "language-vms-emulators-containers"}


def test_the_lessons_are_shipped_in_course_order():
    lessons = shipped_lessons()
    orders = [lesson.order for lesson in lessons]
    assert orders == sorted(set(orders)), "one lesson per place in the course"
    # Each file is named after its place: 01-…, 02-…
    assert [p.name[:3] for p in LESSON_FILES] == [f"{order:02d}-" for order in orders]
    by_order = {lesson.order: lesson.id for lesson in lessons}
    for order, lesson_id in EXPECTED_IDS.items():
        assert by_order.get(order) == lesson_id, (order, lesson_id)


def test_the_default_lesson_is_the_first():
    assert default_lesson_path() == LESSONS / "01-processes.toml"


def test_the_command_line_check_passes_on_every_shipped_lesson():
    result = vmlab("lesson", "check", *[str(p) for p in LESSON_FILES])
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(": ok") == len(LESSON_FILES)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_lesson_shape(path):
    lesson = load_lesson(path)
    assert 6 <= len(lesson.steps) <= 12
    questions = [s.question for s in lesson.steps if s.question]
    assert len(questions) >= 3
    assert any(q.compute is not None for q in questions), "at least one computed answer"
    for q in questions:
        assert q.correct is not None and q.wrong is not None, "feedback in both directions"
    assert any(s.hints for s in lesson.steps)
    assert lesson.level in ("basic", "intermediate", "advanced") and lesson.minutes > 0
    kinds = {kind for s in lesson.steps for kind in (a.kind for a in s.actions)}
    assert {"reset", "run-until", "open-panel"} <= kinds | {"load-scenario"}


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_both_languages_are_non_empty_and_different(path):
    lesson = load_lesson(path)
    found = list(texts(lesson))
    assert len(found) > 20
    for text in found:
        assert text.en.strip() and text.ca.strip()
    # Long texts are translations, not copies.
    for step in lesson.steps:
        assert step.text.en != step.text.ca


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_catalan_typography(path):
    """Typographic apostrophe, guillemets, l·l; glosses of host, guest and trap at first use."""
    lesson = load_lesson(path)
    for text in texts(lesson):
        prose = re.sub(r"```.*?```|`[^`]*`", "", text.ca, flags=re.S)
        assert "'" not in prose, f"straight apostrophe in: {prose[:80]!r}"
        assert '"' not in prose, f"straight quotes in: {prose[:80]!r}"
        assert not re.search(r"l\.l|l-l", prose), prose[:80]
    body = "\n".join(step.text.ca for step in lesson.steps)
    glosses = {"host": r"\(amfitrió", "guest": r"\(convidat", "trap": r"\(excepci"}
    for word, gloss in glosses.items():
        first = re.search(rf"\b{word}s?\b(?!\s+and\s+emulate)", body, re.IGNORECASE)
        if first:
            after = body[first.end():first.end() + 24]
            context = body[first.start() - 40:first.end() + 20]
            assert re.match(rf"[*`]*\s*{gloss}", after), \
                f"first '{word}' without its gloss: …{context}…"


def test_the_set_has_exercises_and_parameters():
    lessons = [load_lesson(p) for p in LESSON_FILES]
    exercises = [s.exercise for lesson in lessons for s in lesson.steps if s.exercise]
    assert len(exercises) >= 2
    for exercise in exercises:
        assert exercise.program.parent == LESSONS and exercise.program.is_file()
        assert len(exercise.checks) >= 3
    assert {e.technique for e in exercises} == {"native", "trap-and-emulate"}
    with_parameters = [lesson for lesson in lessons if lesson.parameters]
    assert len(with_parameters) >= 2
    for lesson in with_parameters:
        names = {p.name for p in lesson.parameters}
        computes = " ".join(s.question.compute_text for s in lesson.steps if s.question)
        texts_with_values = " ".join(t.en for t in texts(lesson))
        assert any(f"{{{name}}}" in texts_with_values for name in names) or "param(" in computes


def test_glossary_terms_in_english_and_catalan():
    """The course's vocabulary, in both languages (GLOSSARY.md)."""
    everything_en = " ".join(t.en for p in LESSON_FILES for t in texts(load_lesson(p)))
    everything_ca = " ".join(t.ca for p in LESSON_FILES for t in texts(load_lesson(p)))
    for term in ("world switch", "VM exit", "virtual CPU", "hypervisor", "time-sharing",
                 "paravirtualization", "binary translation", "hardware-assisted"):
        assert term in everything_en, term
    for term in ("canvi de màquina", "sortida de la MV", "CPU virtual",
                 "hipervisor", "temps compartit", "paravirtualització", "traducció binària",
                 "assistida per maquinari", "mode nucli", "crida al sistema", "aïllament",
                 "control de recursos", "equivalència", "eficiència"):
        assert term in everything_ca, term
