"""docs/lessons.md and docs/lessons.ca.md: complete, in step with the code, same structure."""

import re

import pytest

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.loader import ACTIONS, RUN_UNTIL_TARGETS
from vmlab.lessons.metrics import metric_functions
from vmlab.lessons.model import PANELS, QUESTION_KINDS
from vmlab.isa.spec import CAUSE_NUMBERS, SR_NAMES
from vmlab.vmm.costs import CostModel

from .helpers import ROOT

DOCS = {"en": ROOT / "docs" / "lessons.md", "ca": ROOT / "docs" / "lessons.ca.md"}

TICKS_SOLUTION = """
.entry start
start:  li    r3, 3
again:  la    r1, word
print:  lw    r2, 0(r1)
        beqz  r2, next
        out   CONSOLE_OUT, r2
        addi  r1, r1, 1
        b     print
next:   addi  r3, r3, -1
        bnez  r3, again
        halt
word:   .string "tick\\n"
"""


@pytest.fixture(scope="module", params=["en", "ca"])
def doc(request):
    return request.param, DOCS[request.param].read_text(encoding="utf-8")


def _headings(text):
    return [(len(m.group(1)), re.sub(r"\s+.*", "", m.group(2)))
            for m in re.finditer(r"^(#{1,3}) (\S+(?: \S+)?)", text, re.MULTILINE)
            if not m.group(2).startswith("#")]


def test_same_structure_in_both_languages():
    en, ca = (DOCS[lang].read_text(encoding="utf-8") for lang in ("en", "ca"))
    outline = [(level, number) for level, number in _headings(en)]
    outline_ca = [(level, number) for level, number in _headings(ca)]
    # The same numbered sections and subsections, in the same order.
    assert [h for h in outline if h[0] > 1] == [h for h in outline_ca if h[0] > 1]
    assert len([h for h in outline if h[0] == 2]) == 11
    # The same number of tables and code blocks.
    assert en.count("```") == ca.count("```")
    assert len(re.findall(r"^\|---", en, re.MULTILINE)) == len(re.findall(r"^\|---", ca,
                                                                          re.MULTILINE))
    assert "lessons.ca.md" in en and "lessons.md" in ca


def test_every_metric_action_target_panel_and_key_is_documented(doc):
    lang, text = doc
    for name in metric_functions(None, {}):
        assert f"`{name}(" in text, f"{lang}: metric {name}() is not documented"
    for action in ACTIONS:
        assert f"`{action}`" in text, f"{lang}: action {action}"
    for target in RUN_UNTIL_TARGETS + ("max_cycles",):
        assert f"`{target}" in text, f"{lang}: run-until target {target}"
    for panel in PANELS:
        assert f"`{panel}`" in text, f"{lang}: panel {panel}"
    for kind in QUESTION_KINDS:
        assert f"`{kind}`" in text, f"{lang}: question kind {kind}"
    for key in ("id", "title", "summary", "scenario", "order", "level", "minutes",
                "[[parameter]]", "[[step]]", "panel", "actions", "hints", "prompt", "choices",
                "answer", "compute", "tolerance", "tolerance_percent", "accept", "correct",
                "wrong", "program", "guest", "technique", "input", "expect", "explain",
                "min", "max", "step", "set", "description"):
        assert f"`{key}" in text or f"{key} =" in text, f"{lang}: key {key}"
    for cause in CAUSE_NUMBERS:
        assert f"`{cause}`" in text, f"{lang}: cause {cause}"
    for sr in SR_NAMES:
        assert f"`{sr}`" in text or sr in text, f"{lang}: system register {sr}"
    for cost in CostModel.names():
        assert f"`{cost}`" in text, f"{lang}: cost {cost}"
    for command in ("vmlab lesson check", "vmlab lesson new", "vmlab lesson play"):
        assert command in text


def _example(text):
    section = text[text.index("## 10."):text.index("## 11.")]
    return re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)


def test_the_annotated_example_is_a_valid_lesson_that_plays(doc, tmp_path):
    lang, text = doc
    path = tmp_path / "08-beta-ticks.toml"
    path.write_text(_example(text), encoding="utf-8")
    (tmp_path / "beta-ticks.vl32").write_text("halt\n", encoding="utf-8")
    lesson = load_lesson(path)
    assert lesson.id == "beta-ticks" and len(lesson.steps) == 4
    assert {s.question.kind for s in lesson.steps if s.question} == set(QUESTION_KINDS)
    for seed in (1, 2):
        engine = LessonEngine(lesson, seed=seed)
        assert f"{engine.params['tick']} cycles" in engine.lesson.steps[0].text.en
        runner = engine.go(0)
        while runner is not None:
            runner.run_all()
            assert not runner.notes
            if engine.step.question:
                assert engine.answer(engine.expected()).correct
            if engine.step.exercise:
                assert not engine.submit_exercise(engine.step.exercise.starter).ok
                assert engine.submit_exercise(TICKS_SOLUTION).ok
            runner = engine.next()


def test_the_examples_are_the_same_lesson_in_both_docs():
    en, ca = (_example(DOCS[lang].read_text(encoding="utf-8")) for lang in ("en", "ca"))
    code = [re.sub(r"#.*", "", line).rstrip() for line in en.splitlines()]
    code_ca = [re.sub(r"#.*", "", line).rstrip() for line in ca.splitlines()]
    assert code == code_ca            # only the comments are translated
