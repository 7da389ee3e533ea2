"""Issue 9, programs and scenarios: the reproducers, the limits of vmlab/inputs.py, and fuzzing.

Every case here once ended in an internal error, a hang or unbounded memory;
now each is the loader's own error (an InputError) naming the file, and on
the command line exit code 2.  Huge inputs are made at run time, never
checked in.
"""

from __future__ import annotations

import os
import shutil
import time
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vmlab import inputs, scenario as scenario_module
from vmlab.asm import AssemblyError, assemble, assemble_file
from vmlab.cli.main import main
from vmlab.inputs import MAX_ASM_ERRORS, MAX_MEMORY_WORDS, MAX_PROGRAM_BYTES, MAX_RUN_CYCLES
from vmlab.scenario import (ScenarioError, load_scenario, parse_scenario, program_scenario,
                            programs_dir, scenarios_dir)

ALPHA = programs_dir() / "alpha.vl32"
DEV_ZERO = Path("/dev/zero")
needs_dev_zero = pytest.mark.skipif(not DEV_ZERO.exists(), reason="no /dev/zero here")
GUEST = '[[guest]]\nname = "alpha"\nprogram = "alpha"\n'


def scenario_file(folder: Path, text: str | bytes, name: str = "s.toml") -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refused(path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    return info.value


def cli(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    return code, err


# ------------------------------------------------------------------ the assembler's input
@needs_dev_zero
def test_dev_zero_is_refused_without_reading_it(capsys):
    start = time.monotonic()
    with pytest.raises(AssemblyError) as info:
        assemble_file(DEV_ZERO)
    assert time.monotonic() - start < 2
    (error,) = info.value.errors
    assert error.key == "file.cannot_read"
    assert f"larger than {MAX_PROGRAM_BYTES} bytes" in str(error)
    code, err = cli(capsys, "asm", "/dev/zero")
    assert code == 2 and "/dev/zero" in err and "larger than" in err


def test_a_source_file_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.vl32"
    path.write_bytes(b"nop\n" * (MAX_PROGRAM_BYTES // 4 + 1))
    with pytest.raises(AssemblyError) as info:
        assemble_file(path)
    assert "the most a program may be" in str(info.value)
    assert "el màxim per a un programa" in info.value.format("ca")


def test_assemble_refuses_a_long_text_before_any_work():
    start = time.monotonic()
    for source in ("x" * (MAX_PROGRAM_BYTES + 1), "bad line here\n" * 750_000):  # 10 MB
        with pytest.raises(AssemblyError) as info:
            assemble(source, "huge.vl32")
        (error,) = info.value.errors
        assert error.key == "source.too_large" and error.file == "huge.vl32"
    assert time.monotonic() - start < 2


def test_a_text_just_under_the_limit_is_assembled():
    assert assemble(";" * MAX_PROGRAM_BYTES).image == {}


def test_errors_are_bounded_and_the_last_one_says_where_it_stopped():
    source = "bogus r1\n" * (MAX_PROGRAM_BYTES // 9 - 1)    # about 116,000 bad lines
    start = time.monotonic()
    with pytest.raises(AssemblyError) as info:
        assemble(source, "bad.vl32")
    assert time.monotonic() - start < 5
    errors = info.value.errors
    assert len(errors) == MAX_ASM_ERRORS + 1
    assert [e.line for e in errors[:-1]] == list(range(1, MAX_ASM_ERRORS + 1))
    stop = errors[-1]
    assert stop.key == "errors.too_many" and stop.line == 0
    assert str(stop) == (f"bad.vl32: error: too many errors: stopped after {MAX_ASM_ERRORS}, "
                         f"at line {MAX_ASM_ERRORS}\n    hint: fix these errors and assemble again")
    assert "massa errors" in info.value.format("ca")


def test_fewer_errors_than_the_limit_are_all_reported():
    with pytest.raises(AssemblyError) as info:
        assemble("bogus\n" * (MAX_ASM_ERRORS - 1))
    assert len(info.value.errors) == MAX_ASM_ERRORS - 1
    assert all(e.key == "op.unknown_mnemonic" for e in info.value.errors)


@pytest.mark.parametrize("name, key", [("a" * 5000, "file.name_too_long"),
                                       ("x/" + "b" * 300 + ".vl32", "file.name_too_long"),
                                       ("al\0pha.vl32", "file.name_nul")])
def test_file_names_too_long_or_with_nul_are_refused(name, key, capsys):
    with pytest.raises(AssemblyError) as info:
        assemble_file(name)
    (error,) = info.value.errors
    assert error.key == "file.cannot_read" and error.params["reason"].key == key
    assert len(str(error)) < 400                 # the name is shortened in the message
    code, err = cli(capsys, "asm", name)
    assert code == 2


# ------------------------------------------------------------------ the scenario loader
@needs_dev_zero
def test_scenario_dev_zero_is_refused_at_once(capsys):
    start = time.monotonic()
    err = refused(DEV_ZERO)
    assert time.monotonic() - start < 2
    assert str(err) == "/dev/zero: is larger than 262,144 bytes, the most a scenario file may be"
    code, out = cli(capsys, "run", "--scenario", "/dev/zero")
    assert code == 2 and "/dev/zero" in out


def test_a_scenario_file_over_the_limit_is_refused(tmp_path):
    path = scenario_file(tmp_path, "#" * (inputs.MAX_SCENARIO_BYTES + 1))
    assert "larger than 262,144 bytes" in str(refused(path))


def test_a_500_deep_array_is_a_scenario_error_with_its_line(tmp_path):
    text = "[scenario]\n" + GUEST + "x = " + "[" * 500 + "]" * 500 + "\n"
    assert len(text) < 1100
    err = refused(scenario_file(tmp_path, text))
    assert err.line == 5 and "nest more than 12 deep" in str(err)


def test_deep_dotted_keys_are_refused_too(tmp_path):
    err = refused(scenario_file(tmp_path, "[scenario]\n" + "k." * 2000 + "k = 1\n" + GUEST))
    assert err.line == 2 and "nest more than 12 deep" in str(err)


def test_a_byte_order_mark_is_accepted(tmp_path):
    text = (scenarios_dir() / "native-alpha.toml").read_text(encoding="utf-8")
    shutil.copy(ALPHA, tmp_path / "alpha.vl32")
    loaded = load_scenario(str(scenario_file(tmp_path, b"\xef\xbb\xbf" + text.encode())))
    assert loaded.guests[0].name == "alpha"


def test_scenario_errors_give_the_line_as_well_as_the_key(tmp_path):
    text = '[scenario]\ntechnique = "native"\n\n' + GUEST + "memory = 16384\nshare = 0\n"
    err = refused(scenario_file(tmp_path, text))
    assert (err.line, err.key) == (8, "guest[0].share")
    assert str(err).startswith(f"{tmp_path / 's.toml'}:8: guest[0].share: ")


def test_a_5000_character_scenario_name_is_refused(capsys):
    err = refused("s" * 5000)
    assert "5,000 characters long" in str(err) and len(str(err)) < 300
    code, out = cli(capsys, "run", "--scenario", "s" * 5000)
    assert code == 2 and "5,000 characters" in out


@pytest.mark.parametrize("program, fragment", [
    ("p" * 5000, "the program name is 5,000 characters long"),
    ("d/" + "p" * 300, "a part of the program name is 300 characters long"),
])
def test_a_long_program_name_is_refused(tmp_path, program, fragment):
    err = refused(scenario_file(tmp_path, f'[scenario]\n[[guest]]\nprogram = "{program}"\n'))
    assert (err.key, err.line) == ("guest[0].program", 3)
    assert fragment in str(err)


@pytest.mark.parametrize("text", ["€", "ok then \u2603", "\U0001F600"])
def test_console_input_the_console_cannot_carry_is_refused_at_load(tmp_path, text):
    err = refused(scenario_file(tmp_path, "[scenario]\n" + GUEST + f"input = '{text}'\n"))
    assert (err.key, err.line) == ("guest[0].input", 5)
    assert "cannot be typed on the VL32 console" in str(err)
    # Inline in a lesson (no file, no line): the same refusal.
    data = {"scenario": {}, "guest": [{"name": "a", "program": "alpha", "input": text}]}
    with pytest.raises(ScenarioError, match="cannot be typed"):
        parse_scenario(data, "inline", None)


def test_latin1_console_input_is_fine(tmp_path):
    loaded = load_scenario(str(scenario_file(tmp_path, "[scenario]\n" + GUEST
                                             + "input = 'Adéu, ça va · l·l'\n")))
    assert loaded.guests[0].input == "Adéu, ça va · l·l"


@pytest.mark.parametrize("technique", ["native", "trap-and-emulate"])
def test_a_program_that_does_not_fit_its_guest_is_refused_at_load(tmp_path, technique):
    text = f'[scenario]\ntechnique = "{technique}"\n' + GUEST + "memory = 256\n"
    err = refused(scenario_file(tmp_path, text))
    assert (err.key, err.line) == ("guest[0].memory", 6)
    assert "program 'alpha' places words up to address 0x204d, so it needs 8,270 words" \
        in str(err)


def test_max_cycles_has_a_documented_bound(tmp_path):
    ok = scenario_file(tmp_path, f"[scenario]\nmax_cycles = {MAX_RUN_CYCLES}\n" + GUEST)
    assert load_scenario(str(ok)).max_cycles == MAX_RUN_CYCLES
    for bad in (MAX_RUN_CYCLES + 1, 10_000_000_000, 0, -5):
        err = refused(scenario_file(tmp_path, f"[scenario]\nmax_cycles = {bad}\n" + GUEST))
        assert (err.key, err.line) == ("scenario.max_cycles", 2)
        assert "from 1 to 100,000,000" in str(err)
    assert MAX_RUN_CYCLES <= 100_000_000     # trace writes tens of bytes a cycle at most


def test_a_program_link_that_leaves_the_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(ALPHA, outside / "secret.vl32")
    folder = tmp_path / "scenario"
    folder.mkdir()
    try:
        (folder / "mine.vl32").symlink_to(outside / "secret.vl32")
    except OSError:
        pytest.skip("cannot make symbolic links here")
    path = scenario_file(folder, '[scenario]\n[[guest]]\nprogram = "mine"\n')
    err = refused(path)
    assert (err.key, err.line) == ("guest[0].program", 3)
    assert "a link to a file outside the scenario's folder" in str(err)
    # A link that stays inside the folder is fine.
    shutil.copy(ALPHA, folder / "real.vl32")
    (folder / "also.vl32").symlink_to(folder / "real.vl32")
    scenario_file(folder, '[scenario]\n[[guest]]\nprogram = "also"\n')
    assert load_scenario(str(path)).guests[0].program.image


def test_a_huge_program_beside_a_scenario_is_refused_without_reading_it(tmp_path):
    (tmp_path / "big.vl32").write_bytes(b";" * (MAX_PROGRAM_BYTES + 10))
    err = refused(scenario_file(tmp_path, '[scenario]\n[[guest]]\nprogram = "big"\n'))
    assert err.key == "guest[0].program" and "the most a program may be" in str(err)


@needs_dev_zero
def test_a_scenario_that_names_dev_zero_cannot_reach_it(tmp_path):
    err = refused(scenario_file(tmp_path, '[scenario]\n[[guest]]\nprogram = "/dev/zero"\n'))
    assert "no absolute paths" in str(err)


# ------------------------------------------------------------------ a program run natively
def test_program_scenario_checks_memory_and_fit():
    with pytest.raises(ScenarioError, match="needs 8,270 words of memory, more than the 300"):
        program_scenario(ALPHA, memory=300)
    with pytest.raises(ScenarioError, match="memory must be from 1 to 4,194,304 words"):
        program_scenario(ALPHA, memory=MAX_MEMORY_WORDS + 1)
    assert program_scenario(ALPHA, memory=8270).guests[0].memory == 8270
    with pytest.raises(ScenarioError, match="5,000 characters"):
        program_scenario("q" * 5000)


def test_cli_memory_has_an_upper_bound(capsys, tmp_path):
    for words in (67_108_865, MAX_MEMORY_WORDS + 1):
        code, err = cli(capsys, "run", str(ALPHA), "--memory", str(words))
        assert code == 2
        assert "--memory: memory must be from 1 to 4,194,304 words" in err
    path = tmp_path / "halt.vl32"
    path.write_text("halt\n", encoding="utf-8")
    assert main(["run", str(path), "--memory", str(MAX_MEMORY_WORDS), "--json"]) == 0


def test_cli_refuses_a_program_larger_than_its_memory(capsys):
    code, err = cli(capsys, "run", str(ALPHA), "--memory", "300")
    assert code == 2
    assert "places words up to address 0x204d, so it needs 8,270 words of memory, more than " \
           "the 300 words it has; give a larger --memory" in err


# ------------------------------------------------------------------ fuzzing
KEYS = ["scenario", "guest", "costs", "title", "description", "technique", "quantum",
        "max_cycles", "host_memory", "name", "program", "memory", "share", "input", "en", "ca",
        "vm_exit", "world_switch", "colour", ""]
SCALARS = st.one_of(
    st.booleans(), st.integers(), st.integers(-3, 70_000), st.floats(), st.text(max_size=12),
    st.sampled_from(["alpha", "beta", "hello", "halt-at-once", "native", "trap-and-emulate",
                     "../alpha", "/etc/passwd", "", ".", "a" * 300, "al\0pha", "€", "x\\y"]))
TREES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner,
                                       max_size=4), max_leaves=16)
TEXT = st.text(max_size=8) | st.fixed_dictionaries({"en": st.text(max_size=4),
                                                     "ca": st.text(max_size=4)})
GOOD = {"technique": st.sampled_from(["native", "trap-and-emulate"]), "title": TEXT,
        "description": TEXT, "quantum": st.integers(1, 10_000),
        "max_cycles": st.integers(1, 1_000_000), "host_memory": st.integers(20_000, 100_000),
        "name": st.from_regex(r"[a-z][a-z0-9]{0,5}", fullmatch=True),
        "program": st.sampled_from(["alpha", "beta", "halt-at-once", "hello"]),
        "memory": st.integers(256, 20_000), "share": st.integers(1, 5),
        "input": st.text(st.characters(max_codepoint=0x2FF, exclude_categories=["Cs"]),
                         max_size=5),
        "cpu": TREES}


def value(key: str):
    """Mostly a plausible value for key, sometimes anything: to reach every check."""
    return st.one_of(GOOD[key], GOOD[key], GOOD[key], TREES)


HEAD = st.fixed_dictionaries({}, optional={key: value(key) for key in KEYS[3:9]})
GUESTS = st.lists(st.fixed_dictionaries({"program": value("program")},
                                        optional={key: value(key) for key in
                                                  ["name", "memory", "share", "input", "cpu"]}),
                  min_size=1, max_size=3) | TREES
COSTS = st.dictionaries(st.sampled_from(["vm_exit", "emulate", "warp"]),
                        st.integers(-1, 2_000_000) | TREES, max_size=3)
NEAR_VALID = st.fixed_dictionaries({"scenario": HEAD, "guest": GUESTS},
                                   optional={"costs": COSTS | TREES})


@pytest.fixture(scope="module")
def assemble_once():
    """Assemble each shipped program once for the whole module (programs are never changed)."""
    cached = lru_cache(maxsize=None)(lambda name, stamp, lang: assemble_file(name, lang))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scenario_module, "assemble_file",
                      lambda path, lang="en": cached(str(path), os.stat(path).st_mtime_ns, lang))
        yield


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(NEAR_VALID, st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6),
                                                  TREES, max_size=4)))
def test_random_trees_give_a_scenario_or_a_scenario_error(assemble_once, data):
    try:
        loaded = parse_scenario(data, "fuzz", None)
    except ScenarioError as err:
        assert str(err).startswith("<scenario fuzz>")
        return
    for guest in loaded.guests:             # what loaded is usable as promised
        assert guest.program.extent()[1] <= guest.memory
        guest.input.encode("latin-1")
    assert 1 <= loaded.max_cycles <= MAX_RUN_CYCLES


FRAGMENTS = ["[scenario]\n", "[[guest]]\n", 'program = "alpha"\n', 'name = "g"\n', "memory = ",
             "max_cycles = ", "quantum = ", "input = ", "[costs]\n", "vm_exit = ", "title.en = ",
             "[", "]", "{", "}", "=", ",", '"', "'", "'''", '"""', "\\", "\\u20AC", "\n",
             "\r\n", "\r", "\0", "\ufeff", "€", "#", ".", "1e999", "nan", "inf", "-0",
             "99999999999999999999", "0x_", "1979-05-27", "true", "[[", "]]", " ", "k"]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join))
def test_random_toml_like_text_gives_a_scenario_or_a_scenario_error(assemble_once,
                                                                     tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz", numbered=True) / "f.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass", newline="")
    try:
        load_scenario(str(path))
    except ScenarioError as err:
        assert str(err).startswith(str(path))
        if err.line:
            assert str(err).startswith(f"{path}:{err.line}: ")


# ------------------------------------------------------------------ pipes
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
@pytest.mark.parametrize("args", [("asm",), ("run",), ("run", "--scenario"),
                                  ("lesson", "check")])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, capsys, args):
    fifo = tmp_path / ("pipe.toml" if args[-1] in ("--scenario", "check") else "pipe.vl32")
    os.mkfifo(fifo)
    start = time.monotonic()
    code, err = cli(capsys, *args, str(fifo))
    assert time.monotonic() - start < 5
    assert code == 2 and str(fifo) in err and "pipe" in err, err


# ---------------------------------------------------------------------- writing
@pytest.mark.parametrize("device", ["/dev/null", "/dev/full", "/dev/zero"])
def test_an_atomic_save_never_replaces_a_device(device):
    """A rename over a device would replace the device itself (run as root, /dev/null
    became a plain file once): write_atomic refuses anything but a regular file."""
    import stat as stat_module

    from vmlab.inputs import OutputProblem, write_atomic
    with pytest.raises(OutputProblem) as caught:
        write_atomic(device, b"data", "snapshot")
    assert device in str(caught.value) and "not a file" in str(caught.value)
    assert stat_module.S_ISCHR(os.stat(device).st_mode)


def test_an_atomic_save_replaces_a_file_whole(tmp_path):
    from vmlab.inputs import OutputProblem, write_atomic
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
    with pytest.raises(OutputProblem, match="a folder"):
        write_atomic(tmp_path, b"x")
