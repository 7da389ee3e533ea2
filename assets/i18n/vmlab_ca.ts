<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ca_ES">
<context>
    <name>CodeViewPanel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whose code to show: the guest on the CPU now, or always the same guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>follow the running guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap entry: save pc and mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap entry: set cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap entry: enter kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap entry: jump to TVEC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fault (nothing committed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>execute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>write back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>select port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bus cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jump</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulate the instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflect the trap into the guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route console input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>world switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inject an interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulated by the VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflected into the guest kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the VMM&apos;s own timer: the time slice is checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>console input for a guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preempted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the guest crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>privileged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sensitive, not privileged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trapping instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>breakpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Privileged instructions trap in user mode; GETF and SETF read or change privileged state without trapping.  Click the margin (or press F9) to set or remove a breakpoint on a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (it traps: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a fetch that traps (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machine has stopped (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VMM: %1 (%2/%3 cycles)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle %1 of %2 of %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About to start %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VMM is working for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 waits: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VMM is idle: every guest waits for an interrupt (%1/%2 cycles)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not on the CPU (%2); %3 is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no source line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pc = %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode: load address BASE + pc = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit: %1 interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped at a breakpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: no code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, load address %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the program sees it at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to remove the breakpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to set a breakpoint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsolesPanel</name>
    <message>
        <source>Type for %1 and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text typed here goes to the console input of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add newline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter sends the text followed by a newline; untick to send the characters alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No output yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read yet: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input typed for %1 that its kernel has not read yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The input could not be sent: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: the character “%1” (U+%2) cannot be typed on the VL32 console, which carries one byte per character (Latin-1, which covers Catalan).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LayerDiagramPanel</name>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>return to user mode (eret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>world switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>saving the registers of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulating %2 for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulating the privileged instruction of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflecting the trap into the kernel of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>injecting an interrupt into %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switching the CPU to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>returning to %1, in user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>returning to %1, in its kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>returning to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routing console input to its guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is executing now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host: the real VL32 hardware. One CPU, %1 words of physical memory and a console. Every layer above runs on it, one cycle at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bar shows how the VMM shares the memory out: its own region, one partition per guest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The virtual machine monitor (VMM, hypervisor). It runs in kernel mode and keeps the real CPU: every privileged instruction a guest executes traps into it (a VM exit); it emulates the instruction on the guest&apos;s virtual CPU, reflects the guest&apos;s own traps into its kernel, injects interrupts and switches between guests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 (for %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: idle, waiting for an interrupt (every guest waits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on the bare machine: no VMM, its kernel owns the real CPU and all %2 words of memory. State: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual machine %1: a copy of the VL32 with %2 words of memory (host words %3 to %4). It believes it has the machine to itself. State: %5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kernel of %1, in kernel mode directly on the hardware: it handles the traps and system calls of its processes and schedules them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest kernel of %1. It believes it runs in kernel mode, but the VMM runs it de-privileged (in user mode): each privileged instruction traps to the VMM, which emulates it (trap and emulate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Process %1 of %2. It runs in user mode, isolated by BASE/BOUND: it sees only its own memory (loaded at %3 to %4 of the guest). System calls and faults trap to its kernel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under the VMM each of those traps is a VM exit first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BASE selects it: it is the current process of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native: one kernel on the bare machine (no VMM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap and emulate: %1 virtual machines on one VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap and emulate: one virtual machine on a VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Native (no VMM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap and emulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VL32 host: CPU, %1 words of memory, console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VL32 host: %1 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hardware: runs every cycle; the layers above take turns on its CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the real hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hypervisor · kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every guest waits: the CPU sleeps until an interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 VM exits · %2 world switches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>powered off: no guest left to run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on the bare machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running in user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no processes: the kernel runs alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running · user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual kernel mode · de-privileged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>de-privileged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>guest kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running · %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson file (for lesson authors)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the lesson file again and check it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use another seed (another set of numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exercise: edit the program, then assemble and run it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assemble and run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This lesson has errors:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed (the same seed always gives the same numbers):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>playing the step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lesson open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a lesson above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish ✓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already answered correctly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer first, then check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No hint for this step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The program does not assemble:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All %1 checks pass. Well done!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 checks pass.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n cycles/s (slow motion)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cycles/s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>native (no VMM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap and emulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: halt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped: stalled (WFI with nothing to wake it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped at a breakpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after a trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vmlab — virtualization lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the scenario again from power-on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo the last step (travel back in time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to previous &amp;trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travel back to the previous trap or VM exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance exactly one clock cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step &amp;instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advance one instruction of the running code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run until the next trap or VM exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run or pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a scenario file (.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;program…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a VL32 program (.vl32) on the bare machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close vmlab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Large fonts, high contrast, only the main panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decimal values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show values in decimal instead of hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About vmlab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shipped &amp;scenarios</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;peed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Technique:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: VMM (for %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running: idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This scenario cannot be opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This program cannot be run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenarios (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VL32 programs (*.vl32 *.s *.asm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About vmlab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;vmlab&lt;/h3&gt;&lt;p&gt;A virtualization lab for operating-systems courses: the VL32 machine, a virtual machine monitor running two guest kernels, and lessons.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host memory: %1 words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM region drawn enlarged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pc %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU in the VMM: kernel mode, no relocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The machine has stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VCPU save areas:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No memory to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Char</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physical address of the word in host memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The 32-bit word stored there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The word as a character, if it is a printable Latin-1 code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The word disassembled as a VL32 instruction (branch targets in the owner&apos;s own addresses)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who owns the word: the VMM, a guest (with the guest&apos;s own address and label), or free memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0x1F00, 7936 or a label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a physical address in hex (0x…) or decimal, or a label of the shown guest&apos;s program (guest:label for another guest), then press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow pc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the word at the physical pc in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · kernel mode: no relocation, the whole memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · empty window · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · BASE %2 · BOUND %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2–%3 (%4 words)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VCPU save area of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to show this address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM: %1.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM: trap vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value %1 = %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CPU&apos;s pc points here (physical address)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed by the last step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown address or label</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegistersPanel</name>
    <message>
        <source>Registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU (native)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 runs on the bare machine: no VMM, no VCPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU and VCPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The physical CPU and, beside it, the virtual CPU of each guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show values in hexadecimal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show values in decimal (general registers signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highlighted values changed in the last step or run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Program counter: the address of the next instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r0 always reads 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r14 is the stack pointer (sp) by convention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>r15 is the return address (ra), written by JAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS: interrupts enabled (IE), kernel mode (KMODE), and their previous values (PIE, PKMODE) saved at trap entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IE: interrupts enabled; KMODE: kernel mode; PIE and PKMODE: the values before the last trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EPC: address of the instruction that trapped or was interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CAUSE: why the last trap happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVAL: extra trap information (bad address, SYSCALL code, instruction word)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TVEC: the kernel&apos;s entry point for every trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BASE: where user-mode address 0 is in memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BOUND: user-mode addresses must be below it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TIMER: cycles until the timer interrupt (0: disarmed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCRATCH: free for the kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CYCLE: cycles completed (a guest sees its virtual clock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPEND: pending interrupts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending interrupts: timer, console input, disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>physical CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s VCPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The physical CPU (the host&apos;s registers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>halted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s virtual CPU: the registers the guest believes it has</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is on the CPU now: its general registers and pc are the CPU&apos;s; its system registers stay virtual.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message>
        <source>Where the cycles went</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traps by cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits by cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No traps yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No VM exits yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycles in total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of the time in kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>traps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>of the time idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM overhead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>world switches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of all cycles in kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM overhead: the cycles spent in the VMM divided by all cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all causes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulated instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflected traps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>injected interrupts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traps taken by the guest kernels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out (mouse wheel, or the − key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in (mouse wheel, or the + key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole run (Home key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the present cycle in view while the simulation runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 pixel = %1 cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 cycle = %1 pixels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycles %1 – %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap %1 at cycle %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit %1 at cycle %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VMM: %1 (%2 cycles)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: cycles %2 – %3 (%4 cycles)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faded: what ran before you travelled back; it runs again the same way unless you type input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to travel to this cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulated the instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflected the trap to the guest kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checked the clock (its own timer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>routed console input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped the crashed guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrapInspectorPanel</name>
    <message>
        <source>Trap inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>emulate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reflect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>route input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap to kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>faulting instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trap entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inject interrupt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>world switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physical cycle at which the CPU entered the VMM (natively: the kernel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest that was running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest&apos;s (virtual) mode when it trapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of the instruction that trapped, as the guest sees it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The instruction that trapped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap cause (CAUSE register)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the VMM did: emulate a privileged instruction, reflect the trap into the guest kernel, resume after its own timer, route console input, or stop a guest that crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cycles the trap cost: the VMM&apos;s work including the hardware trap entry (natively: the faulting cycle + the 4-cycle trap entry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cause:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only rows containing this text (cycle, pc, instruction, cause, action)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to this moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Travel in time to the cycle of this trap: every panel shows that moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps and their cycles:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest&apos;s virtual CPU before and after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the registers this trap changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(interrupt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no instruction fetched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at cycle %2: %3 in %4 mode at pc %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click to go to this moment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all guests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all causes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 traps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%2 traps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 VM exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%2 VM exits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No traps yet: run or step the machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No VM exits yet: run or step the machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No row matches the filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a trap to see how the hardware handled it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a VM exit to see what the VMM did, step by step, and the guest&apos;s virtual CPU before and after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at cycle %2 · %3 (%4 mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at pc %2: %3 → &lt;b&gt;%4&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;i&gt;This is the present moment.&lt;/i&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 = %2 cycles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the VMM is still handling this exit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the bare machine the trap entry saved the pc in EPC (%1), set CAUSE = %2 and TVAL = %3, switched to kernel mode with interrupts off and jumped to TVEC: the kernel handles it from there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>virtual clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not yet)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
