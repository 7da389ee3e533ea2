"""Whatever the input, assembling gives a Program or an AssemblyError - nothing else."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.asm import AssemblyError, Program, assemble

VALID = """\
; a program that uses every feature
        .equ COUNT, end - table
        .entry main
main:   la r2, table
        li r3, COUNT
        li r4, -200000
loop:   lw r1, 0(r2)
        beqz r1, done
        out CONSOLE_OUT, r1
        addi r2, r2, 1
        bnez r3, loop
        b loop
done:   mfsr r5, STATUS
        mtsr TIMER, r5
        push ra
        call sub
        pop ra
        getf r6
        setf r6
        halt
sub:    not r7, r8
        neg r7, r7
        mov r9, r7
        jalr r10, r11
        ret
table:  .string "Hola, món!\\n"
        .word 'x', -1, 0xFFFF_FFFF, (1 + 2) * 3 / 2, . - 1
end:
        .org 0x200
        .phase 0
user:   syscall 1
        jmp user
        .dephase
stack:  .space 4
"""

# Pieces of VL32 syntax (and of broken syntax) that mutations splice in.
FRAGMENTS = st.sampled_from([
    " ", "\t", "\n", ",", ":", ";", "#", "(", ")", "+", "-", "*", "/", "'", '"', "\\", ".",
    "r1", "r16", "sp", "ra", "STATUS", "CONSOLE_OUT", "label", "loop", "end", "x:",
    "0", "1", "0x", "0xFFFFFFFF", "0b2", "99999999999999999999", "-131073", "'a'", '"s"',
    "li", "la", "b", "add", "addi", "lw", "beq", "jmp", "mfsr", "out", "push", "halt",
    ".org", ".word", ".string", ".space", ".equ", ".entry", ".phase", ".dephase",
    ".org 0xFFFFFFFF", ".space 262144", "(" * 45, "-" * 45, "ŀ", "é", "€", "\x00", "\r",
])


@st.composite
def mutated_programs(draw):
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "duplicate-line"]))
        if action == "insert":
            text = text[:position] + draw(FRAGMENTS) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)):]
        elif action == "replace":
            text = text[:position] + draw(FRAGMENTS) + text[position + 1:]
        else:
            lines = text.split("\n")
            index = position % len(lines)
            lines.insert(index, lines[index])
            text = "\n".join(lines)
    return text


def check(source: str) -> None:
    try:
        program = assemble(source, "fuzz.vl32")
    except AssemblyError as error:
        assert error.errors, "an AssemblyError must carry at least one diagnostic"
        for diagnostic in error.errors:
            assert not diagnostic.message.startswith("internal assembler error"), str(diagnostic)
            assert diagnostic.line >= 1 and diagnostic.col >= 1
            str(diagnostic)
        return
    assert isinstance(program, Program)
    assert all(0 <= word <= 0xFFFFFFFF for word in program.image.values())
    program.listing()


def test_the_valid_program_assembles():
    program = assemble(VALID)
    assert program.entry == program.labels["main"] == 0
    assert program.labels["user"] == 0 and program.load_address_of("user") == 0x200


FUZZ = settings(max_examples=max(settings.default.max_examples, 400))


@FUZZ
@given(mutated_programs())
def test_mutated_programs_never_crash(source):
    check(source)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_never_crashes(source):
    check(source)


@FUZZ
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_random_token_soup_never_crashes(source):
    check(source)
