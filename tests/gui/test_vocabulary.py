"""One vocabulary of states: each word of the core's enums has one label per language, and
the panels say the same word for the same state at run, pause and halt.

The labels come from vmlab.gui.labels (one function per enum of
vmlab.observe.vocabulary); the Catalan ones from assets/i18n/vmlab_ca.qm.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt

from vmlab.gui import i18n
from vmlab.gui.controller import MAX_SPEED
from vmlab.gui.labels import (action_label, guest_state_label, machine_state, on_cpu_label,
                              run_state_label, step_label, stop_label, technique_label)
from vmlab.observe.vocabulary import (ACTION_LABELS, GUEST_STATE_LABELS, RUN_STATE_LABELS,
                                      STEP_LABELS, ExitAction, GuestState, RunState, StopReason,
                                      VmmStep, guest_state, run_state)
from vmlab.session.views import Activity
from vmlab.vmm import techniques

# Words the glossary (shared/design/GLOSSARY.md) keeps in English in Catalan text.
KEPT_IN_ENGLISH = {"vmm", "vcpu", "trap", "host", "guest", "callout", "cpu"}


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


def _all_techniques_loaded() -> None:
    """Techniques add their own steps and actions when their module is imported."""
    for name in techniques.technique_names():
        techniques.get(name)


def _catalan(render) -> tuple[str, str]:
    i18n.set_language("en")
    english = render()
    assert i18n.set_language("ca")
    catalan = render()
    i18n.set_language("en")
    return english, catalan


def _translated(english: str, catalan: str) -> bool:
    if catalan and catalan != english:
        return True
    words = re.findall(r"[a-z]+", english.lower())
    return bool(catalan) and all(w in KEPT_IN_ENGLISH for w in words)


# ---------------------------------------------------------------------- every word, both languages
def test_every_member_of_every_vocabulary_has_a_label_key():
    _all_techniques_loaded()
    assert set(GUEST_STATE_LABELS) == set(GuestState)
    assert set(RUN_STATE_LABELS) == set(RunState)
    assert set(VmmStep) <= set(STEP_LABELS)
    assert set(ExitAction) <= set(ACTION_LABELS)
    # One word per state: no two states of one vocabulary share a label.
    for labels in (GUEST_STATE_LABELS, RUN_STATE_LABELS):
        assert len(set(labels.values())) == len(labels)


@pytest.mark.parametrize("render, members", [
    (guest_state_label, list(GuestState)),
    (run_state_label, list(RunState)),
    (step_label, None),            # VmmStep and every technique's own steps
    (action_label, None),          # ExitAction and every technique's own actions
])
def test_every_word_has_its_catalan_label(render, members):
    _all_techniques_loaded()
    if members is None:
        members = list(STEP_LABELS) if render is step_label else list(ACTION_LABELS)
    assert members
    missing = []
    for member in members:
        english, catalan = _catalan(lambda: render(member))
        key = {guest_state_label: GUEST_STATE_LABELS, run_state_label: RUN_STATE_LABELS,
               step_label: STEP_LABELS, action_label: ACTION_LABELS}[render][member]
        assert english == key                 # the English label is the key itself
        if not _translated(english, catalan):
            missing.append(f"{member!s}: {english!r} -> {catalan!r}")
    assert not missing, "labels without a Catalan translation:\n" + "\n".join(missing)


def test_technique_names_in_catalan_follow_the_glossary():
    english, catalan = _catalan(lambda: technique_label("trap-and-emulate"))
    assert english == "trap and emulate"
    assert catalan == "trap and emulate (capturar i emular)"
    for name in techniques.technique_names():
        english, catalan = _catalan(lambda: technique_label(name))
        assert _translated(english, catalan) or "(" in catalan, name


def test_the_machine_state_from_the_session_facts():
    assert run_state(None, True, True) is RunState.RUNNING
    assert run_state(None, False, False) is RunState.PAUSED
    assert run_state("halt", False, False) is RunState.HALTED
    assert run_state("halt", False, True) is RunState.POWERED_OFF      # no guest left
    assert run_state("stalled", True, False) is RunState.STALLED
    assert guest_state("halt") is GuestState.HALTED
    assert stop_label(StopReason.TRAP, True) == "paused at a VM exit"
    assert stop_label(StopReason.TRAP, False) == "paused at a trap"
    assert stop_label(StopReason.BREAKPOINT, True) == "paused at a breakpoint"
    for reason in (None, StopReason.CYCLE_LIMIT, StopReason.PREDICATE):
        assert stop_label(reason, True) == run_state_label(RunState.PAUSED) == "paused"
    assert stop_label("halt", True) == run_state_label(RunState.POWERED_OFF) == "powered off"
    assert stop_label("halt", False) == run_state_label(RunState.HALTED) == "halted"
    # Each stop phrase begins with the machine state's word, in both languages.
    for lang in ("en", "ca"):
        i18n.set_language(lang)
        paused = run_state_label(RunState.PAUSED)
        for reason in (StopReason.TRAP, StopReason.BREAKPOINT):
            assert stop_label(reason, True).startswith(paused)
            assert stop_label(reason, False).startswith(paused)
    i18n.set_language("ca")
    assert run_state_label(RunState.PAUSED) == "en pausa"
    assert run_state_label(RunState.RUNNING) == "en execució"
    assert guest_state_label(GuestState.RUNNING) == "a la CPU"
    assert stop_label(StopReason.TRAP, True) == "en pausa en una sortida de la MV"


def test_what_is_on_the_cpu_never_says_running():
    """A paused machine's status must not read "Running: alpha": the guest is on the CPU."""
    cases = [Activity("guest", "alpha", "user", None, None),
             Activity("vmm", "beta", "kernel", "exit", (1, 20)),
             Activity("idle", None, None, None, None),
             Activity("stopped", None, None, None, None)]
    for lang in ("en", "ca"):
        i18n.set_language(lang)
        running = run_state_label(RunState.RUNNING)
        texts = [on_cpu_label(a) for a in cases]
        assert all(running not in t for t in texts), texts
        assert "alpha" in texts[0] and "beta" in texts[1] and "VMM" in texts[1]
        assert texts[3] == run_state_label(RunState.POWERED_OFF)


# ---------------------------------------------------------------------- the panels agree
def _register_state(window, guest: str) -> str:
    """The state line of a guest's column in the registers panel."""
    panel = window.panels["registers"]
    header = panel.model.headerData(panel.column_of(guest), Qt.Orientation.Horizontal)
    name, state = header.split("\n")
    assert name == guest
    return state


def _guest_word(session, guest: str) -> str:
    """The word every panel must use for a guest's state now."""
    if session.running_guest == guest and session.under_vmm:
        return guest_state_label(GuestState.RUNNING)
    return guest_state_label(session.guest(guest).state)


def _assert_panels_agree(window, expected_machine: str) -> None:
    QCoreApplication.processEvents()
    controller = window.controller
    s = controller.session
    for panel in window.panels.values():      # every panel shows the session as it is now
        panel.refresh()
    layers = window.panels["layers"]
    consoles = window.panels["consoles"]
    # The machine: one word, wherever it is said.
    assert machine_state(s, controller.running) == expected_machine
    machine = run_state_label(expected_machine)
    status = layers.status_text()
    assert status.startswith(machine), (status, machine)
    if expected_machine == RunState.PAUSED:
        assert status.startswith(stop_label(controller.last_reason, s.under_vmm))
    # Each guest: the same word in the registers' column, the diagram's badge, its console.
    for guest in s.guest_names:
        word = _guest_word(s, guest)
        assert _register_state(window, guest) == word
        if not (s.running_guest == guest and s.under_vmm):
            assert layers.badge(guest) == word
        assert consoles.views[guest].state_label.text() == guest_state_label(
            s.guest(guest).state)
        # "running" is the machine's word: no guest is ever called so.
        assert word != run_state_label(RunState.RUNNING)


@pytest.mark.parametrize("language", ["en", "ca"])
def test_state_words_agree_across_panels_at_run_pause_and_halt(main_window, qtbot, language):
    window = main_window
    controller = window.controller
    # Running: at a speed that cannot reach the end before the check (at full speed a fast
    # machine ran two-guests to its end in the first tick).
    controller.set_speed(20_000)
    window.set_language(language)
    controller.run()
    qtbot.waitUntil(lambda: controller.session.cycle > 5_000, timeout=20_000)
    assert controller.running
    _assert_panels_agree(window, RunState.RUNNING)
    # Paused by the user, then stopped at a VM exit.
    controller.pause()
    _assert_panels_agree(window, RunState.PAUSED)
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=20_000)
    assert controller.last_reason == "trap"
    _assert_panels_agree(window, RunState.PAUSED)
    assert window.panels["layers"].status_text().startswith(stop_label("trap", True))
    # Halted: every guest has halted, the VMM powered the machine off.
    controller.set_speed(MAX_SPEED)
    controller.run()
    qtbot.waitUntil(lambda: not controller.running, timeout=60_000)
    assert controller.session.halted == "halt"
    _assert_panels_agree(window, RunState.POWERED_OFF)
    for guest in controller.session.guest_names:
        assert _register_state(window, guest) == guest_state_label(GuestState.HALTED)
