"""Answers read as the panels show them: units, percent signs, the language's separators."""

import pytest

from vmlab.lessons.engine import parse_number
from vmlab.lessons.numbers import read_number

from .test_hardening import engine_for


@pytest.mark.parametrize("typed, language, value", [
    ("78,9 %", "ca", 78.9),            # copied from the Catalan statistics panel
    ("78.9%", "en", 78.9),
    ("78,9", "en", 78.9),              # only a decimal comma can be written so
    ("13,244", "en", 13244),           # English thousands
    ("13.244", "ca", 13244),           # Catalan thousands
    ("3.000", "ca", 3000),
    ("3.000", "en", 3.0),
    ("46.960,5 cicles", "ca", 46960.5),
    ("46,960.5 cycles", "en", 46960.5),
    ("1,234,567", "ca", 1234567),      # only thousands can be written so
    ("12 000", "en", 12000),
    ("12\u00a0000", "ca", 12000),      # a non-breaking space groups digits too
    ("100.000 cicles/s", "ca", 100000),
    ("2,5 µs", "ca", 2.5),
    ("\u22123,5", "ca", -3.5),         # a typographic minus sign
    ("0x1F", "en", 31),
    ("1e5", "en", 100000.0),
])
def test_a_number_as_the_window_writes_it_is_read(typed, language, value):
    assert read_number(typed, language).values == (value,)


def test_an_ambiguous_form_with_no_language_may_mean_either():
    assert set(read_number("13,244").values) == {13244, 13.244}
    assert set(read_number("3.000").values) == {3000, 3.0}


@pytest.mark.parametrize("typed", ["abc", "", "12,", "1.2.3", "1,23,4", "cycles 12", "--3"])
def test_what_is_not_a_number_says_so(typed):
    reading = read_number(typed, "en")
    assert reading.values == () and reading.problem is not None
    assert parse_number(typed, "en") is None


@pytest.mark.parametrize("language, typed", [("en", "13,244 cycles"), ("ca", "13.244 cicles"),
                                             ("en", "13244"), ("ca", "13 244")])
def test_a_question_accepts_the_panels_format_in_each_language(tmp_path, language, typed):
    engine = engine_for(tmp_path, "number", "answer = 13244")
    engine.language = language
    assert engine.answer(typed).correct


def test_the_other_languages_reading_of_an_ambiguous_form_is_not_accepted(tmp_path):
    engine = engine_for(tmp_path, "number", "answer = 3")
    engine.language = "ca"
    assert not engine.answer("3.000").correct      # in Catalan that is three thousand
    engine.language = "en"
    assert engine.answer("3.000").correct


def test_a_percentage_copied_with_its_sign_is_right(tmp_path):
    engine = engine_for(tmp_path, "number", "answer = 78.9\ntolerance = 0.05")
    engine.language = "ca"
    assert engine.answer("78,9 %").correct


def test_feedback_says_when_the_format_is_the_problem(tmp_path):
    engine = engine_for(tmp_path, "number", "answer = 13244")
    engine.language = "ca"
    feedback = engine.answer("tretze mil")
    assert not feedback.correct
    assert "13.244 o 78,9" in feedback.message.ca and "13,244 or 78.9" in feedback.message.en
    wrong = engine.answer("13.000")                 # a number, just the wrong one
    assert not wrong.correct and "13.244 o 78,9" not in wrong.message.ca
