"""The Popek-Goldberg flaw, pinned: Beta notices the VMM through GETF/SETF."""

import pytest

from .helpers import run_to_end, shipped


@pytest.fixture(scope="module")
def outputs():
    native = run_to_end(shipped("native-beta")).summary()["guests"]["beta"]["console"]
    virtual = run_to_end(shipped("two-guests")).summary()["guests"]["beta"]["console"]
    return native.splitlines(), virtual.splitlines()


def test_native_beta_sees_kernel_mode_and_never_warns(outputs):
    native, _ = outputs
    assert native[1] == "[beta] GETF says STATUS = 2: kernel mode, as expected"
    assert not [line for line in native if "WARNING" in line]


def test_getf_under_the_vmm_sees_user_mode(outputs):
    _, virtual = outputs
    # STATUS = 5: IE and PIE set, KMODE clear - the real, de-privileged mode.
    assert virtual[1] == "[beta] GETF says STATUS = 5: USER mode?! something is running me"


def test_setf_cannot_protect_the_critical_section_under_the_vmm(outputs):
    _, virtual = outputs
    warnings = [line for line in virtual if "WARNING" in line]
    assert warnings, "the clock interrupt should land inside the critical section"
    assert all(line.startswith("[beta] WARNING: clock interrupt inside a critical section")
               for line in warnings)


def test_everything_else_is_the_same(outputs):
    native, virtual = outputs
    keep = [line for line in virtual if "WARNING" not in line and "GETF" not in line]
    expected = [line for line in native if "GETF" not in line]
    # The jobs compute the same; only the tick count in the last line may differ,
    # because the warnings themselves take time.
    assert keep[:-1] == expected[:-1]
    assert keep[-1].startswith("[beta] batch done: jobs 2, clock ticks ")
