"""Equivalence: a guest under the VMM behaves exactly as on a bare machine."""

import pytest

from vmlab.session import Session

from .helpers import run_to_end, shipped


@pytest.fixture(scope="module")
def native_alpha():
    session = run_to_end(shipped("native-alpha"))
    assert session.halted == "halt"
    return session.summary()["guests"]["alpha"], session


def _assert_same(vmm_session: Session, native):
    expected, native_session = native
    got = vmm_session.summary()["guests"]["alpha"]
    assert got["state"] == "halted"
    assert got["console"] == expected["console"]
    assert got["regs"] == expected["regs"]
    assert got["sr"] == expected["sr"]           # CYCLE and TIMER included: virtual time
    vcpu = vmm_session.vmm.by_name["alpha"].vcpu
    assert vcpu.instret == native_session.machine.instret
    assert vcpu.pc == native_session.machine.pc


@pytest.mark.parametrize("quantum", [37, 400, 2000, 12_345])
@pytest.mark.parametrize("shares", [(1, 1), (3, 1), (1, 5)])
def test_alpha_beside_beta_matches_native(native_alpha, quantum, shares):
    scenario = shipped("two-guests", quantum=quantum)
    for g, share in zip(scenario.guests, shares):
        g.share = share
    _assert_same(run_to_end(scenario), native_alpha)


@pytest.mark.parametrize("quantum", [50, 999, 5000])
def test_alpha_alone_under_the_vmm_matches_native(native_alpha, quantum):
    scenario = shipped("two-guests", quantum=quantum)
    scenario.guests = scenario.guests[:1]
    _assert_same(run_to_end(scenario), native_alpha)


def test_alpha_output_is_the_real_program_output(native_alpha):
    console = native_alpha[0]["console"]
    assert console.startswith("Alpha time-sharing kernel")
    assert "[alpha] process 3 killed: BOUNDS at 0x00009000\n" in console
    assert console.count("ping #") == 5 and console.count("pong #") == 4
    assert console.endswith("[alpha] all processes have finished; halting\n")


def test_virtual_clock_never_sees_vmm_time(native_alpha):
    session = run_to_end(shipped("two-guests"))
    alpha = session.vmm.by_name["alpha"]
    # The physical machine spent far more cycles (VMM work, Beta's time)...
    assert session.cycle > 3 * alpha.vcpu.cycles
    # ...but Alpha's clock reads exactly what the bare machine's did.
    assert alpha.vcpu.cycles == native_alpha[1].cycle
