"""Scenario files for authors (issue 14): documented key by key in both languages, told
apart from lessons by `vmlab lesson check`, and unknown names answered with the nearest
one and where they were looked for."""

from __future__ import annotations

import re
import shutil

import pytest

from vmlab.cli.main import main
from vmlab.lessons import LessonError, load_lesson
from vmlab.scenario import (ScenarioError, available_scenarios, load_scenario, parse_scenario,
                            scenarios_dir)
from vmlab.vmm import techniques
from vmlab.vmm.costs import CostModel

from .helpers import LESSONS, ROOT

DOCS = {"en": ROOT / "docs" / "scenarios.md", "ca": ROOT / "docs" / "scenarios.ca.md"}


def allowed_keys(data: dict) -> list[str]:
    """The keys the scenario reader accepts at a place, as its own message lists them."""
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(data, "probe", None)
    return re.search(r"allowed here: (.*)", caught.value.message).group(1).split(", ")


HEADER_KEYS = allowed_keys({"scenario": {"zzz": 1}, "guest": [{"program": "hello"}]})
GUEST_KEYS = allowed_keys({"scenario": {}, "guest": [{"program": "hello", "zzz": 1}]})
TOP_KEYS = allowed_keys({"scenario": {}, "zzz": 1, "guest": [{"program": "hello"}]})
MIGRATION_KEYS = allowed_keys({"scenario": {"technique": "trap-and-emulate"},
                               "guest": [{"program": "hello"}], "migration": {"zzz": 1}})


def row(text: str, key: str) -> str:
    found = re.search(rf"^\| `{re.escape(key)}` \|.*$", text, re.MULTILINE)
    assert found, f"no table row for `{key}`"
    return found.group(0)


def grouped(value: int, lang: str) -> str:
    return f"{value:,}".replace(",", "." if lang == "ca" else ",")


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_every_key_technique_and_cost_is_documented_with_its_default(lang):
    text = DOCS[lang].read_text(encoding="utf-8")
    assert {"scenario", "guest", "costs", "migration"} <= set(TOP_KEYS)
    for key in TOP_KEYS:
        assert f"`[{key}]`" in text or f"`[[{key}]]`" in text, key
    minimal = parse_scenario({"scenario": {}, "guest": [{"program": "hello"}]}, "min", None)
    defaults = {"quantum": minimal.quantum, "max_cycles": minimal.max_cycles,
                "host_memory": minimal.host_memory, "memory": minimal.guests[0].memory,
                "share": minimal.guests[0].share}
    for key in HEADER_KEYS + GUEST_KEYS:
        line = row(text, key)
        if key in defaults:
            default = line.split("|")[2]
            assert grouped(defaults[key], lang) in default, (key, line)
    assert f"`\"{minimal.technique}\"`" in row(text, "technique")
    for name, value in CostModel().as_dict().items():
        assert f"| {value} |" in row(text, name), name
    for name in techniques.technique_names():
        assert row(text, name)
    assert ("scenarios.ca.md" in text) if lang == "en" else ("scenarios.md" in text)
    # [migration] (section 2.4): every key, with its default
    from vmlab.vmm.migration import MigrationConfig
    config = MigrationConfig("alpha")
    for key in MIGRATION_KEYS:
        line = row(text, key)
        if key != "guest":
            assert grouped(getattr(config, key), lang) in line.split("|")[2], (key, line)


def test_both_languages_have_the_same_structure():
    en, ca = (DOCS[lang].read_text(encoding="utf-8") for lang in ("en", "ca"))
    heads = [re.findall(r"^(#{2,3}) (\d[\d.]*)", t, re.MULTILINE) for t in (en, ca)]
    assert heads[0] == heads[1] and len(heads[0]) >= 8
    for mark in ("```", "|---"):
        assert en.count(mark) == ca.count(mark)
    blocks = [re.findall(r"```toml\n(.*?)```", t, re.DOTALL) for t in (en, ca)]
    strip = [[re.sub(r"\s*#.*", "", line) for line in b[0].splitlines()] for b in blocks]
    assert strip[0] == strip[1]                 # the same file; only its comments translated


def quick_start(lang: str) -> str:
    text = DOCS[lang].read_text(encoding="utf-8")
    return re.search(r"```toml\n(.*?)```", text, re.DOTALL).group(1)


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_quick_start_scenario_runs(tmp_path, lang):
    path = tmp_path / "alpha-and-hog.toml"
    path.write_text(quick_start(lang), encoding="utf-8")
    scenario = load_scenario(str(path))
    assert [g.name for g in scenario.guests] == ["alpha", "hog"]
    assert scenario.guests[1].share == 2 and scenario.costs.world_switch == 80
    assert main(["run", "--scenario", str(path), "--max-cycles", "20000"]) == 0


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_documented_mistakes_are_what_the_reader_says(tmp_path, monkeypatch, lang):
    """Each message of section 5 comes from the quick-start file with that one value."""
    monkeypatch.chdir(tmp_path)
    text = DOCS[lang].read_text(encoding="utf-8")
    section = text[text.index("## 5."):text.index("## 6.")]
    messages = re.search(r"```\n(.*?)```", section, re.DOTALL).group(1).splitlines()
    assert len(messages) >= 3
    for message in messages:
        line, value = re.match(r"alpha-and-hog\.toml:(\d+): .*(?:, not|[,;] no) (.*)$",
                               message).groups()
        lines = quick_start(lang).splitlines()
        key = lines[int(line) - 1].split("=")[0]
        lines[int(line) - 1] = f"{key}= {value}"
        path = tmp_path / "alpha-and-hog.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario("alpha-and-hog.toml")
        assert caught.value.render(lang) == message      # each guide in its language


# ---------------------------------------------------------------- lessons beside scenarios
@pytest.fixture
def course(tmp_path, monkeypatch):
    """A folder as an instructor keeps it: two lessons and the scenario they name."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(scenarios_dir() / "hog.toml", tmp_path / "my-hog.toml")
    lesson = ('id = "{id}"\ntitle = {{ en = "T", ca = "T" }}\nsummary = {{ en = "S", ca = "S" }}'
              '\nscenario = "{scenario}"\n[[step]]\ntext = {{ en = "x", ca = "x" }}\n'
              'actions = [ {{ do = "run", cycles = 1000 }} ]\n')
    (tmp_path / "a.toml").write_text(lesson.format(id="a", scenario="my-hog"), encoding="utf-8")
    (tmp_path / "b.toml").write_text(lesson.format(id="b", scenario="my-hog"), encoding="utf-8")
    return tmp_path


def test_check_star_toml_tells_the_scenario_from_the_lessons(course, capsys):
    names = sorted(p.name for p in course.glob("*.toml"))
    assert main(["lesson", "check", *names]) == 0
    out = capsys.readouterr().out
    assert "my-hog.toml: a scenario, not a lesson: ok — trap-and-emulate, guests alpha, hog" \
        in out
    assert "a.toml: ok — a:" in out and "b.toml: ok — b:" in out


def test_check_a_folder(course, capsys):
    assert main(["lesson", "check", str(course)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok — ") == 3 and "a scenario, not a lesson" in out


def test_a_broken_scenario_beside_the_lessons_is_an_error(course, capsys):
    path = course / "my-hog.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("quantum = 1000",
                                                            "quantum = 0"), encoding="utf-8")
    assert main(["lesson", "check", str(course)]) == 2
    err = capsys.readouterr().err
    line = next(i + 1 for i, text in enumerate(path.read_text().splitlines())
                if text.startswith("quantum"))
    assert f"my-hog.toml:{line}: scenario.quantum: must be a whole number" in err
    assert "(a scenario file)" in err
    assert "of 3 files (lessons and scenarios) have errors" in err


def test_an_empty_folder_is_an_error(tmp_path, capsys):
    assert main(["lesson", "check", str(tmp_path)]) == 2
    assert "holds no .toml file" in capsys.readouterr().err


def test_check_a_shipped_lesson_by_id_as_play_accepts_it(capsys):
    assert main(["lesson", "check", "processes", "--no-play"]) == 0
    assert "01-processes.toml: ok — processes:" in capsys.readouterr().out


def test_an_unknown_lesson_id_suggests_the_nearest_and_says_where_it_looked(tmp_path, capsys,
                                                                           monkeypatch):
    monkeypatch.chdir(tmp_path)
    for argv in (["lesson", "check", "proceses"], ["lesson", "play", "proceses"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "no such lesson; did you mean 'processes'?" in err
        assert str(tmp_path) in err and str(LESSONS) in err


def test_an_unknown_scenario_suggests_the_nearest_and_says_where_it_looked(course):
    (course / "a.toml").write_text((course / "a.toml").read_text().replace(
        'scenario = "my-hog"', 'scenario = "my-hgo"'), encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(course / "a.toml")
    issue = caught.value.issues[0]
    assert issue.key == "scenario" and issue.line == 4
    assert "unknown scenario 'my-hgo'; did you mean 'my-hog'?" in issue.message
    assert str(course / "my-hgo.toml") in issue.message
    assert str(scenarios_dir() / "my-hgo.toml") in issue.message
    assert "scenario files beside the lesson: my-hog" in issue.message
    assert ", ".join(available_scenarios()) in issue.message


def test_a_load_scenario_action_names_the_nearest_too(course):
    (course / "a.toml").write_text((course / "a.toml").read_text().replace(
        '{ do = "run", cycles = 1000 }',
        '{ do = "load-scenario", scenario = "two-guest" }'), encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(course / "a.toml")
    issue = caught.value.issues[0]
    assert issue.key == "step[0].actions[0].scenario"
    assert "did you mean 'two-guests'?" in issue.message


def test_run_scenario_suggests_the_nearest(capsys):
    assert main(["run", "--scenario", "two-guest"]) == 2
    err = capsys.readouterr().err
    assert "no such scenario; the shipped ones are" in err
    assert "did you mean 'two-guests'?" in err and "two-guest.toml" in err


def test_play_of_a_scenario_says_what_it_is(course, capsys):
    assert main(["lesson", "play", "my-hog.toml"]) == 2
    err = capsys.readouterr().err
    assert "my-hog.toml is a scenario, not a lesson" in err and "vmlab run --scenario" in err
