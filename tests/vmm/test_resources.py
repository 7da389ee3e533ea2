"""Resource control: the VMM keeps the real CPU, and shares are honoured."""

from vmlab.session import Session

from .helpers import SPINNER, guest, make_scenario

HOG = """
.org 0
        li   r1, 2
        mtsr STATUS, r1        ; interrupts off
        mtsr TIMER, r0         ; no timer
spin:   addi r3, r3, 1
        b    spin
"""


def guest_cycles(totals, name):
    return totals[f"{name}.kernel"] + totals[f"{name}.user"]


def share_cycles(session, name):
    """What a guest's share is measured in: its own cycles plus the VMM's on its behalf."""
    return (guest_cycles(session.cycles_by_bucket(), name)
            + session.summary()["guests"][name]["vmm_cycles"])


def test_a_guest_spinning_with_interrupts_off_gets_its_share_plus_one_quantum_at_most():
    quantum = 500
    scenario = make_scenario(guest("hog", HOG), guest("other", SPINNER), quantum=quantum)
    session = Session(scenario, checkpoint_interval=1 << 60)
    for _ in range(60):
        session.run(7919)
        hog, other = share_cycles(session, "hog"), share_cycles(session, "other")
        assert hog + other == session.cycle         # nobody idles: every cycle is charged
        assert hog <= (hog + other) / 2 + quantum
        assert other > 0
    assert session.guest("hog").state in ("running", "ready")


def test_shares_three_to_one_within_five_percent_over_a_million_cycles():
    scenario = make_scenario(guest("big", SPINNER, share=3), guest("small", SPINNER, share=1),
                             quantum=1000)
    session = Session(scenario, checkpoint_interval=1 << 60)
    session.run(1_000_000)
    ratio = share_cycles(session, "big") / share_cycles(session, "small")
    assert abs(ratio / 3 - 1) < 0.05
    # Overruns are paid from the next slice, so the error stays within a slice:
    assert abs(share_cycles(session, "big") - 750_000) <= 3000


def test_every_cycle_is_attributed_exactly_once():
    scenario = make_scenario(guest("a", SPINNER), guest("b", HOG), quantum=300)
    session = Session(scenario)
    for step in (1, 17, 333, 4001, 20_000):
        session.run(step)
        assert sum(session.cycles_by_bucket().values()) == session.cycle


def test_a_halted_guest_leaves_the_other_running():
    scenario = make_scenario(guest("quitter", ".org 0\n halt\n"), guest("worker", SPINNER))
    session = Session(scenario)
    session.run(50_000)
    assert session.guest("quitter").state == "halted"
    assert session.guest("worker").state in ("running", "ready")
    totals = session.cycles_by_bucket()
    assert guest_cycles(totals, "worker") > 40_000


def test_a_guest_in_wfi_does_not_burn_cpu():
    sleeper = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 5000
        mtsr TIMER, r1
        wfi                      ; sleeps 5000 virtual cycles, IE off: no trap
        halt
handler: halt
"""
    scenario = make_scenario(guest("sleeper", sleeper), guest("worker", SPINNER), quantum=400)
    session = Session(scenario)
    session.run(30_000)
    totals = session.cycles_by_bucket()
    assert session.guest("sleeper").state == "halted"
    assert guest_cycles(totals, "sleeper") < 50          # a few instructions, no idling
    assert session.vmm.by_name["sleeper"].vcpu.cycles >= 5000   # yet its clock moved on


def test_idle_when_every_guest_sleeps():
    sleeper = """
.org 0
        li   r1, 3000
        mtsr TIMER, r1
        wfi
        halt
"""
    scenario = make_scenario(guest("one", sleeper), guest("two", sleeper))
    session = Session(scenario)
    session.run(20_000)
    totals = session.cycles_by_bucket()
    assert session.halted == "halt"
    assert totals["idle"] > 2000
    assert [session.guest(n).state for n in ("one", "two")] == ["halted", "halted"]
    # ADDI 1 + MTSR 1, then WFI from cycle 2 until the timer fires at 2 + 3000,
    # then HALT 1: exactly what a bare machine would count.
    for name in ("one", "two"):
        assert session.vmm.by_name[name].vcpu.cycles == 2 + 3000 + 1
