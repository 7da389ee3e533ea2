"""`vmlab lesson play` as a test harness for authors (issue 14): scripted answers (wrong
ones included) and exercise programs, the checks that fail and why, computed choices as
their text, step text readable, its own words in the chosen language, and an exit
status that says whether everything went as expected (0), not (1), or the lesson is at
fault (2)."""

from __future__ import annotations

import re

import pytest

from vmlab.cli.main import main
from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.rehearse import plain_text, wrong_answer

from .helpers import LESSONS, ROOT
from .test_docs import TICKS_SOLUTION

DOC = ROOT / "docs" / "lessons.md"


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end)]


@pytest.fixture
def ticks(tmp_path, monkeypatch):
    """The annotated example of docs/lessons.md (section 10), its starter and a solution."""
    monkeypatch.chdir(tmp_path)
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", section(text, "## 10.", "## 11."),
                        re.DOTALL).group(1)
    (tmp_path / "08-beta-ticks.toml").write_text(example, encoding="utf-8")
    (tmp_path / "beta-ticks.vl32").write_text("start:\n    halt\n", encoding="utf-8")
    (tmp_path / "beta-ticks-solution.vl32").write_text(TICKS_SOLUTION, encoding="utf-8")
    return tmp_path / "08-beta-ticks.toml"


def play(capsys, *argv):
    code = main(["lesson", "play", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_right_answers_choices_as_their_text_and_the_failing_checks(ticks, capsys):
    code, out, err = play(capsys, ticks, "--seed", 1)
    assert code == 0, err
    assert "-> 0: Kernel mode (correct)" in out           # not "-> 0" nor "-> True"
    assert out.count("(correct)") == 3
    assert "exercise with the starter code: 1/2 checks pass" in out
    assert ("fails: count(console('ticks'), 'tick') == 3 — The console must show tick "
            "exactly three times.") in out
    assert "The program must end with HALT" not in out     # that check passes
    assert out.rstrip().endswith("Everything as expected: 3 questions, 1 exercise.")


def test_wrong_answers_rehearse_the_feedback(ticks, capsys):
    code, out, err = play(capsys, ticks, "--answers", "wrong")
    assert code == 0, err
    assert out.count("(wrong, as scripted)") == 3 and "(correct)" not in out
    assert "-> 1: User mode (wrong, as scripted)" in out
    assert "feedback: Where does the CPU go on a trap?" in out       # the lesson's own
    assert "feedback: Not quite. Look at the simulation again" in out  # the default
    assert "right answer: 0: Kernel mode" in out
    assert "right answer: 'TIMER'" in out


def test_the_documented_answers_file(ticks, capsys):
    text = DOC.read_text(encoding="utf-8")
    answers = re.search(r"```toml\n(# vmlab lesson play 11-beta-ticks.*?)```",
                        section(text, "## 9.", "## 10."), re.DOTALL).group(1)
    (ticks.parent / "answers.toml").write_text(answers, encoding="utf-8")
    code, out, err = play(capsys, ticks, "--answers", "answers.toml")
    assert code == 0, out + err
    assert "-> 1: User mode (wrong, as scripted)" in out
    assert "-> 'STATUS' (wrong, as scripted)" in out
    assert "exercise with beta-ticks-solution.vl32: 2/2 checks pass" in out
    assert "fails:" not in out


def write_answers(ticks, text):
    path = ticks.parent / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_outcome_not_as_scripted_exits_1(ticks, capsys):
    path = write_answers(ticks, '[first-tick]\nanswer = 1\n\n[your-turn]\nexpect = "pass"\n')
    code, out, _ = play(capsys, ticks, "--answers", path)
    assert code == 1
    assert "-> 1: User mode (WRONG)" in out
    assert "UNEXPECTED: it fails, and the script expects it to pass" in out
    assert "fails: count(console('ticks'), 'tick') == 3" in out
    assert "Not as expected: 2 of 4 outcomes" in out


def test_a_right_answer_scripted_as_wrong_is_reported(ticks, capsys):
    path = write_answers(ticks, '[first-tick]\nanswer = 0\nexpect = "wrong"\n')
    code, out, _ = play(capsys, ticks, "--answers", path)
    assert code == 1 and "(CORRECT, but the script expects a wrong answer)" in out


@pytest.mark.parametrize("text, key, fragment", [
    ('[firs-tick]\nanswer = 0\n', "firs-tick", "no step 'firs-tick'; did you mean [first-tick]?"),
    ('[first-tick]\nanswr = 0\n', "first-tick.answr", "unknown key; allowed here: answer, "
                                                      "expect"),
    ('[first-tick]\nanswer = 0\nexpect = "right"\n', "first-tick.expect",
     'must be "correct" or "wrong"'),
    ('[your-turn]\nprogram = "nope.vl32"\n', "your-turn.program", "'nope.vl32': file not found"),
    ('[your-turn]\nanswer = 3\n', "your-turn.answer", "allowed here: expect, program"),
    ('[first-tick]\nanswer = [1]\n', "first-tick.answer", "what the student types"),
])
def test_mistakes_in_an_answers_file_exit_2_with_their_line(ticks, capsys, text, key,
                                                            fragment):
    path = write_answers(ticks, "# answers\n" + text)
    code, out, err = play(capsys, ticks, "--answers", path)
    assert code == 2 and out == ""
    line = re.search(rf"{re.escape(str(path))}:(\d+): {re.escape(key)}: (.*)", err)
    assert line, err
    assert fragment in line.group(2)
    assert int(line.group(1)) == next(
        i + 1 for i, t in enumerate(text.splitlines()) if key.split(".")[-1] in t) + 1


def test_a_missing_answers_file(ticks, capsys):
    code, _, err = play(capsys, ticks, "--answers", "no-such.toml")
    assert code == 2 and "no-such.toml" in err and "right, wrong or an answers file" in err


def test_catalan_scaffolding(ticks, capsys):
    code, out, _ = play(capsys, ticks, "--lang", "ca", "--seed", 1)
    assert code == 0
    lesson = load_lesson(ticks)
    assert out.startswith(f"{lesson.title.ca} — llavor 1, paràmetres ")
    assert "(cicle " in out and "(cycle " not in out
    assert "-> 0: Mode nucli (correcta)" in out and "(correct)" not in out
    assert "exercici amb el codi inicial: 1 de 2 comprovacions superades" in out
    assert "falla: count(console('ticks'), 'tick') == 3 — La consola ha de mostrar tick " \
           "exactament tres vegades." in out
    assert "Tot com es preveia: 3 preguntes, 1 exercici." in out
    for english in ("seed", "checks pass", "Everything", "feedback", "exercise with"):
        assert english not in out


def test_catalan_wrong_answers_and_numbers(ticks, capsys):
    code, out, _ = play(capsys, ticks, "--lang", "ca", "--answers", "wrong")
    assert code == 0
    assert out.count("(incorrecta, com preveu el guió)") == 3
    assert "missatge: On va la CPU en un trap?" in out
    assert "resposta correcta: 0: Mode nucli" in out


NUMBER_LESSON = '''id = "big"
title = { en = "Big", ca = "Gran" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"

[[step]]
id = "count"
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", cycle = 12345 } ]
[step.question]
kind = "number"
prompt = { en = "Cycle?", ca = "Cicle?" }
compute = "cycles()"
'''


@pytest.mark.parametrize("lang, typed, expect", [
    ("ca", "12.345", 0), ("ca", "12.345 cicles", 0), ("en", "12,345 cycles", 0),
    ("en", "12.345", 1), ("ca", "12,345", 1),
])
def test_answers_are_read_as_a_student_of_that_language_types_them(tmp_path, capsys, lang,
                                                                    typed, expect):
    lesson = tmp_path / "big.toml"
    lesson.write_text(NUMBER_LESSON, encoding="utf-8")
    answers = write_answers(lesson, f'[count]\nanswer = "{typed}"\n')
    code, out, _ = play(capsys, lesson, "--lang", lang, "--answers", answers)
    assert code == expect, out
    assert ("12.345" if lang == "ca" else "12,345") in out.split("->")[-1]


def test_a_computed_choice_is_printed_as_the_choice(tmp_path, capsys):
    lesson = tmp_path / "yes.toml"
    lesson.write_text(NUMBER_LESSON.replace('kind = "number"', 'kind = "choice"\nchoices = [ '
                                            '{ en = "No", ca = "No" }, { en = "Yes, it has", '
                                            'ca = "Sí" } ]').replace(
        '"cycles()"', '"cycles() > 1000"'), encoding="utf-8")
    code, out, _ = play(capsys, lesson)
    assert code == 0 and "-> 1: Yes, it has (correct)" in out and "True" not in out
    code, out, _ = play(capsys, lesson, "--answers", "wrong", "--lang", "ca")
    assert code == 0 and "-> 0: No (incorrecta, com preveu el guió)" in out
    assert "resposta correcta: 1: Sí" in out


def test_a_target_never_reached_is_not_as_expected(tmp_path, capsys):
    lesson = tmp_path / "never.toml"
    lesson.write_text(NUMBER_LESSON.replace("cycle = 12345", 'console = { guest = "alpha", '
                                            'text = "never printed" }, max_cycles = 20000'),
                      encoding="utf-8")
    code, out, _ = play(capsys, lesson)
    assert code == 1 and "note: run-until console: not reached" in out


def test_wrong_answers_are_refused_by_their_question():
    lesson = load_lesson(LESSONS / "03-trap-and-emulate.toml")
    engine = LessonEngine(lesson, seed=5)
    runner = engine.go(0)
    seen = set()
    while runner is not None:
        runner.run_all()
        question = engine.step.question
        if question:
            expected = engine.expected()
            wrong = wrong_answer(question, expected)
            assert wrong is not None and not engine.answer(wrong).correct, engine.step.id
            assert engine.answer(expected).correct
            seen.add(question.kind)
        runner = engine.next()
    assert {"choice", "number"} <= seen


# ------------------------------------------------------------------------- step text
@pytest.mark.parametrize("markdown, shown", [
    ("# The first tick\n\nBeta armed its **timer**.", "The first tick"),
    ("Look at the **timeline**: `world_switches()` and [the guide](guide.md) say it.\n\n"
     "Second paragraph.", "Look at the timeline: world_switches() and the guide say it."),
    ("- *first* item\n- second item", "first item second item"),
    ("```\ncode first\n```\nThen *this* text.", "Then this text."),
    ("   ## Heading with spaces ##  \ntext", "Heading with spaces"),
])
def test_plain_text_is_the_title_or_the_first_paragraph(markdown, shown):
    assert plain_text(markdown) == shown


def test_plain_text_is_cut_at_a_word():
    text = "Alpha " * 10 + "Supercalifragilistic words that follow after the width"
    shown = plain_text(text, width=70)
    assert shown.endswith("…") and len(shown) <= 71
    assert shown[:-1].split()[-1] in text.split()         # a whole word before the dots


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.toml"))[:3], ids=lambda p: p.stem)
def test_shipped_steps_are_printed_readably(path, capsys):
    lesson = load_lesson(path)
    code, out, _ = play(capsys, path, "--lang", "ca")
    assert code == 0
    lines = [line for line in out.splitlines() if re.match(r"\[\d+/\d+\] ", line)]
    assert len(lines) == len(lesson.steps)
    words = set(re.findall(r"\w+", " ".join(s.text.ca for s in lesson.steps)))
    for line in lines:
        text = re.sub(r"^\[\d+/\d+\] [\w-]+: ", "", re.sub(r" \(cicle [\d.]+\)$", "", line))
        assert not re.search(r"\*\*|`|^#|\]\(", text), line
        last = re.findall(r"\w+", text.removesuffix("…"))[-1]
        assert last in words, f"cut mid-word: {line}"
