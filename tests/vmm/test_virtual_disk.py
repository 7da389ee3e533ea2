"""A guest's virtual disk (docs/isa.md, section 14): under every technique that exits on
I/O the VMM emulates the disk's ports on the guest's own disk, a transfer takes the
documented cycles of the guest's virtual time and its DISK interrupt is injected; the
diskette kernel behaves as on the bare machine, console, registers and disk alike; a guest
booted from a copied disk image behaves as the original."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from vmlab.disk_image import copy_disk_image, read_disk_image, read_text_file
from vmlab.isa.spec import (CAUSE_DISK, DISK_BLOCK_WORDS, DISK_ERR_ADDRESS, DISK_ERROR_SHIFT,
                            DISK_TRANSFER_CYCLES)
from vmlab.scenario import disks_dir, load_scenario
from vmlab.observe.events import InterruptInjected
from vmlab.session import Session
from vmlab.vmm import techniques

from .helpers import guest, make_scenario, run_to_end

# Every technique under a VMM that runs an unmodified kernel (exits on I/O): the
# paravirtual one runs only paravirtual kernels, which need not use the disk.
TECHNIQUES = [name for name in techniques.technique_names()
              if techniques.get(name).under_vmm and not techniques.get(name).paravirtual]


def outcome(session: Session, name: str) -> dict:
    g = session.summary()["guests"][name]
    return {"console": g["console"], "state": g["state"], "regs": g["regs"], "sr": g["sr"],
            "disk": session.disk_words(name)}


@pytest.fixture(scope="module")
def native() -> dict:
    session = run_to_end(load_scenario("disk-native"))
    assert session.halted == "halt"
    return outcome(session, "diskette")


def test_the_native_kernel_reads_motd_and_appends_to_the_log(native):
    image = read_disk_image(disks_dir() / "diskette.disk")
    motd = read_text_file(image, "motd")
    assert motd and motd in native["console"]
    assert read_text_file(image, "log") == ""
    assert read_text_file(native["disk"], "log") == "#01\n"
    assert "#01\n" in native["console"]
    assert read_text_file(native["disk"], "motd") == motd


def test_the_technique_list_is_every_one_that_exits_on_io():
    assert {"trap-and-emulate", "binary-translation", "hardware-assist-1",
            "hardware-assist-2"} <= set(TECHNIQUES)


@pytest.mark.parametrize("technique", TECHNIQUES)
def test_every_technique_gives_the_native_console_registers_and_disk(native, technique):
    scenario = load_scenario("disk-native").with_technique(technique)
    scenario.host_memory = 16_384
    session = run_to_end(scenario)
    assert outcome(session, "diskette") == native
    # The DISK interrupts the kernel took are the native ones, delivered by the VMM
    # (injected) or by the CPU in guest mode.
    natively = run_to_end(load_scenario("disk-native")).summary()["guests"]["diskette"]
    assert session.summary()["guests"]["diskette"]["disk"] == natively["disk"]


@pytest.mark.parametrize("technique", TECHNIQUES)
def test_two_guests_from_a_disk_and_its_copy_are_identical(native, technique):
    scenario = load_scenario("disk-copy").with_technique(technique)
    assert [g.disk_path.name for g in scenario.guests] == ["diskette.disk",
                                                          "diskette-copy.disk"]
    session = run_to_end(scenario)
    assert outcome(session, "original") == outcome(session, "copy") == native


def test_the_shipped_copy_is_a_byte_for_byte_copy():
    assert (disks_dir() / "diskette-copy.disk").read_bytes() == \
        (disks_dir() / "diskette.disk").read_bytes()


def test_a_guest_booted_from_a_copied_image_behaves_as_the_original(tmp_path, native):
    """The lecture's sentence: copy the file, boot a second guest from the copy."""
    copy_disk_image(disks_dir() / "diskette.disk", tmp_path / "mine.disk")
    copy_disk_image(tmp_path / "mine.disk", tmp_path / "clone.disk")
    (tmp_path / "two.toml").write_text(
        '[scenario]\ntechnique = "trap-and-emulate"\nhost_memory = 20480\n'
        '[[guest]]\nname = "mine"\nprogram = "diskette"\nmemory = 8192\ndisk = "mine"\n'
        '[[guest]]\nname = "clone"\nprogram = "diskette"\nmemory = 8192\ndisk = "clone.disk"\n',
        encoding="utf-8")
    session = run_to_end(load_scenario(str(tmp_path / "two.toml")))
    assert outcome(session, "mine") == outcome(session, "clone") == native


def test_writes_change_only_the_guests_own_disk_and_not_the_file(tmp_path):
    before = (disks_dir() / "diskette.disk").read_bytes()
    session = run_to_end(load_scenario("disk-copy"))
    assert (disks_dir() / "diskette.disk").read_bytes() == before
    scenario = load_scenario("disk-copy")
    assert scenario.guests[0].disk == read_disk_image(disks_dir() / "diskette.disk")
    # Each guest wrote its own disk once: the log holds one line in each.
    for name in ("original", "copy"):
        assert read_text_file(session.disk_words(name), "log") == "#01\n"


# ---------------------------------------------------------------- timing, interrupt, bounds
TIMING = """
.org 0
        li    r1, 1
        out   DISK_ADDR, r4
        out   DISK_CMD, r1          ; READ block 0 to r4
        mfsr  r2, CYCLE             ; the OUT's end
        in    r11, DISK_CMD         ; BUSY, or an error code
        wfi                         ; until the transfer is done
        mfsr  r3, CYCLE
        in    r5, DISK_CMD          ; DONE
        la    r6, handler
        mtsr  TVEC, r6
        out   DISK_CMD, r1          ; again, now with interrupts on
        li    r6, 3
        mtsr  STATUS, r6
spin:   addi  r7, r7, 1
        lw    r8, seen(r0)
        beqz  r8, spin
        halt
handler:
        mfsr  r9, CAUSE
        mfsr  r10, CYCLE
        sw    r9, seen(r0)
        out   DISK_CMD, r0          ; ACK
        eret
seen:   .word 0
"""


def timing_scenario(technique: str, addr: int = 0x200, memory: int = 4096):
    source = TIMING.replace("out   DISK_ADDR, r4", f"li r4, {addr}\n        out DISK_ADDR, r4")
    g = replace(guest("timing", source, memory=memory), disk=[7] * (4 * DISK_BLOCK_WORDS))
    return make_scenario(g, technique=technique)


@pytest.mark.parametrize("technique", ["native"] + TECHNIQUES)
def test_a_transfer_takes_the_documented_virtual_cycles_and_interrupts(technique):
    session = run_to_end(timing_scenario(technique))
    g = session.summary()["guests"]["timing"]
    regs = g["regs"]
    assert regs[3] - regs[2] == DISK_TRANSFER_CYCLES
    assert regs[11] == 1                                 # BUSY
    assert regs[5] == 2                                  # DONE
    assert regs[9] == CAUSE_DISK
    assert session.disk_words("timing") == [7] * (4 * DISK_BLOCK_WORDS)
    reference = run_to_end(timing_scenario("native")).summary()["guests"]["timing"]
    assert regs == reference["regs"] and g["sr"] == reference["sr"]


@pytest.mark.parametrize("technique", ["native"] + TECHNIQUES)
def test_a_transfer_outside_the_guests_memory_is_refused(technique):
    memory = 1024
    session = run_to_end(timing_scenario(technique, addr=memory - DISK_BLOCK_WORDS + 1,
                                         memory=memory), max_cycles=20_000)
    g = session.summary()["guests"]["timing"]
    assert g["regs"][11] == DISK_ERR_ADDRESS << DISK_ERROR_SHIFT
    assert g["state"] == "stalled"          # no transfer, so nothing wakes its WFI


def test_the_vmm_injects_one_disk_interrupt_for_each_the_bare_machine_takes():
    session = run_to_end(load_scenario("disk"))
    injected = [e for e in session.log if isinstance(e, InterruptInjected)
                and e.cause == "DISK"]
    natively = run_to_end(load_scenario("disk-native")).summary()["guests"]["diskette"]
    assert len(injected) == natively["traps"]["DISK"]
    assert natively["traps"]["DISK"] == natively["disk"]["reads"] + natively["disk"]["writes"]


def test_stepping_back_over_a_transfer_restores_the_disk():
    session = Session(load_scenario("disk"), checkpoint_interval=500)
    session.run(until_cycle=4_000)
    middle, disk = session.state_hash(), session.disk_words("diskette")
    session.run()
    assert session.disk_words("diskette") != disk          # the log was written since
    session.travel_to(4_000)
    assert session.state_hash() == middle and session.disk_words("diskette") == disk


@pytest.mark.parametrize("technique", ["native"] + TECHNIQUES)
def test_stepping_by_cycles_reaches_the_state_a_run_reaches(technique):
    scenario = load_scenario("disk-native").with_technique(technique)
    scenario.host_memory = 16_384
    ran = Session(scenario)
    stepped = Session(scenario)
    for target in (1_500, 3_000, 4_500):
        ran.run(until_cycle=target)
        stepped.run(until_cycle=target - 250)
        while stepped.cycle < target:
            stepped.step_cycle()
        assert stepped.state_hash() == ran.state_hash(), target
