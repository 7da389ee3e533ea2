"""Scenario files: the shipped ones load; bad ones give a message naming file and key."""

import pytest

from vmlab.scenario import ScenarioError, available_scenarios, load_scenario

REQUIRED = {"native-alpha", "native-beta", "two-guests", "hog", "wild-writer", "garbage",
            "halt-at-once"}

GOOD_GUEST = '[[guest]]\nname = "alpha"\nprogram = "alpha"\n'


def test_every_required_scenario_is_shipped_and_loads():
    assert REQUIRED <= set(available_scenarios())
    for name in available_scenarios():
        scenario = load_scenario(name)
        assert scenario.title["en"] and scenario.title["ca"]
    two = load_scenario("two-guests")
    assert two.technique == "trap-and-emulate"
    assert [g.name for g in two.guests] == ["alpha", "beta"]


@pytest.mark.parametrize("text, key, fragment", [
    ("[scenario\n", "", "is not valid TOML"),
    ('[scenario]\ntechnique = "magic"\n' + GOOD_GUEST, "scenario.technique",
     "must be one of native, trap-and-emulate, "),   # the rest: tests/vmm/test_techniques.py
    ('[scenario]\nquantum = 0\n' + GOOD_GUEST, "scenario.quantum",
     "must be a whole number from 1 to"),
    ('[scenario]\nquantum = "fast"\n' + GOOD_GUEST, "scenario.quantum", "not 'fast'"),
    ('[scenario]\ncolour = "red"\n' + GOOD_GUEST, "scenario.colour", "unknown key; allowed here"),
    ('[scenario]\n', "guest", "at least one [[guest]] table is required"),
    ('[scenario]\n[[guest]]\nname = "a"\n', "guest[0].program", "is required"),
    ('[scenario]\n[[guest]]\nname = "a"\nprogram = "nosuch"\n', "guest[0].program",
     "program 'nosuch' not found; shipped programs:"),
    ('[scenario]\n[[guest]]\nname = "a"\nprogram = "../../etc/passwd"\n', "guest[0].program",
     "no absolute paths, no '..'"),
    ('[scenario]\n[[guest]]\nname = "a"\nprogram = "/etc/passwd"\n', "guest[0].program",
     "no absolute paths"),
    ('[scenario]\n' + GOOD_GUEST + 'memory = 12\n', "guest[0].memory", "from 256 to"),
    ('[scenario]\n' + GOOD_GUEST + 'share = true\n', "guest[0].share", "not True"),
    ('[scenario]\n' + GOOD_GUEST + GOOD_GUEST.replace('"alpha"\nprogram', '"other"\nprogram'),
     "guest", "a native scenario runs exactly one kernel"),
    ('[scenario]\ntechnique = "trap-and-emulate"\n' + GOOD_GUEST + GOOD_GUEST,
     "guest[1].name", "'alpha' is used by two guests"),
    ('[scenario]\ntechnique = "trap-and-emulate"\nhost_memory = 20000\n' + GOOD_GUEST
     + 'memory = 16384\n[[guest]]\nname = "b"\nprogram = "beta"\nmemory = 16384\n',
     "scenario.host_memory", "cannot hold the VMM and the guests"),
    ('[scenario]\n[costs]\nvm_exitt = 3\n' + GOOD_GUEST, "costs", "unknown cost 'vm_exitt'"),
    ('[scenario]\n[costs]\nvm_exit = -3\n' + GOOD_GUEST, "costs", "whole number of cycles"),
    ('[scenario]\ntitle = { en = "x" }\n' + GOOD_GUEST, "scenario.title",
     "exactly 'en' and 'ca'"),
    ('[scenario]\n[[guest]]\nname = "bad name!"\nprogram = "alpha"\n', "guest[0].name",
     "must be a short name"),
])
def test_bad_scenarios_name_the_file_and_key(tmp_path, text, key, fragment):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    err = info.value
    assert err.key == key
    assert fragment in str(err)
    assert str(path) in str(err)


def test_a_program_that_does_not_assemble_shows_its_errors(tmp_path):
    (tmp_path / "broken.vl32").write_text("start: addd r1, r2, r3\n", encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text('[scenario]\n[[guest]]\nname = "x"\nprogram = "broken"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    assert "does not assemble" in str(info.value)
    assert "broken.vl32:1:8" in str(info.value)


def test_missing_unreadable_and_oversized_files(tmp_path):
    with pytest.raises(ScenarioError, match="file not found"):
        load_scenario(str(tmp_path / "nope.toml"))
    with pytest.raises(ScenarioError, match="no such scenario; the shipped ones are"):
        load_scenario("no-such-scenario")
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * 300_000, encoding="utf-8")
    with pytest.raises(ScenarioError, match="larger than 262,144 bytes"):
        load_scenario(str(big))
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(str(binary))
    with pytest.raises(ScenarioError, match="is a folder"):
        load_scenario(str(tmp_path) + "/")


def test_a_scenario_beside_its_own_program(tmp_path):
    (tmp_path / "mine.vl32").write_text(".org 0\n li r1, 7\n halt\n", encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text('[scenario]\nmax_cycles = 99\n[[guest]]\nname = "m"\nprogram = "mine"\n',
                    encoding="utf-8")
    scenario = load_scenario(str(path))
    assert scenario.guests[0].program_path == tmp_path / "mine.vl32"
    assert scenario.max_cycles == 99
