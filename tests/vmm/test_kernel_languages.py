"""The shipped kernels print in English or in Catalan, and otherwise behave the same.

One source per kernel: its texts sit in .lang en / .lang ca blocks and the
scenario's language chooses (vmlab/asm/languages.py).  English stays the
default everywhere a language is not given.
"""

from __future__ import annotations

import re
import pytest

from vmlab.asm import assemble_file, disassemble
from vmlab.scenario import load_scenario, programs_dir

from .helpers import run_to_end

NATIVE = ["native-alpha", "native-beta", "native-cruncher", "native-switcher",
          "native-syscaller"]
# Words of the English texts that must not show in a Catalan console.
ENGLISH = ["process ", "kernel", "exited", "killed", "halting", "cycles", "quantum",
           "WARNING", "job", "batch", "checksum", "ticks", "primes", "finished", "let me",
           "system calls", "context switches", "matrix", "from pid"]
# Lines whose numbers depend on time (ticks, preemptions, which a longer text moves).
TIMING = re.compile(r"tick|\btics?\b|preemption|expropiaci")


def results(console: str) -> list[str]:
    """The value each line ends with (a code, a count, a sum, an address), in order."""
    return [match.group(0) for line in console.splitlines()
            if not TIMING.search(line) and (match := re.search(r"(0x[0-9A-F]+|\d+)$", line))]


@pytest.mark.parametrize("path", sorted(programs_dir().glob("*.vl32")), ids=lambda p: p.stem)
def test_every_kernel_assembles_in_both_languages_with_the_same_code(path):
    english, catalan = assemble_file(path), assemble_file(path, "ca")
    assert english.lang == "en" and catalan.lang == "ca"
    assert assemble_file(path, "en").image == english.image            # the default
    assert set(english.symbols) == set(catalan.symbols)
    # Every line outside the texts places the same instructions in both languages
    # (the addresses they hold may differ: a longer text moves what follows it).
    shared = set(english.lines_to_addresses) & set(catalan.lines_to_addresses)
    assert shared
    for line in shared:
        en = [disassemble(english.image[a]).split()[0]
              for a in english.lines_to_addresses[line]]
        ca = [disassemble(catalan.image[a]).split()[0]
              for a in catalan.lines_to_addresses[line]]
        assert en == ca, f"{path.name}:{line}"
    english_lines, catalan_lines = (set(english.lines_to_addresses) - shared,
                                    set(catalan.lines_to_addresses) - shared)
    source = english.source.split("\n")
    for line in english_lines | catalan_lines:           # only texts differ
        assert ".string" in source[line - 1], f"{path.name}:{line}"


@pytest.mark.parametrize("name", NATIVE)
def test_a_catalan_kernel_prints_catalan_and_computes_the_same(name):
    english = run_to_end(load_scenario(name))
    catalan = run_to_end(load_scenario(name, lang="ca"))
    assert english.halted == catalan.halted == "halt"
    (guest,) = english.summary()["guests"]
    en, ca = english.summary()["guests"][guest], catalan.summary()["guests"][guest]
    assert en["console"] != ca["console"]
    assert any(word in en["console"] for word in ENGLISH)
    assert [word for word in ENGLISH if word in ca["console"]] == []
    assert ca["console"].count("\n") == en["console"].count("\n")
    assert results(ca["console"]) == results(en["console"])     # results, codes, addresses
    assert results(en["console"])
    # What the kernel prints at once is as long in Catalan as in English, so the run
    # is the same cycle for cycle: every number a lesson quotes holds in both languages.
    # (Each Catalan text as long as its English one: a text printed at a time the timer
    # may interrupt must not move the interrupt.)
    assert catalan.cycle == english.cycle
    assert ca["traps"] == en["traps"]
    assert catalan.machine.instret == english.machine.instret
    assert len(ca["console"]) == len(en["console"])


def test_the_default_is_english_and_unchanged():
    session = run_to_end(load_scenario("native-alpha"))
    console = session.summary()["guests"]["alpha"]["console"]
    assert console.startswith("Alpha time-sharing kernel: 3 processes, quantum 1500 cycles\n")
    assert "[alpha] process 3 killed: BOUNDS at 0x00009000\n" in console
    assert load_scenario("native-alpha").lang == "en"


def test_catalan_alpha_under_the_vmm_is_equivalent_to_catalan_alpha_native():
    native = run_to_end(load_scenario("native-alpha", lang="ca"))
    virtual = run_to_end(load_scenario("two-guests", lang="ca"))
    expected = native.summary()["guests"]["alpha"]
    got = virtual.summary()["guests"]["alpha"]
    assert got["console"] == expected["console"]
    assert got["regs"] == expected["regs"] and got["sr"] == expected["sr"]
    assert expected["console"].startswith(
        "Alpha, temps compartit: 3 processos, quàntum de 1500 cicles\n")
    assert "[alpha] procés 3 eliminat: BOUNDS a 0x00009000\n" in expected["console"]
    assert "intruder: vull veure la memòria del nucli...\n" in expected["console"]
    assert "pong #3, del pid 2\n" in expected["console"]


def test_in_language_reassembles_and_keeps_everything_else():
    english = load_scenario("two-guests")
    catalan = english.in_language("ca")
    assert catalan.lang == "ca" and english.lang == "en"
    assert [g.program.lang for g in catalan.guests] == ["ca", "ca"]
    assert (catalan.technique, catalan.quantum, [g.memory for g in catalan.guests]) == \
        (english.technique, english.quantum, [g.memory for g in english.guests])
    assert catalan.in_language("ca") is catalan
    back = catalan.in_language("en")
    assert [g.program.image for g in back.guests] == [g.program.image for g in english.guests]
    assert english.with_technique("binary-translation").lang == "en"
    assert catalan.with_technique("binary-translation").lang == "ca"
    with pytest.raises(ValueError):
        english.in_language("fr")
