<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ca_ES">
<context>
    <name>BytecodePane</name>
    <message>
        <source>Bytecode %1: %2 instructions, .stack %3, .locals %4</source>
        <translation>Bytecode %1: %2 instruccions, .stack %3, .locals %4</translation>
    </message>
    <message>
        <source>Interpreted by the VL32 program beside it: the marked instruction is the one at r10, the bytecode pc.</source>
        <translation>L’interpreta el programa VL32 del costat: la instrucció marcada és la que indica r10, el pc del bytecode.</translation>
    </message>
</context>
<context>
    <name>CodeViewPanel</name>
    <message>
        <source>Code</source>
        <translation>Codi</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Mostra:</translation>
    </message>
    <message>
        <source>Whose code to show: the guest on the CPU now, or always the same guest</source>
        <translation>De qui és el codi que es mostra: el guest que ara és a la CPU o sempre el mateix guest</translation>
    </message>
    <message>
        <source>follow the running guest</source>
        <translation>segueix el guest en execució</translation>
    </message>
    <message>
        <source>Translated block</source>
        <translation>Bloc traduït</translation>
    </message>
    <message>
        <source>Binary translation: show, beside the original, the translated block that holds the pc, with the instructions that call the VMM instead</source>
        <translation>Traducció binària: mostra, al costat de l’original, el bloc traduït que conté el pc, amb les instruccions que en lloc seu criden la VMM</translation>
    </message>
    <message>
        <source>trap entry: save pc and mode</source>
        <translation>entrada del trap: desa el pc i el mode</translation>
    </message>
    <message>
        <source>trap entry: set cause</source>
        <translation>entrada del trap: fixa la causa</translation>
    </message>
    <message>
        <source>trap entry: enter kernel mode</source>
        <translation>entrada del trap: passa a mode nucli</translation>
    </message>
    <message>
        <source>trap entry: jump to TVEC</source>
        <translation>entrada del trap: salta a TVEC</translation>
    </message>
    <message>
        <source>fault (nothing committed)</source>
        <translation>fallada (sense cap efecte)</translation>
    </message>
    <message>
        <source>execute</source>
        <translation>execució</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>en repòs</translation>
    </message>
    <message>
        <source>address</source>
        <translation>càlcul de l’adreça</translation>
    </message>
    <message>
        <source>memory access</source>
        <translation>accés a memòria</translation>
    </message>
    <message>
        <source>write back</source>
        <translation>escriptura del resultat</translation>
    </message>
    <message>
        <source>select port</source>
        <translation>selecció del port</translation>
    </message>
    <message>
        <source>bus cycle</source>
        <translation>cicle de bus</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>finalització</translation>
    </message>
    <message>
        <source>jump</source>
        <translation>salt</translation>
    </message>
    <message>
        <source>%1 step %2</source>
        <translation>%1, pas %2</translation>
    </message>
    <message>
        <source>VM exit</source>
        <translation>sortida de la MV</translation>
    </message>
    <message>
        <source>emulate the instruction</source>
        <translation>emular la instrucció</translation>
    </message>
    <message>
        <source>reflect the trap into the guest</source>
        <translation>reflectir el trap cap al guest</translation>
    </message>
    <message>
        <source>route console input</source>
        <translation>encaminar l’entrada de consola</translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation>entrada a la MV</translation>
    </message>
    <message>
        <source>world switch</source>
        <translation>canvi de màquina</translation>
    </message>
    <message>
        <source>inject an interrupt</source>
        <translation>injectar una interrupció</translation>
    </message>
    <message>
        <source>emulated by the VMM</source>
        <translation>emulada per la VMM</translation>
    </message>
    <message>
        <source>reflected into the guest kernel</source>
        <translation>reflectit cap al nucli convidat</translation>
    </message>
    <message>
        <source>the VMM&apos;s own timer: the time slice is checked</source>
        <translation>el temporitzador propi de la VMM: es comprova el quàntum</translation>
    </message>
    <message>
        <source>console input for a guest</source>
        <translation>entrada de consola per a un guest</translation>
    </message>
    <message>
        <source>preempted</source>
        <translation>desallotjat</translation>
    </message>
    <message>
        <source>the guest crashed</source>
        <translation>el guest ha fallat</translation>
    </message>
    <message>
        <source>privileged</source>
        <translation>privilegiada</translation>
    </message>
    <message>
        <source>sensitive, not privileged</source>
        <translation>sensible, no privilegiada</translation>
    </message>
    <message>
        <source>pc</source>
        <translation>pc</translation>
    </message>
    <message>
        <source>trapping instruction</source>
        <translation>instrucció que provoca un trap</translation>
    </message>
    <message>
        <source>breakpoint</source>
        <translation>punt d’aturada</translation>
    </message>
    <message>
        <source>Privileged instructions trap in user mode; GETF and SETF read or change privileged state without trapping.  Click the margin (or press F9) to set or remove a breakpoint on a line.</source>
        <translation>En mode usuari, les instruccions privilegiades provoquen un trap (excepció o interrupció); GETF i SETF llegeixen o canvien estat privilegiat sense provocar-ne cap.  Feu clic al marge (o premeu F9) per posar o treure un punt d’aturada en una línia.</translation>
    </message>
    <message>
        <source>halted here</source>
        <translation>aturat aquí</translation>
    </message>
    <message>
        <source>User code runs directly on the CPU: binary translation translates only the guest&apos;s kernel code.</source>
        <translation>El codi d’usuari s’executa directament a la CPU: la traducció binària només tradueix el codi del nucli del guest.</translation>
    </message>
    <message>
        <source>The kernel code at pc %1 is not translated yet: the VMM translates a block the first time it is about to run.</source>
        <translation>El codi del nucli al pc %1 encara no s’ha traduït: la VMM tradueix un bloc la primera vegada que s’ha d’executar.</translation>
    </message>
    <message>
        <source>→ callout to the VMM</source>
        <translation>→ crida a la VMM</translation>
    </message>
    <message>
        <source>Translated block %1–%2: %3 instructions, 1 callout</source>
        <translation>Bloc traduït %1–%2: %3 instruccions, 1 crida a la VMM</translation>
    </message>
    <message>
        <source>Translated block %1–%2: %3 instructions, %4 callouts</source>
        <translation>Bloc traduït %1–%2: %3 instruccions, %4 crides a la VMM</translation>
    </message>
    <message>
        <source>Then it continues at: %1</source>
        <translation>Després continua a: %1</translation>
    </message>
    <message>
        <source>The guest still sees its original words: the translation is the VMM&apos;s copy.</source>
        <translation>El guest continua veient les seves paraules originals: la traducció és la còpia de la VMM.</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>%1 is not on the CPU (%2); %3.</source>
        <translation>%1 no és a la CPU (%2); %3.</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>guest kernel</source>
        <translation>nucli convidat</translation>
    </message>
    <message>
        <source>guest kernel (guest mode: kernel mode)</source>
        <translation>nucli convidat (mode convidat: mode nucli)</translation>
    </message>
    <message>
        <source>guest kernel (deprivileged: user mode)</source>
        <translation>nucli convidat (sense privilegis: mode usuari)</translation>
    </message>
    <message>
        <source>The kernel of %1 runs in kernel mode inside the CPU&apos;s guest mode (hardware assist).</source>
        <translation>El nucli de %1 s’executa en mode nucli dins del mode convidat de la CPU (virtualització assistida per maquinari).</translation>
    </message>
    <message>
        <source>The kernel of %1 believes it runs in kernel mode; the physical CPU runs it deprivileged, in user mode.</source>
        <translation>El nucli de %1 es creu en mode nucli; la CPU física l’executa sense privilegis, en mode usuari.</translation>
    </message>
    <message>
        <source>the %1 interrupt</source>
        <translation>la interrupció %1</translation>
    </message>
    <message>
        <source>%1 (it traps: %2)</source>
        <translation>%1 (provoca un trap: %2)</translation>
    </message>
    <message>
        <source>a fetch that traps (%1)</source>
        <translation>una lectura d’instrucció que provoca un trap (%1)</translation>
    </message>
    <message>
        <source>The machine has stopped (state: %1).</source>
        <translation>La màquina s’ha aturat (estat: %1).</translation>
    </message>
    <message>
        <source>The VMM: %1 (%2/%3 cycles)</source>
        <translation>La VMM: %1 (%2/%3 cicles)</translation>
    </message>
    <message>
        <source>Cycle %1 of %2 of %3: %4</source>
        <translation>%3 — cicle %1/%2: %4</translation>
    </message>
    <message>
        <source>About to start %1</source>
        <translation>A punt de començar: %1</translation>
    </message>
    <message>
        <source>The VMM is working for %1: %2</source>
        <translation>La VMM treballa per a %1: %2</translation>
    </message>
    <message>
        <source>(%1 waits: %2)</source>
        <translation>(%1 espera: %2)</translation>
    </message>
    <message>
        <source>The VMM is idle: every guest waits for an interrupt (%1/%2 cycles)</source>
        <translation>La VMM està en repòs: tots els guests esperen una interrupció (%1/%2 cicles)</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>línia %1</translation>
    </message>
    <message>
        <source>no source line</source>
        <translation>sense línia de codi font</translation>
    </message>
    <message>
        <source>pc = %1 (%2)</source>
        <translation>pc = %1 (%2)</translation>
    </message>
    <message>
        <source>user mode: load address BASE + pc = %1</source>
        <translation>mode usuari: adreça de càrrega BASE + pc = %1</translation>
    </message>
    <message>
        <source>Trap: %1</source>
        <translation>Trap: %1</translation>
    </message>
    <message>
        <source>Interrupt: %1</source>
        <translation>Interrupció: %1</translation>
    </message>
    <message>
        <source>VM exit: %1 interrupt</source>
        <translation>Sortida de la MV: interrupció %1</translation>
    </message>
    <message>
        <source>VM exit: %1</source>
        <translation>Sortida de la MV: %1</translation>
    </message>
    <message>
        <source>Stopped at a breakpoint.</source>
        <translation>S’ha aturat en un punt d’aturada.</translation>
    </message>
    <message>
        <source>Line %1: no code</source>
        <translation>Línia %1: sense codi</translation>
    </message>
    <message>
        <source>Line %1, load address %2</source>
        <translation>Línia %1, adreça de càrrega %2</translation>
    </message>
    <message>
        <source>the program sees it at %1</source>
        <translation>per al programa, és a %1</translation>
    </message>
    <message>
        <source>Click to remove the breakpoint</source>
        <translation>Feu clic per treure el punt d’aturada</translation>
    </message>
    <message>
        <source>Click to set a breakpoint</source>
        <translation>Feu clic per posar un punt d’aturada</translation>
    </message>
</context>
<context>
    <name>ComparisonPanel</name>
    <message>
        <source>console</source>
        <translation>consola</translation>
    </message>
    <message>
        <source>final state</source>
        <translation>estat final</translation>
    </message>
    <message>
        <source>registers</source>
        <translation>registres</translation>
    </message>
    <message>
        <source>system registers</source>
        <translation>registres de sistema</translation>
    </message>
    <message>
        <source>traps</source>
        <translation>traps</translation>
    </message>
    <message>
        <source>not applicable: no paravirtual port of %1</source>
        <translation>no aplicable: %1 no té cap adaptació paravirtual</translation>
    </message>
    <message>
        <source>waiting…</source>
        <translation>en espera…</translation>
    </message>
    <message>
        <source>running… %1 %</source>
        <translation>s’executa… %1 %</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>referència</translation>
    </message>
    <message>
        <source>did not finish</source>
        <translation>no ha acabat</translation>
    </message>
    <message>
        <source>— (another kernel)</source>
        <translation>— (un altre nucli)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no: did not finish</source>
        <translation>no: no ha acabat</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>no: %1</source>
        <translation>no: %1</translation>
    </message>
    <message>
        <source>same as native</source>
        <translation>igual que la nativa</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>diferent</translation>
    </message>
    <message>
        <source>%1 hypercalls</source>
        <translation>%1 hipercrides</translation>
    </message>
    <message>
        <source>%1 blocks translated (%2 instructions scanned, %3 VMM cycles)</source>
        <translation>%1 blocs traduïts (%2 instruccions examinades, %3 cicles de la VMM)</translation>
    </message>
    <message>
        <source>translation cache: %1 hits, %2 misses</source>
        <translation>memòria cau de traducció: %1 encerts, %2 fallades</translation>
    </message>
    <message>
        <source>%1 callouts</source>
        <translation>%1 crides a la VMM</translation>
    </message>
    <message>
        <source>Host cycles per technique, until the guest halts</source>
        <translation>Cicles del host per tècnica, fins que el guest s’atura</translation>
    </message>
    <message>
        <source>the guest’s own code</source>
        <translation>el codi del guest</translation>
    </message>
    <message>
        <source>the VMM</source>
        <translation>la VMM</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>en repòs</translation>
    </message>
    <message>
        <source>native (the baseline)</source>
        <translation>nativa (la referència)</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparació</translation>
    </message>
    <message>
        <source>Guest kernel:</source>
        <translation>Nucli convidat:</translation>
    </message>
    <message>
        <source>The guest kernel to run alone under native and each technique</source>
        <translation>El nucli convidat que s’executa sol, de manera nativa i amb cada tècnica</translation>
    </message>
    <message>
        <source>Technique</source>
        <translation>Tècnica</translation>
    </message>
    <message>
        <source>Host
cycles</source>
        <translation>Cicles
del host</translation>
    </message>
    <message>
        <source>Guest
cycles</source>
        <translation>Cicles
del guest</translation>
    </message>
    <message>
        <source>VMM
cycles</source>
        <translation>Cicles
de la VMM</translation>
    </message>
    <message>
        <source>VMM
overhead</source>
        <translation>Cost afegit
de la VMM</translation>
    </message>
    <message>
        <source>VM
exits</source>
        <translation>Sortides
de la MV</translation>
    </message>
    <message>
        <source>System
calls</source>
        <translation>Crides
al sistema</translation>
    </message>
    <message>
        <source>VMM cycles
per call</source>
        <translation>Cicles de
la VMM
per crida</translation>
    </message>
    <message>
        <source>Context
switches</source>
        <translation>Canvis
de context</translation>
    </message>
    <message>
        <source>VMM cycles
per switch</source>
        <translation>Cicles de
la VMM
per canvi</translation>
    </message>
    <message>
        <source>The technique’s
own work</source>
        <translation>Feina de
la tècnica</translation>
    </message>
    <message>
        <source>Equivalent
to native</source>
        <translation>Equivalent
a la nativa</translation>
    </message>
    <message>
        <source>Physical cycles from power-on until the guest halted</source>
        <translation>Cicles físics des de l’engegada fins que el guest s’atura</translation>
    </message>
    <message>
        <source>The guest’s virtual clock (its CYCLE): what its own work took, as on a bare machine</source>
        <translation>El rellotge virtual del guest (el seu CYCLE): el que ha trigat la seva pròpia feina, com en una màquina nua</translation>
    </message>
    <message>
        <source>Cycles the VMM worked: every VM exit, from the trap entry to the VM entry back, and its work outside exits (translating, callouts)</source>
        <translation>Cicles de feina de la VMM: cada sortida de la MV, des de l’entrada del trap fins a l’entrada a la MV de tornada, i la seva feina fora de les sortides (traduir, crides a la VMM)</translation>
    </message>
    <message>
        <source>VMM cycles spent on system calls (the SYSCALL’s exit and the VMM’s work for the kernel while it serves one) per system call</source>
        <translation>Cicles de la VMM dedicats a les crides al sistema (la sortida del SYSCALL i la feina de la VMM per al nucli mentre en serveix una), per crida al sistema</translation>
    </message>
    <message>
        <source>VMM cycles spent writing BASE or BOUND (exits, callouts, hypercalls), per context switch</source>
        <translation>Cicles de la VMM dedicats a escriure BASE o BOUND (sortides, crides a la VMM, hipercrides), per canvi de context</translation>
    </message>
    <message>
        <source>How much longer than on the bare machine: (host cycles − native host cycles) / native host cycles</source>
        <translation>Quant més triga que a la màquina nua: (cicles del host − cicles del host natius) / cicles del host natius</translation>
    </message>
    <message>
        <source>VM exits; hover over a number to see them by cause</source>
        <translation>Sortides de la MV; passeu per sobre d’un nombre per veure-les per causa</translation>
    </message>
    <message>
        <source>SYSCALL traps the guest kernel took</source>
        <translation>Traps SYSCALL que ha rebut el nucli convidat</translation>
    </message>
    <message>
        <source>Writes of BASE by the guest kernel: it loads another process’s memory window</source>
        <translation>Escriptures de BASE del nucli convidat: carrega la finestra de memòria d’un altre procés</translation>
    </message>
    <message>
        <source>What the technique itself reports: hypercalls, blocks translated, its translation cache</source>
        <translation>El que informa la mateixa tècnica: hipercrides, blocs traduïts, la seva memòria cau de traducció</translation>
    </message>
    <message>
        <source>Same console, final state, registers, system registers, CYCLE and traps as the native run</source>
        <translation>La mateixa consola, estat final, registres, registres de sistema, CYCLE i traps que l’execució nativa</translation>
    </message>
    <message>
        <source>Click a technique, in the chart or the table, to open its scenario for this guest in the window.</source>
        <translation>Feu clic en una tècnica, al gràfic o a la taula, per obrir-ne l’escenari per a aquest guest a la finestra.</translation>
    </message>
    <message>
        <source>%1 under native and %2 techniques: done.</source>
        <translation>%1 de manera nativa i amb %2 tècniques: fet.</translation>
    </message>
    <message>
        <source>%1 under native and %2 techniques: running %3 (%4 of %5)…</source>
        <translation>%1 de manera nativa i amb %2 tècniques: s’executa %3 (%4 de %5)…</translation>
    </message>
</context>
<context>
    <name>ConsolesPanel</name>
    <message>
        <source>Type for %1 and press Enter</source>
        <translation>Escriviu per a %1 i premeu Retorn</translation>
    </message>
    <message>
        <source>Type for %1</source>
        <translation>Escriviu per a %1</translation>
    </message>
    <message>
        <source>Text typed here goes to the console input of %1</source>
        <translation>El text que escriviu aquí arriba a %1 com a entrada de consola</translation>
    </message>
    <message>
        <source>Add newline</source>
        <translation>Salt de línia</translation>
    </message>
    <message>
        <source>Enter sends the text followed by a newline; untick to send the characters alone</source>
        <translation>Retorn envia el text seguit d’un salt de línia; desmarqueu-ho per enviar només els caràcters</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envia</translation>
    </message>
    <message>
        <source>No output yet</source>
        <translation>Encara no ha escrit res</translation>
    </message>
    <message>
        <source>Not read yet: %1</source>
        <translation>Pendent de llegir: %1</translation>
    </message>
    <message>
        <source>Input typed for %1 that its kernel has not read yet</source>
        <translation>Entrada escrita per a %1 que el seu nucli encara no ha llegit</translation>
    </message>
    <message>
        <source>The input could not be sent: %1</source>
        <translation>No s’ha pogut enviar l’entrada: %1</translation>
    </message>
    <message>
        <source>Not sent: the character “%1” (U+%2) cannot be typed on the VL32 console, which carries one byte per character (Latin-1, which covers Catalan).</source>
        <translation>No s’ha enviat: el caràcter «%1» (U+%2) no es pot escriure a la consola de la VL32, que transporta un byte per caràcter (Latin-1, que inclou el català).</translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation>Consoles</translation>
    </message>
</context>
<context>
    <name>GuestMenu</name>
    <message>
        <source>Pause %1 first?</source>
        <translation>Voleu posar %1 en pausa primer?</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1&#xa0;bytes</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1&#xa0;KiB</translation>
    </message>
    <message>
        <source>The snapshot was not taken</source>
        <translation>No s’ha fet la instantània</translation>
    </message>
    <message>
        <source>%1 saved at cycle %2 in %3, a full snapshot: %5 of its %6 blocks of memory (%7). Blocks %1 has changed since it booted: %9.</source>
        <translation>%1 desat al cicle %2 a %3, una instantània completa: %5 dels seus %6 blocs de memòria (%7). Blocs que %1 ha canviat des que va arrencar: %9.</translation>
    </message>
    <message>
        <source>%1 saved at cycle %2 in %3, a diff of %4: %5 of its %6 blocks of memory (%7; a full snapshot stores %8). Blocks %1 has changed since it booted: %9.</source>
        <translation>%1 desat al cicle %2 a %3, una diferencial de %4: %5 dels seus %6 blocs de memòria (%7; una instantània completa en desa %8). Blocs que %1 ha canviat des que va arrencar: %9.</translation>
    </message>
    <message>
        <source>%3: %1, full, %5 of %6 blocks stored (%7); changed since boot: %9</source>
        <translation>%3: %1, completa, %5 de %6 blocs desats (%7); canviats des de l’arrencada: %9</translation>
    </message>
    <message>
        <source>%3: %1, diff, %5 of %6 blocks stored (%7); changed since boot: %9</source>
        <translation>%3: %1, diferencial, %5 de %6 blocs desats (%7); canviats des de l’arrencada: %9</translation>
    </message>
    <message>
        <source>%1 did not pause: the run stopped, or the wait was cancelled, before the VMM paused it.</source>
        <translation>%1 no s’ha posat en pausa: l’execució s’ha aturat, o s’ha cancel·lat l’espera, abans que la VMM el posés en pausa.</translation>
    </message>
    <message>
        <source>vmlab snapshots (*.vmsnap.json)</source>
        <translation>Instantànies del vmlab (*.vmsnap.json)</translation>
    </message>
    <message>
        <source>The snapshot was not restored</source>
        <translation>No s’ha restaurat la instantània</translation>
    </message>
    <message>
        <source>Take snapshot…</source>
        <translation>Fes una instantània…</translation>
    </message>
    <message>
        <source>Take diff snapshot…</source>
        <translation>Fes una instantània diferencial…</translation>
    </message>
    <message>
        <source>Restore snapshot…</source>
        <translation>Restaura una instantània…</translation>
    </message>
    <message>
        <source>Save %1 to a file: its VCPU, its memory and its disk</source>
        <translation>Desa %1 en un fitxer: la seva VCPU, la seva memòria i el seu disc</translation>
    </message>
    <message>
        <source>%1 runs: it is paused first, then saved to a file</source>
        <translation>%1 s’executa: primer es posa en pausa i després es desa en un fitxer</translation>
    </message>
    <message>
        <source>Save only the memory blocks %1 changed since its last snapshot (%2)</source>
        <translation>Desa només els blocs de memòria que %1 ha canviat des de la seva última instantània (%2)</translation>
    </message>
    <message>
        <source>Put %1 back as a snapshot file says, and resume it</source>
        <translation>Torna %1 a l’estat que diu un fitxer d’instantània, i el reprèn</translation>
    </message>
    <message>
        <source>%1 cannot be paused now, and a snapshot is taken paused.</source>
        <translation>Ara no es pot posar %1 en pausa, i una instantània es fa en pausa.</translation>
    </message>
    <message>
        <source>%1 runs. A snapshot is taken paused, with its memory and disk consistent: pause %1 now (a guest on the CPU pauses at the VMM&apos;s next decision), then save it?</source>
        <translation>%1 s’executa. Una instantània es fa en pausa, amb la memòria i el disc coherents: voleu posar %1 en pausa ara (un guest a la CPU es posa en pausa a la pròxima decisió de la VMM) i després desar-lo?</translation>
    </message>
    <message>
        <source>%1 is on the CPU, and a guest is restored off the CPU: pause %1 now (at the VMM&apos;s next decision), then restore it?</source>
        <translation>%1 és a la CPU, i un guest es restaura fora de la CPU: voleu posar %1 en pausa ara (a la pròxima decisió de la VMM) i després restaurar-lo?</translation>
    </message>
    <message>
        <source>The clone was not made</source>
        <translation>No s’ha fet el clon</translation>
    </message>
    <message>
        <source>The migration was not started</source>
        <translation>No s’ha començat la migració</translation>
    </message>
    <message>
        <source>Clone into %1…</source>
        <translation>Clona a %1…</translation>
    </message>
    <message>
        <source>Clone…</source>
        <translation>Clona…</translation>
    </message>
    <message>
        <source>Clone from a snapshot…</source>
        <translation>Clona des d’una instantània…</translation>
    </message>
    <message>
        <source>Migrate to the other host now</source>
        <translation>Migra ara a l’altre host</translation>
    </message>
    <message>
        <source>Copy %1 into %2, which runs beside it: its VCPU, its memory, its disk and its devices</source>
        <translation>Copia %1 a %2, que s’executa al seu costat: la VCPU, la memòria, el disc i els dispositius</translation>
    </message>
    <message>
        <source>%1 runs: it is paused first, copied into %2, and both go on</source>
        <translation>%1 s’executa: primer es posa en pausa, es copia a %2 i tots dos continuen</translation>
    </message>
    <message>
        <source>No guest of this scenario can receive a clone of %1: a clone goes into a slot with its program and memory size (clone_of)</source>
        <translation>Aquest escenari no té cap guest que pugui rebre %1 com a clon: un clon va a una plaça amb el mateix programa i la mateixa mida de memòria (clone_of)</translation>
    </message>
    <message>
        <source>Make %1 a clone of the guest saved in a snapshot file</source>
        <translation>Converteix %1 en un clon del guest desat en un fitxer d’instantània</translation>
    </message>
    <message>
        <source>Only an empty slot (a powered-off guest) receives a clone: %1 is not one now</source>
        <translation>Només una plaça buida (un guest apagat) rep un clon: ara %1 no ho és</translation>
    </message>
    <message>
        <source>Begin the live migration of %1 at this cycle instead of at cycle %2: pre-copy while it runs, then stop and copy</source>
        <translation>Comença a migrar en calent %1 en aquest cicle en lloc del cicle %2: precòpia mentre s’executa, després atura i copia</translation>
    </message>
    <message>
        <source>Clone %1 into %2</source>
        <translation>Clona %1 a %2</translation>
    </message>
    <message>
        <source>Give the clone a new identity</source>
        <translation>Dona una identitat nova al clon</translation>
    </message>
    <message>
        <source>Without a new identity the clone reads the same machine id as %1, and both claim the same identity (the same address, the same name).</source>
        <translation>Sense una identitat nova, el clon llegeix el mateix identificador de màquina que %1, i tots dos reclamen la mateixa identitat (la mateixa adreça, el mateix nom).</translation>
    </message>
    <message>
        <source>%2 becomes a copy of %1 as it is now: its VCPU, its memory, its disk and its devices. The clone goes on at once, beside the original.</source>
        <translation>%2 es converteix en una còpia exacta de com és ara %1: la VCPU, la memòria, el disc i els dispositius. El clon continua tot seguit, al costat de l’original.</translation>
    </message>
    <message>
        <source>%1 runs: it is paused first (a guest on the CPU pauses at the VMM&apos;s next decision), copied, and then both go on.</source>
        <translation>%1 s’executa: primer es posa en pausa (un guest a la CPU es posa en pausa a la pròxima decisió de la VMM), es copia i després tots dos continuen.</translation>
    </message>
    <message>
        <source>%2 cloned from %1 at cycle %3: machine id %4, generation %5 (%1: %6, generation %7).</source>
        <translation>Clon fet al cicle %3: %2 (l’original és %1) té l’identificador de màquina %4 i la generació %5 (%1: %6, generació %7).</translation>
    </message>
    <message>
        <source>%2 cloned from %1 at cycle %3: machine id %4, generation %5.</source>
        <translation>Clon fet al cicle %3: %2 (des de %1) té l’identificador de màquina %4 i la generació %5.</translation>
    </message>
    <message>
        <source>the guest saved in %1</source>
        <translation>la instantània %1</translation>
    </message>
    <message>
        <source>Live migration of %1 begun at cycle %2: round 1 sends all its memory while it runs.</source>
        <translation>%1: migració en calent començada al cicle %2; la ronda 1 envia tota la seva memòria mentre s’executa.</translation>
    </message>
    <message>
        <source>Take a diff snapshot of %1</source>
        <translation>Fes una instantània diferencial de %1</translation>
    </message>
    <message>
        <source>Take a snapshot of %1</source>
        <translation>Fes una instantània de %1</translation>
    </message>
    <message>
        <source>Snapshot taken</source>
        <translation>Instantània feta</translation>
    </message>
    <message>
        <source>Restore a snapshot into %1</source>
        <translation>Restaura una instantània a %1</translation>
    </message>
    <message>
        <source>%1 restored from %2 at cycle %3: its virtual clock reads %4 again.</source>
        <translation>%1 restaurat des de %2 al cicle %3: el seu rellotge virtual torna a marcar %4.</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>Clona</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel·la</translation>
    </message>
    <message>
        <source>Clone a snapshot into %1</source>
        <translation>Clona una instantània a %1</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>VMM</source>
        <translation>VMM</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>en repòs</translation>
    </message>
    <message>
        <source>host OS</source>
        <translation>SO amfitrió</translation>
    </message>
    <message>
        <source>%1 kernel</source>
        <translation>%1 · nucli</translation>
    </message>
    <message>
        <source>%1 user</source>
        <translation>%1 · usuari</translation>
    </message>
    <message>
        <source>paused at a VM exit</source>
        <translation>en pausa en una sortida de la MV</translation>
    </message>
    <message>
        <source>paused at a trap</source>
        <translation>en pausa en un trap</translation>
    </message>
    <message>
        <source>paused at a breakpoint</source>
        <translation>en pausa en un punt d’aturada</translation>
    </message>
    <message>
        <source>on the CPU: %1</source>
        <translation>a la CPU: %1</translation>
    </message>
    <message>
        <source>on the CPU: the host OS kernel, for %1</source>
        <translation>a la CPU: el nucli del SO amfitrió, per a %1</translation>
    </message>
    <message>
        <source>on the CPU: the VMM, for %1</source>
        <translation>a la CPU: la VMM, per a %1</translation>
    </message>
    <message>
        <source>on the CPU: the VMM</source>
        <translation>a la CPU: la VMM</translation>
    </message>
    <message>
        <source>idle: every guest waits</source>
        <translation>en repòs: tots els guests esperen</translation>
    </message>
    <message>
        <source>native (no VMM)</source>
        <translation>nativa (sense VMM)</translation>
    </message>
    <message>
        <source>type 0 (hardware partitions)</source>
        <translation>tipus 0 (particions de maquinari)</translation>
    </message>
    <message>
        <source>trap and emulate</source>
        <translation>trap and emulate (capturar i emular)</translation>
    </message>
    <message>
        <source>binary translation</source>
        <translation>traducció binària</translation>
    </message>
    <message>
        <source>translate</source>
        <translation>traduir</translation>
    </message>
    <message>
        <source>callout</source>
        <translation>crida a la VMM (callout)</translation>
    </message>
    <message>
        <source>paravirtualization</source>
        <translation>paravirtualització</translation>
    </message>
    <message>
        <source>hypercall</source>
        <translation>hipercrida</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>a punt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en execució</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>on the CPU</source>
        <translation>a la CPU</translation>
    </message>
    <message>
        <source>halted</source>
        <translation>aturat</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>encallat</translation>
    </message>
    <message>
        <source>crashed</source>
        <translation>caigut</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pausa</translation>
    </message>
    <message>
        <source>powered off</source>
        <translation>apagat</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Posa en pausa</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprèn</translation>
    </message>
    <message>
        <source>Power off</source>
        <translation>Apaga</translation>
    </message>
    <message>
        <source>Power on</source>
        <translation>Engega</translation>
    </message>
    <message>
        <source>faulting instruction</source>
        <translation>instrucció que falla</translation>
    </message>
    <message>
        <source>trap entry</source>
        <translation>entrada del trap</translation>
    </message>
    <message>
        <source>VM exit</source>
        <translation>sortida de la MV</translation>
    </message>
    <message>
        <source>emulate</source>
        <translation>emular</translation>
    </message>
    <message>
        <source>reflect</source>
        <translation>reflectir</translation>
    </message>
    <message>
        <source>route input</source>
        <translation>encaminar l’entrada</translation>
    </message>
    <message>
        <source>inject interrupt</source>
        <translation>injectar la interrupció</translation>
    </message>
    <message>
        <source>world switch</source>
        <translation>canvi de màquina</translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation>entrada a la MV</translation>
    </message>
    <message>
        <source>host OS: up to the VMM</source>
        <translation>SO amfitrió: amunt fins a la VMM</translation>
    </message>
    <message>
        <source>host OS: down to the guest</source>
        <translation>SO amfitrió: avall fins al guest</translation>
    </message>
    <message>
        <source>host OS: a process&apos;s trap</source>
        <translation>SO amfitrió: un trap d’un procés</translation>
    </message>
    <message>
        <source>host OS: back to the process</source>
        <translation>SO amfitrió: de tornada al procés</translation>
    </message>
    <message>
        <source>type 1 (on the bare machine)</source>
        <translation>tipus 1 (sobre la màquina nua)</translation>
    </message>
    <message>
        <source>type 2 (hosted by an OS)</source>
        <translation>tipus 2 (allotjada en un SO)</translation>
    </message>
    <message>
        <source>type 1 inside an OS (kvm)</source>
        <translation>tipus 1 dins d’un SO (kvm)</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>reprendre</translation>
    </message>
    <message>
        <source>crash</source>
        <translation>aturar el guest</translation>
    </message>
    <message>
        <source>trap to kernel</source>
        <translation>trap al nucli</translation>
    </message>
    <message>
        <source>hardware VM exit</source>
        <translation>sortida de la MV per maquinari</translation>
    </message>
    <message>
        <source>hardware VM entry</source>
        <translation>entrada a la MV per maquinari</translation>
    </message>
    <message>
        <source>compose the window</source>
        <translation>compondre la finestra</translation>
    </message>
    <message>
        <source>hardware assist, generation 1</source>
        <translation>virtualització assistida per maquinari, 1a generació</translation>
    </message>
    <message>
        <source>hardware assist, gen. 1</source>
        <translation>assistència del maquinari, 1a gen.</translation>
    </message>
    <message>
        <source>hardware assist, generation 2</source>
        <translation>virtualització assistida per maquinari, 2a generació</translation>
    </message>
    <message>
        <source>hardware assist, gen. 2</source>
        <translation>assistència del maquinari, 2a gen.</translation>
    </message>
</context>
<context>
    <name>LayerDiagramPanel</name>
    <message>
        <source>Layers</source>
        <translation>Capes</translation>
    </message>
    <message>
        <source>return to user mode (eret)</source>
        <translation>retorn a mode usuari (eret)</translation>
    </message>
    <message>
        <source>VM entry</source>
        <translation>entrada a la MV</translation>
    </message>
    <message>
        <source>%1 interrupt</source>
        <translation>interrupció %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>In the CPU&apos;s guest mode those traps go straight to its kernel, without a VM exit.</source>
        <translation>En el mode convidat de la CPU aquests traps van directament al seu nucli, sense cap sortida de la MV.</translation>
    </message>
    <message>
        <source>%1 VM exits</source>
        <translation>%1 sortides</translation>
    </message>
    <message>
        <source>no guest left to run: every guest has halted</source>
        <translation>no queda cap guest per executar: tots s’han aturat</translation>
    </message>
    <message>
        <source>no guest left to run</source>
        <translation>no queda cap guest per executar</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <source>VMM: %1 of the last %2 cycles</source>
        <translation>VMM: el %1 dels últims %2 cicles</translation>
    </message>
    <message>
        <source>VMM: %1</source>
        <translation>VMM: %1</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en execució</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>en repòs</translation>
    </message>
    <message>
        <source>pausing…</source>
        <translation>posant-se en pausa…</translation>
    </message>
    <message>
        <source>powering off…</source>
        <translation>apagant-se…</translation>
    </message>
    <message>
        <source>Paused: it gets no CPU and its virtual clock stands still, so its timer does not fire. Resume lets it go on as if no time had passed (right click).</source>
        <translation>En pausa: no rep CPU i el seu rellotge virtual està aturat, de manera que el seu temporitzador no salta. Reprèn el deixa continuar com si no hagués passat el temps (clic dret).</translation>
    </message>
    <message>
        <source>Powered off: its memory was cleared. Power on boots it again from its image (right click).</source>
        <translation>Apagat: se n’ha esborrat la memòria. Engega l’arrenca de nou des de la seva imatge (clic dret).</translation>
    </message>
    <message>
        <source>Right click to pause, resume, power off or power on it.</source>
        <translation>Feu clic dret per posar-lo en pausa, reprendre’l, apagar-lo o engegar-lo.</translation>
    </message>
    <message>
        <source>saving the registers of %1</source>
        <translation>desant els registres del guest %1</translation>
    </message>
    <message>
        <source>emulating %2 for %1</source>
        <translation>emulant %2 per a %1</translation>
    </message>
    <message>
        <source>emulating the privileged instruction of %1</source>
        <translation>emulant la instrucció privilegiada del guest %1</translation>
    </message>
    <message>
        <source>reflecting the trap into the kernel of %1</source>
        <translation>reflectint el trap cap al nucli del guest %1</translation>
    </message>
    <message>
        <source>injecting an interrupt into %1</source>
        <translation>injectant una interrupció a %1</translation>
    </message>
    <message>
        <source>switching the CPU to %1</source>
        <translation>passant la CPU a %1</translation>
    </message>
    <message>
        <source>returning to %1, in user mode</source>
        <translation>tornant a %1, en mode usuari</translation>
    </message>
    <message>
        <source>returning to %1, in its kernel</source>
        <translation>tornant a %1, al seu nucli</translation>
    </message>
    <message>
        <source>returning to %1</source>
        <translation>tornant a %1</translation>
    </message>
    <message>
        <source>routing console input to its guest</source>
        <translation>encaminant l’entrada de consola cap al seu guest</translation>
    </message>
    <message>
        <source>emulating an instruction of %1 without a trap</source>
        <translation>emulant una instrucció de %1 sense cap trap</translation>
    </message>
    <message>
        <source>%1 wrote into translated code: the VMM drops that block</source>
        <translation>%1 ha escrit en codi traduït: la VMM descarta aquest bloc</translation>
    </message>
    <message>
        <source>serving a hypercall of the kernel of %1</source>
        <translation>atenent una hipercrida del nucli de %1</translation>
    </message>
    <message>
        <source>the CPU refused to enter %1: its control block is invalid</source>
        <translation>la CPU ha refusat entrar a %1: el seu bloc de control no és vàlid</translation>
    </message>
    <message>
        <source>the CPU saves %1</source>
        <translation>la CPU desa %1</translation>
    </message>
    <message>
        <source>the CPU loads %1</source>
        <translation>la CPU carrega %1</translation>
    </message>
    <message>
        <source>composing the window of %1</source>
        <translation>component la finestra de %1</translation>
    </message>
    <message>
        <source>translating code of %1</source>
        <translation>traduint codi de %1</translation>
    </message>
    <message>
        <source>The virtual machine monitor (VMM, hypervisor). It runs in kernel mode, keeps the real CPU and switches between guests.</source>
        <translation>La VMM (Virtual Machine Manager, o hipervisor). S’executa en mode nucli, conserva la CPU real i canvia d’un guest a un altre.</translation>
    </message>
    <message>
        <source>Before a block of guest kernel code first runs, it translates it: each privileged or sensitive instruction becomes a callout, a call into the VMM that does it on the guest&apos;s virtual CPU without a trap. User code runs directly; its traps are VM exits.</source>
        <translation>Abans que un bloc de codi del nucli convidat s’executi per primer cop, el tradueix: cada instrucció privilegiada o sensible esdevé una crida a la VMM (callout), que la fa sobre la seva CPU virtual sense cap trap. El codi d’usuari s’executa directament; els seus traps són sortides de la MV.</translation>
    </message>
    <message>
        <source>The CPU runs each guest in guest mode, kernel mode included, and applies privileged instructions to the guest&apos;s virtual state itself; it exits to the VMM (a hardware VM exit, saved in the guest&apos;s control block) only on I/O, HALT, WFI, HCALL, the VMM&apos;s timer and what the exit controls ask.</source>
        <translation>La CPU executa cada màquina virtual en mode convidat, mode nucli inclòs, i aplica ella mateixa les instruccions privilegiades al seu estat virtual; només surt cap a la VMM (una sortida de la MV per maquinari, desada al seu bloc de control) en E/S, HALT, WFI, HCALL, el temporitzador de la VMM i el que demanin els controls de sortida.</translation>
    </message>
    <message>
        <source>The guest kernels are ported to call it with hypercalls (HCALL) instead of privileged instructions; one hypercall can do several things at once.</source>
        <translation>Els nuclis convidats s’han portat perquè la cridin amb hipercrides (HCALL) en lloc d’instruccions privilegiades; una hipercrida pot fer diverses coses alhora.</translation>
    </message>
    <message>
        <source>Every privileged instruction a guest executes traps into it (a VM exit); it emulates the instruction on the guest&apos;s virtual CPU, reflects the guest&apos;s own traps into its kernel and injects interrupts.</source>
        <translation>Cada instrucció privilegiada que executa un guest hi provoca un trap (una sortida de la MV); la VMM emula la instrucció sobre la CPU virtual del guest, reflecteix els traps propis del guest cap al seu nucli i injecta interrupcions.</translation>
    </message>
    <message>
        <source>The guest kernel of %1. It believes it runs in kernel mode, but the VMM runs it deprivileged (in user mode) from translated code: its privileged instructions are callouts into the VMM, not traps (binary translation).</source>
        <translation>El nucli del guest %1. Es creu en mode nucli, però la VMM l’executa sense privilegis (en mode usuari) a partir de codi traduït: les seves instruccions privilegiades són crides a la VMM (callouts), no traps (traducció binària).</translation>
    </message>
    <message>
        <source>The guest kernel of %1. It runs in kernel mode, in the CPU&apos;s guest mode: the CPU applies its privileged instructions to its virtual state itself; only some events exit to the VMM (hardware assist).</source>
        <translation>El nucli convidat de %1. S’executa en mode nucli, en el mode convidat de la CPU: la CPU aplica ella mateixa les seves instruccions privilegiades al seu estat virtual; només alguns esdeveniments surten cap a la VMM (virtualització assistida per maquinari).</translation>
    </message>
    <message>
        <source>The guest kernel of %1, ported to the VMM: it runs deprivileged (in user mode) and asks the VMM by hypercalls (HCALL) for what privileged instructions would do (paravirtualization).</source>
        <translation>El nucli del guest %1, portat a la VMM: s’executa sense privilegis (en mode usuari) i demana a la VMM amb hipercrides (HCALL) el que farien les instruccions privilegiades (paravirtualització).</translation>
    </message>
    <message>
        <source>kernel mode · in the CPU&apos;s guest mode</source>
        <translation>mode nucli · en el mode convidat de la CPU</translation>
    </message>
    <message>
        <source>guest mode</source>
        <translation>mode convidat</translation>
    </message>
    <message>
        <source>deprivileged · translated code</source>
        <translation>sense privilegis · codi traduït</translation>
    </message>
    <message>
        <source>translated</source>
        <translation>traduït</translation>
    </message>
    <message>
        <source>deprivileged · calls the VMM by hypercalls</source>
        <translation>sense privilegis · crida la VMM amb hipercrides</translation>
    </message>
    <message>
        <source>hypercalls</source>
        <translation>hipercrides</translation>
    </message>
    <message>
        <source>%1: %2 partitions, no VMM</source>
        <translation>%1: %2 particions, sense VMM</translation>
    </message>
    <message>
        <source>%1: %2 virtual machines on one VMM</source>
        <translation>%1: %2 màquines virtuals sobre una VMM</translation>
    </message>
    <message>
        <source>%1: one virtual machine on a VMM</source>
        <translation>%1: una màquina virtual sobre una VMM</translation>
    </message>
    <message>
        <source>%1 host processes</source>
        <translation>%1 processos de l’amfitrió</translation>
    </message>
    <message>
        <source>one host process</source>
        <translation>un procés de l’amfitrió</translation>
    </message>
    <message>
        <source>It is executing now.</source>
        <translation>Ara s’està executant.</translation>
    </message>
    <message>
        <source>The host: the real VL32 hardware. One CPU, %1 words of physical memory and a console. Every layer above runs on it, one cycle at a time.</source>
        <translation>El host (amfitrió): el maquinari VL32 real. Una CPU, %1 paraules de memòria física i una consola. Totes les capes de damunt s’hi executen, cicle a cicle.</translation>
    </message>
    <message>
        <source>The bar shows how the VMM shares the memory out: its own region, one partition per guest.</source>
        <translation>La barra mostra com reparteix la memòria la VMM: la seva pròpia regió i una partició per guest.</translation>
    </message>
    <message>
        <source>The host operating system&apos;s kernel, with kvm in it (like Linux with kvm): a general-purpose OS that also provides VMM services, so the lecture calls it type 1 as well. Its scheduler runs each virtual machine as one of its processes, beside its ordinary processes, in one round robin. A VM exit is handled inside the kernel (the VMM band above); a host process&apos;s system call or fault is this kernel&apos;s work (its lane of the timeline), never a VM exit.</source>
        <translation>El nucli del sistema operatiu amfitrió, amb kvm a dins (com Linux amb kvm): un SO de propòsit general que també ofereix els serveis d’una VMM, i per això el tema també en diu tipus 1. El seu planificador executa cada màquina virtual com un dels seus processos, al costat dels processos ordinaris, en una sola ronda (round robin). Una sortida de la MV es gestiona dins del nucli (la franja de la VMM, a dalt); una crida al sistema o una fallada d’un procés de l’amfitrió és feina d’aquest nucli (la seva franja de la línia de temps), mai una sortida de la MV.</translation>
    </message>
    <message>
        <source>The host operating system&apos;s kernel: this VMM is type 2, an application on it (like VMware Workstation). Every VM exit reaches the host kernel first, which passes it up to the VMM process, and the VMM goes back down through it to enter a guest: two host-kernel transitions per exit, charged to the guest (the &quot;host OS&quot; lane of the timeline).</source>
        <translation>El nucli del sistema operatiu amfitrió: aquesta VMM és de tipus 2, una aplicació que s’hi executa (com VMware Workstation). Cada sortida de la MV arriba primer al nucli amfitrió, que la passa amunt al procés de la VMM, i la VMM torna avall a través seu per entrar a un guest: dues transicions pel nucli amfitrió per sortida, carregades al guest (la franja «SO amfitrió» de la línia de temps).</translation>
    </message>
    <message>
        <source>Now: %1 (for %2).</source>
        <translation>Ara: %1 (per a %2).</translation>
    </message>
    <message>
        <source>Now: idle, waiting for an interrupt (every guest waits).</source>
        <translation>Ara: en repòs, esperant una interrupció (tots els guests esperen).</translation>
    </message>
    <message>
        <source>The strip at its foot: the VMM&apos;s share of the machine&apos;s time over the last %1 cycles (%2 of them the VMM&apos;s), newest on the right. Each bar is %3 cycles: the VMM&apos;s part from the bottom, in its colour, over the colour of the guest that had the rest.</source>
        <translation>La franja del peu: la part del temps de la màquina que ha tingut la VMM en els últims %1 cicles (%2 per a la VMM), els més recents a la dreta. Cada barra són %3 cicles: la part de la VMM, des de baix i del seu color, sobre el color del guest que ha tingut la resta.</translation>
    </message>
    <message>
        <source>%1 on the bare machine: no VMM, its kernel owns the real CPU and all %2 words of memory. State: %3.</source>
        <translation>%1 sobre la màquina nua: sense VMM, el seu nucli té la CPU real i totes les %2 paraules de memòria. Estat: %3.</translation>
    </message>
    <message>
        <source>Virtual machine %1: a copy of the VL32 with %2 words of memory (host words %3 to %4). It believes it has the machine to itself. State: %5.</source>
        <translation>Màquina virtual %1: una còpia de la VL32 amb %2 paraules de memòria (de la paraula %3 a la %4 del host). Creu que té tota la màquina per a ella sola. Estat: %5.</translation>
    </message>
    <message>
        <source>%1 is a process of the host OS, not a virtual machine: a user program with %2 words of memory (host words %3 to %4). It runs in user mode on the real CPU, with no kernel of its own; its system calls, the end of its slice and its faults trap to the host kernel. State: %5.</source>
        <translation>%1 és un procés del SO amfitrió, no una màquina virtual: un programa d’usuari amb %2 paraules de memòria (paraules %3 a %4 de l’amfitrió). S’executa en mode usuari a la CPU real, sense cap nucli propi; les seves crides al sistema, el final del seu quàntum i les seves fallades fan un trap al nucli amfitrió. Estat: %5.</translation>
    </message>
    <message>
        <source>Host process %1: an ordinary program of the host OS, beside the virtual machines. State: %2.</source>
        <translation>Procés de l’amfitrió %1: un programa ordinari del SO amfitrió, al costat de les màquines virtuals. Estat: %2.</translation>
    </message>
    <message>
        <source>The kernel of %1, in kernel mode directly on the hardware: it handles the traps and system calls of its processes and schedules them.</source>
        <translation>El nucli %1, en mode nucli directament sobre el maquinari: gestiona els traps i les crides al sistema dels seus processos i els planifica.</translation>
    </message>
    <message>
        <source>A host process: no VM commands</source>
        <translation>Un procés de l’amfitrió: sense ordres de MV</translation>
    </message>
    <message>
        <source>user mode · its system calls go to the host kernel</source>
        <translation>mode usuari · les crides al sistema van al nucli amfitrió</translation>
    </message>
    <message>
        <source>user program</source>
        <translation>programa d’usuari</translation>
    </message>
    <message>
        <source>program</source>
        <translation>programa</translation>
    </message>
    <message>
        <source>The guest kernel of %1. It believes it runs in kernel mode, but the VMM runs it deprivileged (in user mode): each privileged instruction traps to the VMM, which emulates it (trap and emulate).</source>
        <translation>El nucli del guest %1. Es creu en mode nucli, però la VMM l’executa sense privilegis (en mode usuari): cada instrucció privilegiada provoca un trap cap a la VMM, que l’emula (capturar i emular, trap and emulate).</translation>
    </message>
    <message>
        <source>virtual kernel mode · deprivileged</source>
        <translation>mode nucli virtual · sense privilegis</translation>
    </message>
    <message>
        <source>deprivileged</source>
        <translation>sense privilegis</translation>
    </message>
    <message>
        <source>Process %1 of %2. It runs in user mode, isolated by BASE/BOUND: it sees only its own memory (loaded at %3 to %4 of the guest). System calls and faults trap to its kernel.</source>
        <translation>Procés %1 (%2). S’executa en mode usuari, aïllat per BASE/BOUND: només veu la seva memòria (carregada de %3 a %4 del guest). Les crides al sistema i les fallades provoquen un trap cap al seu nucli.</translation>
    </message>
    <message>
        <source>Under the VMM each of those traps is a VM exit first.</source>
        <translation>Sota la VMM, cadascun d’aquests traps és primer una sortida de la MV.</translation>
    </message>
    <message>
        <source>BASE selects it: it is the current process of %1.</source>
        <translation>BASE el selecciona: és el procés actual del nucli %1.</translation>
    </message>
    <message>
        <source>Native: one kernel on the bare machine (no VMM)</source>
        <translation>Execució nativa: un nucli sobre la màquina nua (sense VMM)</translation>
    </message>
    <message>
        <source>translating a block of the kernel of %1</source>
        <translation>traduint un bloc del nucli de %1</translation>
    </message>
    <message>
        <source>the CPU saves %1 in its control block</source>
        <translation>la CPU desa %1 al seu bloc de control</translation>
    </message>
    <message>
        <source>the CPU loads %1 from its control block</source>
        <translation>la CPU carrega %1 des del seu bloc de control</translation>
    </message>
    <message>
        <source>composing the memory window of %1 (BASE, BOUND)</source>
        <translation>component la finestra de memòria de %1 (BASE, BOUND)</translation>
    </message>
    <message>
        <source>Native (no VMM)</source>
        <translation>Nativa (sense VMM)</translation>
    </message>
    <message>
        <source>cycle %1</source>
        <translation>cicle %1</translation>
    </message>
    <message>
        <source>VL32 host: CPU, %1 words of memory, console</source>
        <translation>Host VL32: CPU, %1 paraules de memòria, consola</translation>
    </message>
    <message>
        <source>VL32 host: %1 words</source>
        <translation>Host VL32: %1 paraules</translation>
    </message>
    <message>
        <source>hardware: runs every cycle; the layers above take turns on its CPU</source>
        <translation>maquinari: funciona a cada cicle; les capes de damunt s’alternen a la seva CPU</translation>
    </message>
    <message>
        <source>the real hardware</source>
        <translation>el maquinari real</translation>
    </message>
    <message>
        <source>VMM</source>
        <translation>VMM</translation>
    </message>
    <message>
        <source>free</source>
        <translation>lliure</translation>
    </message>
    <message>
        <source>memory</source>
        <translation>memòria</translation>
    </message>
    <message>
        <source>Host OS kernel (type 2: the VMM is one of its processes)</source>
        <translation>Nucli del SO amfitrió (tipus 2: la VMM és un dels seus processos)</translation>
    </message>
    <message>
        <source>Host OS kernel with kvm: it schedules the VMs and its processes</source>
        <translation>Nucli del SO amfitrió amb kvm: planifica les MV i els seus processos</translation>
    </message>
    <message>
        <source>Host OS kernel: %1</source>
        <translation>Nucli del SO amfitrió: %1</translation>
    </message>
    <message>
        <source>Host OS kernel</source>
        <translation>Nucli del SO amfitrió</translation>
    </message>
    <message>
        <source>host OS</source>
        <translation>SO amfitrió</translation>
    </message>
    <message>
        <source>hypervisor · kernel mode</source>
        <translation>hipervisor · mode nucli</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>%1 / %2 cycles</source>
        <translation>%1 / %2 cicles</translation>
    </message>
    <message>
        <source>every guest waits: the CPU sleeps until an interrupt</source>
        <translation>tots els guests esperen: la CPU dorm fins que arribi una interrupció</translation>
    </message>
    <message>
        <source>every guest waits</source>
        <translation>tots els guests esperen</translation>
    </message>
    <message>
        <source>%1 VM exits · %2 world switches</source>
        <translation>%1 sortides · %2 canvis de màquina</translation>
    </message>
    <message>
        <source>on the bare machine</source>
        <translation>sobre la màquina nua</translation>
    </message>
    <message>
        <source>virtual machine</source>
        <translation>màquina virtual</translation>
    </message>
    <message>
        <source>host process</source>
        <translation>procés de l’amfitrió</translation>
    </message>
    <message>
        <source>running in user mode</source>
        <translation>executant-se en mode usuari</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>no processes: the kernel runs alone</source>
        <translation>sense processos: el nucli s’executa sol</translation>
    </message>
    <message>
        <source>no processes</source>
        <translation>sense processos</translation>
    </message>
    <message>
        <source>running · user mode</source>
        <translation>en execució · mode usuari</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>nucli</translation>
    </message>
    <message>
        <source>guest kernel</source>
        <translation>nucli convidat</translation>
    </message>
    <message>
        <source>running · %1</source>
        <translation>en execució · %1</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation>Lliçó</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Canvia…</translation>
    </message>
    <message>
        <source>Use another seed (another set of numbers)</source>
        <translation>Fes servir una altra llavor (un altre joc de nombres)</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>▴ Hide the instructions</source>
        <translation>▴ Amaga les instruccions</translation>
    </message>
    <message>
        <source>▾ Show the instructions</source>
        <translation>▾ Mostra les instruccions</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>Instruccions</translation>
    </message>
    <message>
        <source>Fold the step&apos;s text away: more room for the program</source>
        <translation>Plega el text del pas: més espai per al programa</translation>
    </message>
    <message>
        <source>The step&apos;s text again, above the program</source>
        <translation>Torna a mostrar el text del pas, damunt del programa</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprova</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>Pista</translation>
    </message>
    <message>
        <source>Exercise: edit the program, then assemble and run it</source>
        <translation>Exercici: editeu el programa; després, assembleu-lo i executeu-lo</translation>
    </message>
    <message>
        <source>Assemble and run</source>
        <translation>Assembla i executa</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Torna a començar</translation>
    </message>
    <message>
        <source>Lesson complete</source>
        <translation>Lliçó acabada</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Enrere</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Següent ▶</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>La vostra resposta</translation>
    </message>
    <message>
        <source>Lesson %1 of %2</source>
        <translation>Lliçó %1 de %2</translation>
    </message>
    <message>
        <source>Choose a lesson…</source>
        <translation>Trieu una lliçó…</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>Obre una lliçó</translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation>Lliçons (*.toml)</translation>
    </message>
    <message>
        <source>This lesson has errors:</source>
        <translation>Aquesta lliçó té errors:</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Llavor</translation>
    </message>
    <message>
        <source>Seed (the same seed always gives the same numbers):</source>
        <translation>Llavor (la mateixa llavor sempre dona els mateixos nombres):</translation>
    </message>
    <message>
        <source>playing the step…</source>
        <translation>reproduint el pas…</translation>
    </message>
    <message>
        <source>No lesson open</source>
        <translation>No hi ha cap lliçó oberta</translation>
    </message>
    <message>
        <source>Choose a lesson above.</source>
        <translation>Trieu una lliçó a dalt.</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Pas %1/%2</translation>
    </message>
    <message>
        <source>Seed %1</source>
        <translation>Llavor %1</translation>
    </message>
    <message>
        <source>Finish ✓</source>
        <translation>Acaba ✓</translation>
    </message>
    <message>
        <source>Already answered correctly.</source>
        <translation>Ja hi heu respost correctament.</translation>
    </message>
    <message>
        <source>Answer first, then check.</source>
        <translation>Primer responeu i després comproveu.</translation>
    </message>
    <message>
        <source>attempt %1</source>
        <translation>intent %1</translation>
    </message>
    <message>
        <source>No hint for this step.</source>
        <translation>Aquest pas no té cap pista.</translation>
    </message>
    <message>
        <source>You have finished “%1”.</source>
        <translation>Heu acabat «%1».</translation>
    </message>
    <message>
        <source>Questions right at the first attempt: %1 of %2.</source>
        <translation>Preguntes encertades al primer intent: %1 de %2.</translation>
    </message>
    <message>
        <source>Attempts in all (questions and exercises): %1.</source>
        <translation>Intents en total (preguntes i exercicis): %1.</translation>
    </message>
    <message>
        <source>What you have learned:</source>
        <translation>Què heu après:</translation>
    </message>
    <message>
        <source>Next lesson: %1 ▶</source>
        <translation>Lliçó següent: %1 ▶</translation>
    </message>
    <message>
        <source>This was the last lesson of the course.</source>
        <translation>Aquesta era l’última lliçó del curs.</translation>
    </message>
    <message>
        <source>The program does not assemble:</source>
        <translation>No s’ha pogut assemblar el programa:</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>línia %1</translation>
    </message>
    <message>
        <source>Check %1:</source>
        <translation>Comprovació %1:</translation>
    </message>
    <message>
        <source>Your program ended normally: it ran its halt instruction.</source>
        <translation>El programa ha acabat normalment: ha executat la seva instrucció halt.</translation>
    </message>
    <message>
        <source>Your program stopped: it waits for input that never comes.</source>
        <translation>El programa s’ha aturat: espera una entrada que no arriba mai.</translation>
    </message>
    <message>
        <source>Your program was stopped after %1 cycles without reaching halt (a loop that never ends?).</source>
        <translation>El programa s’ha aturat al cap de %1 cicles sense arribar a halt (un bucle que no s’acaba mai?).</translation>
    </message>
    <message>
        <source>Your program was stopped by a trap before reaching halt.</source>
        <translation>Un trap ha aturat el programa abans que arribés a halt.</translation>
    </message>
    <message>
        <source>All %1 checks pass. Well done!</source>
        <translation>Totes les comprovacions superades (%1). Molt bé!</translation>
    </message>
    <message>
        <source>%1 of %2 checks pass.</source>
        <translation>Comprovacions superades: %1/%2.</translation>
    </message>
    <message>
        <source>Your progress cannot be saved (%1). The lesson goes on, but what you do now is lost when vmlab closes.</source>
        <translation>No es pot desar el vostre progrés (%1). La lliçó continua, però el que feu ara es perdrà en tancar vmlab.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausa</translation>
    </message>
    <message>
        <source>vmlab — virtualization lab</source>
        <translation>vmlab — laboratori de virtualització</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Reinicia</translation>
    </message>
    <message>
        <source>Start the scenario again from power-on</source>
        <translation>Torna a començar l’escenari des de l’engegada</translation>
    </message>
    <message>
        <source>Step &amp;back</source>
        <translation>Pas &amp;enrere</translation>
    </message>
    <message>
        <source>Undo the last step (travel back in time)</source>
        <translation>Desfés l’últim pas (viatja enrere en el temps)</translation>
    </message>
    <message>
        <source>Back to previous &amp;trap</source>
        <translation>Trap &amp;anterior</translation>
    </message>
    <message>
        <source>Travel back to the previous trap or VM exit</source>
        <translation>Torna enrere fins al trap o la sortida de la MV anterior</translation>
    </message>
    <message>
        <source>Step &amp;cycle</source>
        <translation>Avança un &amp;cicle</translation>
    </message>
    <message>
        <source>Advance exactly one clock cycle</source>
        <translation>Avança exactament un cicle</translation>
    </message>
    <message>
        <source>Step &amp;instruction</source>
        <translation>Avança una &amp;instrucció</translation>
    </message>
    <message>
        <source>Advance one instruction of the running code</source>
        <translation>Avança una instrucció del codi en execució</translation>
    </message>
    <message>
        <source>&amp;Next trap</source>
        <translation>&amp;Trap següent</translation>
    </message>
    <message>
        <source>Run until the next trap or VM exit</source>
        <translation>Executa fins al trap o la sortida de la MV següent</translation>
    </message>
    <message>
        <source>Run or pause</source>
        <translation>Executa o posa en pausa</translation>
    </message>
    <message>
        <source>R&amp;un</source>
        <translation>E&amp;xecuta</translation>
    </message>
    <message>
        <source>&amp;Open scenario…</source>
        <translation>&amp;Obre un escenari…</translation>
    </message>
    <message>
        <source>Open a scenario file (.toml)</source>
        <translation>Obre un fitxer d’escenari (.toml)</translation>
    </message>
    <message>
        <source>Open &amp;program…</source>
        <translation>Obre un &amp;programa…</translation>
    </message>
    <message>
        <source>Run a VL32 program (.vl32) on the bare machine</source>
        <translation>Executa un programa VL32 (.vl32) sobre la màquina nua</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>Obre una &amp;lliçó…</translation>
    </message>
    <message>
        <source>Open a lesson file (for lesson authors)</source>
        <translation>Obre un fitxer de lliçó (per als autors de lliçons)</translation>
    </message>
    <message>
        <source>Re&amp;load lesson</source>
        <translation>Re&amp;carrega la lliçó</translation>
    </message>
    <message>
        <source>Read the lesson file again and check it (also one that failed to open)</source>
        <translation>Torna a llegir el fitxer de la lliçó i el comprova (també si no s’ha pogut obrir)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Surt</translation>
    </message>
    <message>
        <source>Close vmlab</source>
        <translation>Tanca el vmlab</translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>Mode &amp;presentació</translation>
    </message>
    <message>
        <source>Large fonts, high contrast, only the main panels</source>
        <translation>Lletra grossa, contrast alt i només els taulers principals</translation>
    </message>
    <message>
        <source>Lesson la&amp;yout</source>
        <translation>Di&amp;sposició per a la lliçó</translation>
    </message>
    <message>
        <source>Working alone: the lesson in a tall, wide column, the other panels in tabs under the diagram</source>
        <translation>Per treballar pel vostre compte: la lliçó en una columna alta i ampla, els altres taulers en pestanyes sota el diagrama</translation>
    </message>
    <message>
        <source>&amp;Restore default layout</source>
        <translation>&amp;Restaura la disposició inicial</translation>
    </message>
    <message>
        <source>Put every panel back where vmlab first places it</source>
        <translation>Torna cada tauler al lloc on el posa vmlab d’entrada</translation>
    </message>
    <message>
        <source>&amp;Decimal values</source>
        <translation>Valors en &amp;decimal</translation>
    </message>
    <message>
        <source>Show values in decimal instead of hex</source>
        <translation>Mostra els valors en decimal en lloc d’hexadecimal</translation>
    </message>
    <message>
        <source>User &amp;guide</source>
        <translation>&amp;Guia d’ús</translation>
    </message>
    <message>
        <source>The guide to the window, its panels and its controls</source>
        <translation>La guia de la finestra, els seus taulers i els seus controls</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Dreceres de teclat</translation>
    </message>
    <message>
        <source>Every command&apos;s key</source>
        <translation>La tecla de cada ordre</translation>
    </message>
    <message>
        <source>&amp;About vmlab</source>
        <translation>&amp;Quant al vmlab</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fitxer</translation>
    </message>
    <message>
        <source>Shipped &amp;scenarios</source>
        <translation>&amp;Escenaris inclosos</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>&amp;Simulació</translation>
    </message>
    <message>
        <source>S&amp;peed</source>
        <translation>&amp;Velocitat</translation>
    </message>
    <message>
        <source>&amp;Guests</source>
        <translation>&amp;Guests</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Visualitza</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Llengua</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;juda</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Velocitat:</translation>
    </message>
    <message>
        <source>Scenario:</source>
        <translation>Escenari:</translation>
    </message>
    <message>
        <source>Technique:</source>
        <translation>Tècnica:</translation>
    </message>
    <message>
        <source>%1 (host process: no VM commands)</source>
        <translation>%1 (procés de l’amfitrió: sense ordres de MV)</translation>
    </message>
    <message>
        <source>Running until the VMM pauses %1… (%2 cycles)</source>
        <translation>S’executa fins que la VMM posi %1 en pausa… (%2 cicles)</translation>
    </message>
    <message>
        <source>Pausing a guest</source>
        <translation>Posant un guest en pausa</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel·la</translation>
    </message>
    <message>
        <source>Cycle %1</source>
        <translation>Cicle %1</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>CPU: %1</source>
        <translation>CPU: %1</translation>
    </message>
    <message>
        <source>This scenario cannot be opened</source>
        <translation>No es pot obrir aquest escenari</translation>
    </message>
    <message>
        <source>This program cannot be run</source>
        <translation>No es pot executar aquest programa</translation>
    </message>
    <message>
        <source>Open scenario</source>
        <translation>Obre un escenari</translation>
    </message>
    <message>
        <source>Scenarios (*.toml)</source>
        <translation>Escenaris (*.toml)</translation>
    </message>
    <message>
        <source>Open program</source>
        <translation>Obre un programa</translation>
    </message>
    <message>
        <source>VL32 programs (*.vl32 *.s *.asm)</source>
        <translation>Programes VL32 (*.vl32 *.s *.asm)</translation>
    </message>
    <message>
        <source>About vmlab</source>
        <translation>Quant al vmlab</translation>
    </message>
    <message>
        <source>vmlab user guide</source>
        <translation>Guia d’ús del vmlab</translation>
    </message>
    <message>
        <source>The guide is not installed with this copy of vmlab. Read it in the project&apos;s docs folder (docs/guide.md; in Catalan, docs/guide.ca.md). The keys:</source>
        <translation>La guia no s’ha instal·lat amb aquesta còpia del vmlab. La trobareu a la carpeta docs del projecte (docs/guide.ca.md; en anglès, docs/guide.md). Les tecles:</translation>
    </message>
    <message>
        <source>Code: set or remove a breakpoint on the cursor&apos;s line</source>
        <translation>Codi: posa o treu un punt d’aturada a la línia del cursor</translation>
    </message>
    <message>
        <source>Timeline: zoom in, zoom out</source>
        <translation>Línia de temps: apropa, allunya</translation>
    </message>
    <message>
        <source>Timeline: the whole run</source>
        <translation>Línia de temps: tota l’execució</translation>
    </message>
    <message>
        <source>Timeline: earlier, later</source>
        <translation>Línia de temps: abans, després</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Tecla</translation>
    </message>
    <message>
        <source>In the panels (while the panel has the keyboard focus):</source>
        <translation>Als taulers (mentre el tauler té el focus del teclat):</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Dreceres de teclat</translation>
    </message>
    <message>
        <source>&lt;h3&gt;vmlab&lt;/h3&gt;&lt;p&gt;A virtualization lab for operating-systems courses: the VL32 machine, a virtual machine monitor running two guest kernels, and lessons.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;vmlab&lt;/h3&gt;&lt;p&gt;Un laboratori de virtualització per a cursos de sistemes operatius: la màquina VL32, una VMM (Virtual Machine Manager) que executa dos nuclis convidats, i lliçons.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This lesson cannot be opened</source>
        <translation>No es pot obrir aquesta lliçó</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <source>Memory</source>
        <translation>Memòria</translation>
    </message>
    <message>
        <source>Host memory: %1 words</source>
        <translation>Memòria del host: %1 paraules</translation>
    </message>
    <message>
        <source>VMM region drawn enlarged</source>
        <translation>Regió de la VMM ampliada</translation>
    </message>
    <message>
        <source>VMM</source>
        <translation>VMM</translation>
    </message>
    <message>
        <source>free</source>
        <translation>lliure</translation>
    </message>
    <message>
        <source>pc %1</source>
        <translation>pc %1</translation>
    </message>
    <message>
        <source>CPU now</source>
        <translation>CPU ara</translation>
    </message>
    <message>
        <source>CPU in the VMM: kernel mode, no relocation</source>
        <translation>CPU a la VMM: mode nucli, sense reubicació</translation>
    </message>
    <message>
        <source>VCPU save areas:</source>
        <translation>Àrees de desament de les VCPU:</translation>
    </message>
    <message>
        <source>Control blocks:</source>
        <translation>Blocs de control:</translation>
    </message>
    <message>
        <source>No memory to show</source>
        <translation>No hi ha memòria per mostrar</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>%1&apos;s instruction at %2</source>
        <translation>instrucció de %1 a %2</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adreça</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Char</source>
        <translation>Car.</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Instrucció</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Propietari</translation>
    </message>
    <message>
        <source>Physical address of the word in host memory</source>
        <translation>Adreça física de la paraula a la memòria del host</translation>
    </message>
    <message>
        <source>The 32-bit word stored there</source>
        <translation>La paraula de 32 bits que hi ha en aquesta adreça</translation>
    </message>
    <message>
        <source>The word as a character, if it is a printable Latin-1 code</source>
        <translation>La paraula com a caràcter, si és un codi Latin-1 imprimible</translation>
    </message>
    <message>
        <source>The word disassembled as a VL32 instruction (branch targets in the owner&apos;s own addresses)</source>
        <translation>La paraula desassemblada com a instrucció VL32 (destinacions dels salts en les adreces pròpies del propietari)</translation>
    </message>
    <message>
        <source>Who owns the word: the VMM, a guest (with the guest&apos;s own address and label), or free memory</source>
        <translation>De qui és la paraula: de la VMM, d’un guest (amb l’adreça i l’etiqueta pròpies del guest) o memòria lliure</translation>
    </message>
    <message>
        <source>Go to:</source>
        <translation>Ves a:</translation>
    </message>
    <message>
        <source>0x1F00, 7936 or a label</source>
        <translation>0x1F00, 7936 o una etiqueta</translation>
    </message>
    <message>
        <source>Type a physical address in hex (0x…) or decimal, or a label of the shown guest&apos;s program (guest:label for another guest), then press Enter</source>
        <translation>Escriviu una adreça física en hexadecimal (0x…) o en decimal, o bé una etiqueta del programa del guest que es mostra (guest:etiqueta per a un altre guest), i premeu Retorn</translation>
    </message>
    <message>
        <source>Follow pc</source>
        <translation>Segueix el pc</translation>
    </message>
    <message>
        <source>The machine: %1</source>
        <translation>La màquina: %1</translation>
    </message>
    <message>
        <source>guest kernel (deprivileged: user mode)</source>
        <translation>nucli convidat (sense privilegis: mode usuari)</translation>
    </message>
    <message>
        <source>guest kernel (guest mode: kernel mode)</source>
        <translation>nucli convidat (mode convidat: mode nucli)</translation>
    </message>
    <message>
        <source>Keep the word at the physical pc in view; at a trap or VM exit, and while the VMM works for a guest, the guest&apos;s instruction</source>
        <translation>Manté a la vista la paraula del pc físic; en un trap o una sortida de la MV, i mentre la VMM treballa per a un guest, la instrucció del guest</translation>
    </message>
    <message>
        <source>The instruction of %1 that caused this VM exit</source>
        <translation>La instrucció de %1 que ha causat aquesta sortida de la MV</translation>
    </message>
    <message>
        <source>The instruction of %1 that trapped</source>
        <translation>La instrucció de %1 que ha provocat el trap</translation>
    </message>
    <message>
        <source>Where %1 goes on when the VMM has finished</source>
        <translation>On continuarà %1 quan la VMM acabi</translation>
    </message>
    <message>
        <source>%1 · kernel mode: no relocation, the whole memory</source>
        <translation>%1 · mode nucli: sense reubicació, tota la memòria</translation>
    </message>
    <message>
        <source>%1 · empty window · %2</source>
        <translation>%1 · finestra buida · %2</translation>
    </message>
    <message>
        <source>%1 · BASE %2 · BOUND %3 · %4</source>
        <translation>%1 · BASE %2 · BOUND %3 · %4</translation>
    </message>
    <message>
        <source>Address %1</source>
        <translation>Adreça %1</translation>
    </message>
    <message>
        <source>%1: %2–%3 (%4 words)</source>
        <translation>%1: %2–%3 (%4 paraules)</translation>
    </message>
    <message>
        <source>VCPU save area of %1</source>
        <translation>Àrea de desament de la VCPU del guest %1</translation>
    </message>
    <message>
        <source>Control block of %1 (hardware assist)</source>
        <translation>Bloc de control de %1 (virtualització assistida per maquinari)</translation>
    </message>
    <message>
        <source>Click to show this address</source>
        <translation>Feu clic per mostrar aquesta adreça</translation>
    </message>
    <message>
        <source>revision</source>
        <translation>revisió</translation>
    </message>
    <message>
        <source>controls</source>
        <translation>controls</translation>
    </message>
    <message>
        <source>SR-write exits</source>
        <translation>sortides en escriure SR</translation>
    </message>
    <message>
        <source>SR-read exits</source>
        <translation>sortides en llegir SR</translation>
    </message>
    <message>
        <source>trap exits</source>
        <translation>sortides per trap</translation>
    </message>
    <message>
        <source>partition base</source>
        <translation>base de la partició</translation>
    </message>
    <message>
        <source>partition size</source>
        <translation>mida de la partició</translation>
    </message>
    <message>
        <source>window base</source>
        <translation>base de la finestra</translation>
    </message>
    <message>
        <source>window bound</source>
        <translation>límit de la finestra</translation>
    </message>
    <message>
        <source>preemption timer</source>
        <translation>temporitzador d’expropiació</translation>
    </message>
    <message>
        <source>host pc</source>
        <translation>pc del host</translation>
    </message>
    <message>
        <source>host STATUS</source>
        <translation>STATUS del host</translation>
    </message>
    <message>
        <source>host TVEC</source>
        <translation>TVEC del host</translation>
    </message>
    <message>
        <source>exit reason</source>
        <translation>motiu de la sortida</translation>
    </message>
    <message>
        <source>exit qualification</source>
        <translation>qualificació de la sortida</translation>
    </message>
    <message>
        <source>exit instruction</source>
        <translation>instrucció de la sortida</translation>
    </message>
    <message>
        <source>CYCLE hi</source>
        <translation>CYCLE alt</translation>
    </message>
    <message>
        <source>exit value</source>
        <translation>valor de la sortida</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>reservat</translation>
    </message>
    <message>
        <source>VMM: %1.%2</source>
        <translation>VMM: %1.%2</translation>
    </message>
    <message>
        <source>VMM: %2 (control block of %1)</source>
        <translation>VMM: %2 (bloc de control de %1)</translation>
    </message>
    <message>
        <source>VMM: trap vector</source>
        <translation>VMM: vector de traps</translation>
    </message>
    <message>
        <source>Address %1 (%2)</source>
        <translation>Adreça %1 (%2)</translation>
    </message>
    <message>
        <source>Value %1 = %2</source>
        <translation>Valor %1 = %2</translation>
    </message>
    <message>
        <source>The CPU&apos;s pc points here (physical address)</source>
        <translation>El pc de la CPU apunta aquí (adreça física)</translation>
    </message>
    <message>
        <source>Changed by the last step</source>
        <translation>Ha canviat en l’últim pas</translation>
    </message>
    <message>
        <source>Unknown address or label</source>
        <translation>Adreça o etiqueta desconeguda</translation>
    </message>
</context>
<context>
    <name>MigrationPanel</name>
    <message>
        <source>Round %1 dirtied %2 blocks, no more than the rule’s %3, so what is left is copied with the guest paused.</source>
        <translation>La ronda %1 ha embrutat %2 blocs, no més que els %3 de la regla, i el que queda es copia amb el guest en pausa.</translation>
    </message>
    <message>
        <source>In round %1 the guest dirtied %2 words in %3 cycles, and the link sends %4 in that time: another round would be no shorter, so pre-copy stops and the rest is copied with the guest paused.</source>
        <translation>A la ronda %1 el guest ha embrutat %2 paraules en %3 cicles, i l’enllaç n’envia %4 en aquest temps: una altra ronda no seria més curta, així que la precòpia s’atura i la resta es copia amb el guest en pausa.</translation>
    </message>
    <message>
        <source>%1 rounds done, the most the rule allows.</source>
        <translation>S’han fet %1 rondes, les màximes que permet la regla.</translation>
    </message>
    <message>
        <source>More than %1 × the guest’s memory sent.</source>
        <translation>S’ha enviat més de %1 × la memòria del guest.</translation>
    </message>
    <message>
        <source>The guest stopped before it could move: nothing was migrated.</source>
        <translation>El guest s’ha aturat abans de poder-se moure: no s’ha migrat res.</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>ha convergit</translation>
    </message>
    <message>
        <source>dirty rate above the link’s</source>
        <translation>ritme d’embrutament per sobre del de l’enllaç</translation>
    </message>
    <message>
        <source>too many rounds</source>
        <translation>massa rondes</translation>
    </message>
    <message>
        <source>too much traffic</source>
        <translation>massa trànsit</translation>
    </message>
    <message>
        <source>the guest stopped first</source>
        <translation>el guest s’ha aturat abans</translation>
    </message>
    <message>
        <source>Migration</source>
        <translation>Migració</translation>
    </message>
    <message>
        <source>This scenario migrates no guest: open migrate-converges or migrate-never-converges to watch a live migration.</source>
        <translation>Aquest escenari no migra cap guest: obriu migrate-converges o migrate-never-converges per veure una migració en calent.</translation>
    </message>
    <message>
        <source>Live migration of %1: waiting, pre-copy starts at cycle %2</source>
        <translation>Migració en calent de %1: en espera, la precòpia comença al cicle %2</translation>
    </message>
    <message>
        <source>Live migration of %1: pre-copy, round %2</source>
        <translation>Migració en calent de %1: precòpia, ronda %2</translation>
    </message>
    <message>
        <source>Live migration of %1: stop-and-copy, pausing the guest</source>
        <translation>Migració en calent de %1: aturar i copiar, posant el guest en pausa</translation>
    </message>
    <message>
        <source>Live migration of %1: stop-and-copy, the guest is paused</source>
        <translation>Migració en calent de %1: aturar i copiar, el guest és en pausa</translation>
    </message>
    <message>
        <source>Live migration of %1: done, it runs on the destination</source>
        <translation>Migració en calent de %1: feta, s’executa al destí</translation>
    </message>
    <message>
        <source>Live migration of %1: abandoned</source>
        <translation>Migració en calent de %1: abandonada</translation>
    </message>
    <message>
        <source>Round %1: %2 of %3 words sent, the link carries %4 words a cycle</source>
        <translation>Ronda %1: %2 de %3 paraules enviades, l’enllaç porta %4 paraules per cicle</translation>
    </message>
    <message>
        <source>Stop-and-copy: %1 of %2 words sent (the last dirty blocks, the VCPU and the devices), the link carries %3 words a cycle; the guest resumes on the destination at cycle %4</source>
        <translation>Aturar i copiar: %1 de %2 paraules enviades (els últims blocs bruts, la VCPU i els dispositius), l’enllaç porta %3 paraules per cicle; el guest continua al destí al cicle %4</translation>
    </message>
    <message>
        <source>The guest is paused at its next VM exit; then what is left crosses the link</source>
        <translation>El guest es posa en pausa a la seva pròxima sortida de la MV; després, el que queda passa per l’enllaç</translation>
    </message>
    <message>
        <source>The guest stopped at cycle %1 and resumed on the destination at cycle %2</source>
        <translation>El guest s’ha aturat al cicle %1 i ha continuat al destí al cicle %2</translation>
    </message>
    <message>
        <source>The link carries %1 words a cycle</source>
        <translation>L’enllaç porta %1 paraules per cicle</translation>
    </message>
    <message>
        <source>%1: %2, running while its memory is copied</source>
        <translation>%1: %2, funciona mentre se’n copia la memòria</translation>
    </message>
    <message>
        <source>waiting for %1: its memory arrives round by round</source>
        <translation>espera %1: la seva memòria arriba ronda a ronda</translation>
    </message>
    <message>
        <source>%1: pausing for the stop-and-copy</source>
        <translation>%1: posant-se en pausa per aturar i copiar</translation>
    </message>
    <message>
        <source>%1: paused for the stop-and-copy</source>
        <translation>%1: en pausa per aturar i copiar</translation>
    </message>
    <message>
        <source>receiving the last blocks, the VCPU and the devices of %1</source>
        <translation>rep els últims blocs, la VCPU i els dispositius de %1</translation>
    </message>
    <message>
        <source>%1 has left: powered off here, its memory freed</source>
        <translation>%1 se n’ha anat: aquí està apagat i la seva memòria, alliberada</translation>
    </message>
    <message>
        <source>%1: %2, resumed at cycle %3</source>
        <translation>%1: %2, ha continuat al cicle %3</translation>
    </message>
    <message>
        <source>%1 never came</source>
        <translation>%1 no ha arribat mai</translation>
    </message>
    <message>
        <source>Source host</source>
        <translation>Host d’origen</translation>
    </message>
    <message>
        <source>Destination host</source>
        <translation>Host de destí</translation>
    </message>
    <message>
        <source>stopped at cycle %1</source>
        <translation>aturat al cicle %1</translation>
    </message>
    <message>
        <source>cycle %1</source>
        <translation>cicle %1</translation>
    </message>
    <message>
        <source>%1 (holds the guest)</source>
        <translation>%1 (hi és el guest)</translation>
    </message>
    <message>
        <source>also here: %1</source>
        <translation>també hi és: %1</translation>
    </message>
    <message>
        <source>→ link →
%1 words a cycle
%2 cycles of latency</source>
        <translation>→ enllaç →
%1 paraules per cicle
%2 cicles de latència</translation>
    </message>
    <message>
        <source>%1: %2 blocks of %3 words, one square each</source>
        <translation>%1: %2 blocs de %3 paraules, un quadrat cadascun</translation>
    </message>
    <message>
        <source>The guest is being paused; the %1 blocks it dirtied in the last round, and any it writes until it stops, go with it</source>
        <translation>El guest s’està posant en pausa; els %1 blocs que ha embrutat a l’última ronda, i els que escrigui fins que s’aturi, viatgen amb ell</translation>
    </message>
    <message>
        <source>The guest is paused: %1 dirty blocks (%2 words) and its state (%3 words) cross the link</source>
        <translation>El guest és en pausa: %1 blocs bruts (%2 paraules) i el seu estat (%3 paraules) passen per l’enllaç</translation>
    </message>
    <message>
        <source>Every block is on the destination.</source>
        <translation>Tots els blocs són al destí.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stop rule: %1.&lt;/b&gt; %2</source>
        <translation>&lt;b&gt;Regla d’aturada: %1.&lt;/b&gt; %2</translation>
    </message>
    <message>
        <source>pre-copy rounds</source>
        <translation>rondes de precòpia</translation>
    </message>
    <message>
        <source>traffic: %1 words, as a multiple of the guest’s memory</source>
        <translation>trànsit: %1 paraules, com a múltiple de la memòria del guest</translation>
    </message>
    <message>
        <source>cycles of downtime</source>
        <translation>cicles de temps d’aturada</translation>
    </message>
    <message>
        <source>Stop rules, in order: at most %1 blocks dirtied in a round (converged), %2 rounds, more than %3 × the memory sent, or a dirty rate at least the link’s.</source>
        <translation>Regles d’aturada, en ordre: com a màxim %1 blocs embrutats en una ronda (ha convergit), %2 rondes, més de %3 × la memòria enviada, o un ritme d’embrutament com a mínim el de l’enllaç.</translation>
    </message>
    <message>
        <source>Memory in flight</source>
        <translation>Memòria en trànsit</translation>
    </message>
    <message>
        <source>sent, clean: %1</source>
        <translation>enviats, nets: %1</translation>
    </message>
    <message>
        <source>dirtied since sent: %1</source>
        <translation>embrutats després d’enviar-los: %1</translation>
    </message>
    <message>
        <source>not sent yet: %1</source>
        <translation>encara no enviats: %1</translation>
    </message>
    <message>
        <source>Blocks per round: sent against dirtied</source>
        <translation>Blocs per ronda: enviats i embrutats</translation>
    </message>
    <message>
        <source>sent in the round</source>
        <translation>enviats a la ronda</translation>
    </message>
    <message>
        <source>dirtied during the round</source>
        <translation>embrutats durant la ronda</translation>
    </message>
    <message>
        <source>stop-and-copy (guest paused)</source>
        <translation>aturar i copiar (guest en pausa)</translation>
    </message>
    <message>
        <source>stop rule: at most %1 dirtied</source>
        <translation>regla d’aturada: com a màxim %1 embrutats</translation>
    </message>
    <message>
        <source>Round %1</source>
        <translation>Ronda %1</translation>
    </message>
    <message>
        <source>%1 cycles</source>
        <translation>%1 cicles</translation>
    </message>
    <message>
        <source>under way</source>
        <translation>en curs</translation>
    </message>
    <message>
        <source>Stop-and-copy</source>
        <translation>Aturar i copiar</translation>
    </message>
    <message>
        <source>+ VCPU and devices</source>
        <translation>+ VCPU i dispositius</translation>
    </message>
    <message>
        <source>No round yet.</source>
        <translation>Encara cap ronda.</translation>
    </message>
</context>
<context>
    <name>RegistersPanel</name>
    <message>
        <source>Registers</source>
        <translation>Registres</translation>
    </message>
    <message>
        <source>CPU (native)</source>
        <translation>CPU (nativa)</translation>
    </message>
    <message>
        <source>%1 runs on the bare machine: no VMM, no VCPU</source>
        <translation>%1 s’executa sobre la màquina nua: sense VMM ni VCPU</translation>
    </message>
    <message>
        <source>CPU and VCPUs</source>
        <translation>CPU i VCPU</translation>
    </message>
    <message>
        <source>The physical CPU and, beside it, the virtual CPU of each guest</source>
        <translation>La CPU física i, al costat, la CPU virtual de cada guest</translation>
    </message>
    <message>
        <source>hex</source>
        <translation>hex</translation>
    </message>
    <message>
        <source>Show values in hexadecimal</source>
        <translation>Mostra els valors en hexadecimal</translation>
    </message>
    <message>
        <source>dec</source>
        <translation>dec</translation>
    </message>
    <message>
        <source>Show values in decimal (general registers signed)</source>
        <translation>Mostra els valors en decimal (els registres generals, amb signe)</translation>
    </message>
    <message>
        <source>guest mode</source>
        <translation>mode convidat</translation>
    </message>
    <message>
        <source>Hardware assist: the CPU is in guest mode. It runs the guest itself, its kernel in kernel mode, and applies privileged instructions to the guest&apos;s virtual state; only some events exit to the VMM.</source>
        <translation>Virtualització assistida per maquinari: la CPU és en mode convidat. Executa ella mateixa la màquina virtual, el seu nucli en mode nucli, i aplica les instruccions privilegiades al seu estat virtual; només alguns esdeveniments surten cap a la VMM.</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>canviat</translation>
    </message>
    <message>
        <source>Highlighted: the values the last step changed (Step cycle or Step instruction). After a run nothing is highlighted: over many cycles almost every value changes.</source>
        <translation>Ressaltats: els valors que ha canviat l’últim pas (Avança un cicle o Avança una instrucció). Després d’una execució no es ressalta res: en molts cicles gairebé tots els valors canvien.</translation>
    </message>
    <message>
        <source>flags</source>
        <translation>bits</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendent</translation>
    </message>
    <message>
        <source>Program counter: the address of the next instruction</source>
        <translation>Comptador de programa: l’adreça de la instrucció següent</translation>
    </message>
    <message>
        <source>r0 always reads 0</source>
        <translation>r0 sempre val 0</translation>
    </message>
    <message>
        <source>r14 is the stack pointer (sp) by convention</source>
        <translation>Per convenció, r14 és el punter de pila (sp)</translation>
    </message>
    <message>
        <source>r15 is the return address (ra), written by JAL</source>
        <translation>r15 és l’adreça de retorn (ra), que escriu JAL</translation>
    </message>
    <message>
        <source>STATUS: interrupts enabled (IE), kernel mode (KMODE), and their previous values (PIE, PKMODE) saved at trap entry</source>
        <translation>STATUS: interrupcions habilitades (IE), mode nucli (KMODE) i els seus valors anteriors (PIE, PKMODE), desats en l’entrada del trap</translation>
    </message>
    <message>
        <source>IE: interrupts enabled; KMODE: kernel mode; PIE and PKMODE: the values before the last trap</source>
        <translation>IE: interrupcions habilitades; KMODE: mode nucli; PIE i PKMODE: els valors d’abans de l’últim trap</translation>
    </message>
    <message>
        <source>EPC: address of the instruction that trapped or was interrupted</source>
        <translation>EPC: adreça de la instrucció que ha provocat el trap o que ha estat interrompuda</translation>
    </message>
    <message>
        <source>CAUSE: why the last trap happened</source>
        <translation>CAUSE: per què s’ha produït l’últim trap</translation>
    </message>
    <message>
        <source>TVAL: extra trap information (bad address, SYSCALL code, instruction word)</source>
        <translation>TVAL: informació addicional del trap (adreça errònia, codi del SYSCALL, paraula de la instrucció)</translation>
    </message>
    <message>
        <source>TVEC: the kernel&apos;s entry point for every trap</source>
        <translation>TVEC: el punt d’entrada del nucli per a tots els traps</translation>
    </message>
    <message>
        <source>BASE: where user-mode address 0 is in memory</source>
        <translation>BASE: on és a la memòria l’adreça 0 del mode usuari</translation>
    </message>
    <message>
        <source>BOUND: user-mode addresses must be below it</source>
        <translation>BOUND: les adreces del mode usuari han de ser inferiors a aquest valor</translation>
    </message>
    <message>
        <source>TIMER: cycles until the timer interrupt (0: disarmed)</source>
        <translation>TIMER: temporitzador, cicles que falten per a la seva interrupció (0: desarmat)</translation>
    </message>
    <message>
        <source>SCRATCH: free for the kernel</source>
        <translation>SCRATCH: lliure per al nucli</translation>
    </message>
    <message>
        <source>CYCLE: cycles completed (a guest sees its virtual clock)</source>
        <translation>CYCLE: comptador de cicles completats (un guest hi veu el seu rellotge virtual)</translation>
    </message>
    <message>
        <source>IPEND: pending interrupts</source>
        <translation>IPEND: interrupcions pendents</translation>
    </message>
    <message>
        <source>Pending interrupts: timer, console input, disk</source>
        <translation>Interrupcions pendents: temporitzador, entrada de consola, disc</translation>
    </message>
    <message>
        <source>physical CPU</source>
        <translation>CPU física</translation>
    </message>
    <message>
        <source>%1&apos;s VCPU</source>
        <translation>VCPU del guest %1</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>In guest mode (hardware assist): it runs the guest, in the guest&apos;s own mode</source>
        <translation>En mode convidat (virtualització assistida per maquinari): executa la màquina virtual en el seu propi mode (nucli o usuari)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>The physical CPU (the host&apos;s registers)</source>
        <translation>La CPU física (els registres del host)</translation>
    </message>
    <message>
        <source>%1&apos;s virtual CPU: the registers the guest believes it has</source>
        <translation>La CPU virtual del guest %1: els registres que el guest creu que té</translation>
    </message>
    <message>
        <source>It is on the CPU now: its general registers and pc are the CPU&apos;s; its system registers stay virtual.</source>
        <translation>Ara és a la CPU: els seus registres generals i el pc són els de la CPU; els registres de sistema continuen essent virtuals.</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <source>maximum</source>
        <translation>màxima</translation>
    </message>
    <message>
        <source>1 cycle/s (slow motion)</source>
        <translation>1&#xa0;cicle/s (càmera lenta)</translation>
    </message>
    <message>
        <source>%1 cycles/s (slow motion)</source>
        <translation>%1&#xa0;cicles/s (càmera lenta)</translation>
    </message>
    <message>
        <source>%1 cycles/s</source>
        <translation>%1&#xa0;cicles/s</translation>
    </message>
</context>
<context>
    <name>StatisticsPanel</name>
    <message>
        <source>Where the cycles went</source>
        <translation>On han anat els cicles</translation>
    </message>
    <message>
        <source>Traps by cause</source>
        <translation>Traps per causa</translation>
    </message>
    <message>
        <source>VM exits by cause</source>
        <translation>Sortides de la MV per causa</translation>
    </message>
    <message>
        <source>No traps yet</source>
        <translation>Encara no hi ha cap trap</translation>
    </message>
    <message>
        <source>No VM exits yet</source>
        <translation>Encara no hi ha cap sortida de la MV</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Estadístiques</translation>
    </message>
    <message>
        <source>VMM</source>
        <translation>VMM</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>en repòs</translation>
    </message>
    <message>
        <source>cycles in total</source>
        <translation>cicles en total</translation>
    </message>
    <message>
        <source>of the time in kernel mode</source>
        <translation>del temps en mode nucli</translation>
    </message>
    <message>
        <source>traps</source>
        <translation>traps</translation>
    </message>
    <message>
        <source>of the time idle</source>
        <translation>del temps en repòs</translation>
    </message>
    <message>
        <source>VMM overhead</source>
        <translation>cost afegit de la VMM</translation>
    </message>
    <message>
        <source>VM exits</source>
        <translation>sortides de la MV</translation>
    </message>
    <message>
        <source>world switches</source>
        <translation>canvis de màquina</translation>
    </message>
    <message>
        <source>The share of all cycles in kernel mode</source>
        <translation>La proporció del total de cicles en mode nucli</translation>
    </message>
    <message>
        <source>VMM overhead: the cycles spent in the VMM divided by all cycles</source>
        <translation>Cost afegit de la VMM: els cicles passats a la VMM dividits pel total de cicles</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>host OS kernel (its processes)</source>
        <translation>nucli del SO amfitrió (els seus processos)</translation>
    </message>
    <message>
        <source>of which the host OS kernel</source>
        <translation>dels quals, el nucli del SO amfitrió</translation>
    </message>
    <message>
        <source>all</source>
        <translation>total</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>Cicles</translation>
    </message>
    <message>
        <source>all causes</source>
        <translation>totes les causes</translation>
    </message>
    <message>
        <source>emulated instructions</source>
        <translation>instruccions emulades</translation>
    </message>
    <message>
        <source>reflected traps</source>
        <translation>traps reflectits</translation>
    </message>
    <message>
        <source>injected interrupts</source>
        <translation>interrupcions injectades</translation>
    </message>
    <message>
        <source>host system calls</source>
        <translation>crides al sistema de l’amfitrió</translation>
    </message>
    <message>
        <source>host-kernel transitions</source>
        <translation>transicions pel nucli amfitrió</translation>
    </message>
    <message>
        <source>VMM work</source>
        <translation>Feina de la VMM</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Guests</translation>
    </message>
    <message>
        <source>state</source>
        <translation>estat</translation>
    </message>
    <message>
        <source>virtual clock (cycles)</source>
        <translation>rellotge virtual (cicles)</translation>
    </message>
    <message>
        <source>instructions executed</source>
        <translation>instruccions executades</translation>
    </message>
    <message>
        <source>Traps taken by the guest kernels</source>
        <translation>Traps rebuts pels nuclis convidats</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>In a guest’s column: the VMM’s cycles on that guest’s behalf (its exits, switching to it), charged to its CPU share</source>
        <translation>A la columna d’un guest: els cicles que la VMM ha dedicat a aquest guest (les seves sortides de la MV, el canvi de màquina cap a ell), que es descompten de la seva part de CPU</translation>
    </message>
</context>
<context>
    <name>TaxonomyPanel</name>
    <message>
        <source>Taxonomy</source>
        <translation>Taxonomia</translation>
    </message>
    <message>
        <source>Every scenario, placed by what it virtualizes (the columns) and by where the virtualization layer runs (the rows). Click one to open it.</source>
        <translation>Tots els escenaris, col·locats segons què virtualitzen (les columnes) i on s’executa la capa de virtualització (les files). Feu-hi clic per obrir-ne un.</translation>
    </message>
    <message>
        <source>The hardware</source>
        <translation>El maquinari</translation>
    </message>
    <message>
        <source>a whole machine: a VMM, type 0, or the native baseline</source>
        <translation>una màquina sencera: una VMM, el tipus 0 o la referència nativa</translation>
    </message>
    <message>
        <source>An operating system</source>
        <translation>Un sistema operatiu</translation>
    </message>
    <message>
        <source>containers: isolated groups of processes</source>
        <translation>contenidors: grups de processos aïllats</translation>
    </message>
    <message>
        <source>A language runtime or another instruction set</source>
        <translation>L’entorn d’execució d’un llenguatge o un altre joc d’instruccions</translation>
    </message>
    <message>
        <source>a bytecode interpreter, an emulator</source>
        <translation>un intèrpret de bytecode, un emulador</translation>
    </message>
    <message>
        <source>In the hardware</source>
        <translation>Al maquinari</translation>
    </message>
    <message>
        <source>type 0: partitions</source>
        <translation>tipus 0: particions</translation>
    </message>
    <message>
        <source>On the bare machine</source>
        <translation>Sobre la màquina nua</translation>
    </message>
    <message>
        <source>type 1 VMM</source>
        <translation>VMM de tipus 1</translation>
    </message>
    <message>
        <source>Inside a general-purpose OS</source>
        <translation>Dins d’un SO de propòsit general</translation>
    </message>
    <message>
        <source>type 1 too: Linux with kvm</source>
        <translation>també tipus 1: Linux amb kvm</translation>
    </message>
    <message>
        <source>On a host OS</source>
        <translation>Sobre un SO amfitrió</translation>
    </message>
    <message>
        <source>type 2 VMM</source>
        <translation>VMM de tipus 2</translation>
    </message>
    <message>
        <source>Inside one kernel</source>
        <translation>Dins d’un sol nucli</translation>
    </message>
    <message>
        <source>containers</source>
        <translation>contenidors</translation>
    </message>
    <message>
        <source>As a program</source>
        <translation>Com a programa</translation>
    </message>
    <message>
        <source>interpreter or emulator</source>
        <translation>intèrpret o emulador</translation>
    </message>
    <message>
        <source>No layer</source>
        <translation>Cap capa</translation>
    </message>
    <message>
        <source>native baseline</source>
        <translation>referència nativa</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Timeline</source>
        <translation>Línia de temps</translation>
    </message>
    <message>
        <source>Zoom out (mouse wheel, or the − key)</source>
        <translation>Allunya (roda del ratolí o tecla −)</translation>
    </message>
    <message>
        <source>Zoom in (mouse wheel, or the + key)</source>
        <translation>Apropa (roda del ratolí o tecla +)</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Ajusta</translation>
    </message>
    <message>
        <source>Show the whole run (Home key)</source>
        <translation>Mostra tota l’execució (tecla Inici)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Segueix</translation>
    </message>
    <message>
        <source>Keep the present cycle in view while the simulation runs</source>
        <translation>Mantén visible el cicle present mentre la simulació s’executa</translation>
    </message>
    <message>
        <source>1 pixel = %1 cycles</source>
        <translation>1 píxel = %1 cicles</translation>
    </message>
    <message>
        <source>1 cycle = %1 pixels</source>
        <translation>1 cicle = %1 píxels</translation>
    </message>
    <message>
        <source>Cycles %1 – %2</source>
        <translation>Cicles %1 – %2</translation>
    </message>
    <message>
        <source>Traps:</source>
        <translation>Traps:</translation>
    </message>
    <message>
        <source>VM exits:</source>
        <translation>Sortides de la MV:</translation>
    </message>
    <message>
        <source>Technique&apos;s work</source>
        <translation>Feina de la tècnica</translation>
    </message>
    <message>
        <source>Mark the technique&apos;s own work on the VMM&apos;s lane: translations, callouts and invalidations (binary translation), failed VM entries (hardware assist)</source>
        <translation>Marca la feina pròpia de la tècnica a la franja de la VMM: traduccions, crides a la VMM (callouts) i invalidacions (traducció binària), entrades a la MV fallides (virtualització assistida per maquinari)</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traducció</translation>
    </message>
    <message>
        <source>callout</source>
        <comment>short</comment>
        <translation>crida VMM</translation>
    </message>
    <message>
        <source>invalidation</source>
        <translation>invalidació</translation>
    </message>
    <message>
        <source>entry failure</source>
        <translation>entrada fallida</translation>
    </message>
    <message>
        <source>Hardware VM exits:</source>
        <translation>Sortides de la MV per maquinari:</translation>
    </message>
    <message>
        <source>VMM:</source>
        <translation>VMM:</translation>
    </message>
    <message>
        <source>Cycle %1</source>
        <translation>Cicle %1</translation>
    </message>
    <message>
        <source>%1 at cycle %2</source>
        <translation>%1 al cicle %2</translation>
    </message>
    <message>
        <source>Trap %1 at cycle %2</source>
        <translation>Trap %1 al cicle %2</translation>
    </message>
    <message>
        <source>Hardware VM exit %1 at cycle %2</source>
        <translation>Sortida de la MV per maquinari %1 al cicle %2</translation>
    </message>
    <message>
        <source>VM exit %1 at cycle %2</source>
        <translation>Sortida de la MV %1 al cicle %2</translation>
    </message>
    <message>
        <source>%1 in %2: %3</source>
        <translation>%1 en %2: %3</translation>
    </message>
    <message>
        <source>The VMM: %1 (%2 cycles)</source>
        <translation>La VMM: %1 (%2 cicles)</translation>
    </message>
    <message>
        <source>%1: cycles %2 – %3 (%4 cycles)</source>
        <translation>%1: cicles %2 – %3 (%4 cicles)</translation>
    </message>
    <message>
        <source>Faded: what ran before you travelled back; it runs again the same way unless you type input</source>
        <translation>Esvaït: el que s’havia executat abans que tornéssiu enrere; es tornarà a executar igual, tret que escriviu alguna entrada</translation>
    </message>
    <message>
        <source>Click to travel to this cycle</source>
        <translation>Feu clic per anar a aquest cicle</translation>
    </message>
    <message>
        <source>emulated the instruction</source>
        <translation>ha emulat la instrucció</translation>
    </message>
    <message>
        <source>reflected the trap into the guest kernel</source>
        <translation>ha reflectit el trap cap al nucli convidat</translation>
    </message>
    <message>
        <source>checked the clock (its own timer)</source>
        <translation>ha comprovat el quàntum (amb el seu temporitzador)</translation>
    </message>
    <message>
        <source>routed console input</source>
        <translation>ha encaminat l’entrada de consola</translation>
    </message>
    <message>
        <source>stopped the crashed guest</source>
        <translation>ha aturat el guest caigut</translation>
    </message>
    <message>
        <source>%1 translated %2 instructions of its kernel at %3 (%4 callouts), %5 VMM cycles</source>
        <translation>%1: la VMM ha traduït %2 instruccions del seu nucli a %3 (%4 crides a la VMM), %5 cicles de la VMM</translation>
    </message>
    <message>
        <source>%1: %2 at %3, done by the VMM without a trap, %4 VMM cycles</source>
        <translation>%1: %2 a %3, feta per la VMM sense cap trap, %4 cicles de la VMM</translation>
    </message>
    <message>
        <source>%1 rewrote translated code at %2: the block at %3 is dropped</source>
        <translation>%1 ha reescrit codi traduït a %2: es descarta el bloc de %3</translation>
    </message>
    <message>
        <source>%1: the CPU refused the VM entry (%2): %3</source>
        <translation>%1: la CPU ha refusat l’entrada a la MV (%2): %3</translation>
    </message>
    <message>
        <source>user mode</source>
        <translation>mode usuari</translation>
    </message>
    <message>
        <source>kernel mode</source>
        <translation>mode nucli</translation>
    </message>
    <message>
        <source>cycle</source>
        <translation>cicle</translation>
    </message>
</context>
<context>
    <name>Toy8Pane</name>
    <message>
        <source>Toy8 program %1: %2 bytes</source>
        <translation>Programa Toy8 %1: %2 bytes</translation>
    </message>
    <message>
        <source>Toy8 instructions emulated: %1</source>
        <translation>Instruccions Toy8 emulades: %1</translation>
    </message>
    <message>
        <source>VL32 instructions: %1, %2 per Toy8 instruction</source>
        <translation>Instruccions VL32: %1, %2 per instrucció Toy8</translation>
    </message>
    <message>
        <source>Emulated by the VL32 program beside it, one instruction at a time: the marked line is the Toy8 instruction at r3, the Toy8 PC; r8 counts the Toy8 instructions done.</source>
        <translation>L’emula el programa VL32 del costat, instrucció a instrucció: la línia marcada és la instrucció Toy8 que indica r3, el PC de Toy8; r8 compta les instruccions Toy8 fetes.</translation>
    </message>
</context>
<context>
    <name>TrapInspectorPanel</name>
    <message>
        <source>Trap inspector</source>
        <translation>Inspector de traps</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>nucli</translation>
    </message>
    <message>
        <source>user</source>
        <translation>usuari</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>Cicle</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Guest</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <source>pc</source>
        <translation>pc</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Instrucció</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Causa</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acció</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Cost</translation>
    </message>
    <message>
        <source>Physical cycle at which the CPU entered the VMM (natively: the kernel)</source>
        <translation>Cicle físic en què la CPU ha entrat a la VMM (en execució nativa, al nucli)</translation>
    </message>
    <message>
        <source>The guest that was running</source>
        <translation>El guest que s’executava</translation>
    </message>
    <message>
        <source>The guest&apos;s (virtual) mode when it trapped</source>
        <translation>El mode (virtual) del guest quan s’ha produït el trap</translation>
    </message>
    <message>
        <source>Address of the instruction that trapped, as the guest sees it</source>
        <translation>Adreça de la instrucció que ha provocat el trap, tal com la veu el guest</translation>
    </message>
    <message>
        <source>The instruction that trapped</source>
        <translation>La instrucció que ha provocat el trap</translation>
    </message>
    <message>
        <source>Trap cause (CAUSE register)</source>
        <translation>Causa del trap (registre CAUSE)</translation>
    </message>
    <message>
        <source>What the VMM did: emulate a privileged instruction, reflect the trap into the guest kernel, resume after its own timer, route console input, or stop a guest that crashed</source>
        <translation>Què ha fet la VMM: emular una instrucció privilegiada, reflectir el trap cap al nucli convidat, reprendre després del seu propi temporitzador, encaminar l’entrada de consola o aturar una màquina virtual que ha fallat</translation>
    </message>
    <message>
        <source>Cycles the trap cost: the VMM&apos;s work including the hardware trap entry (natively: the faulting cycle + the 4-cycle trap entry)</source>
        <translation>Cicles que ha costat el trap: la feina de la VMM, inclosa l’entrada del trap al maquinari (en execució nativa: el cicle que falla + els 4 cicles de l’entrada del trap)</translation>
    </message>
    <message>
        <source>Guest:</source>
        <translation>Guest (convidat):</translation>
    </message>
    <message>
        <source>Cause:</source>
        <translation>Causa:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Acció:</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>Filtra…</translation>
    </message>
    <message>
        <source>Show only rows containing this text (cycle, pc, instruction, cause, action)</source>
        <translation>Mostra només les files que contenen aquest text (cicle, pc, instrucció, causa, acció)</translation>
    </message>
    <message>
        <source>Go to this moment</source>
        <translation>Ves a aquest moment</translation>
    </message>
    <message>
        <source>Travel in time to the cycle of this trap: every panel shows that moment</source>
        <translation>Viatja en el temps fins al cicle d’aquest trap: tots els taulers mostren aquell moment</translation>
    </message>
    <message>
        <source>Steps and their cycles:</source>
        <translation>Passos i els seus cicles:</translation>
    </message>
    <message>
        <source>The guest&apos;s virtual CPU before and after:</source>
        <translation>La CPU virtual del guest, abans i després:</translation>
    </message>
    <message>
        <source>Technique&apos;s work</source>
        <translation>Feina de la tècnica</translation>
    </message>
    <message>
        <source>Also list the technique&apos;s own work that is not a VM exit: translations, callouts and invalidations (binary translation), failed VM entries (hardware assist)</source>
        <translation>Llista també la feina pròpia de la tècnica que no és una sortida de la MV: traduccions, crides a la VMM (callouts) i invalidacions (traducció binària), entrades a la MV fallides (virtualització assistida per maquinari)</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>traducció</translation>
    </message>
    <message>
        <source>invalidation</source>
        <translation>invalidació</translation>
    </message>
    <message>
        <source>entry failure</source>
        <translation>entrada fallida</translation>
    </message>
    <message>
        <source>A hypercall: the guest kernel asks the VMM. Its number is the HCALL&apos;s immediate, its arguments are in r1 and r2, and the result, or a negative error code, comes back in r1 (docs/isa.md, section 12)</source>
        <translation>Una hipercrida: el nucli convidat fa una petició a la VMM. El seu número és l’immediat de l’HCALL, els arguments són a r1 i r2, i el resultat, o un codi d’error negatiu, torna a r1 (docs/isa.ca.md, secció 12)</translation>
    </message>
    <message>
        <source>Only changed</source>
        <translation>Només canvis</translation>
    </message>
    <message>
        <source>Show only the registers this trap changed</source>
        <translation>Mostra només els registres que ha canviat aquest trap</translation>
    </message>
    <message>
        <source>%1 instr. · 1 callout</source>
        <translation>%1 instr. · 1 crida</translation>
    </message>
    <message>
        <source>rewritten: block at %1 dropped</source>
        <translation>reescrit: descartat el bloc a %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(interrupt)</source>
        <translation>(interrupció)</translation>
    </message>
    <message>
        <source>(no instruction fetched)</source>
        <translation>(cap instrucció llegida)</translation>
    </message>
    <message>
        <source>%1 at cycle %2, pc %3: %4</source>
        <translation>%1 al cicle %2, pc %3: %4</translation>
    </message>
    <message>
        <source>Trap</source>
        <translation>Trap</translation>
    </message>
    <message>
        <source>VM exit</source>
        <comment>title</comment>
        <translation>Sortida de la MV</translation>
    </message>
    <message>
        <source>%1 at cycle %2: %3 in %4 mode at pc %5</source>
        <translation>%1 al cicle %2: %3 en mode %4, amb pc %5</translation>
    </message>
    <message>
        <source>The VMM is still handling it: %1 cycles so far</source>
        <translation>La VMM encara la gestiona: %1 cicles fins ara</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at cycle %2 · %3 (virtual %4 mode)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; al cicle %2 · %3 (mode %4 virtual)</translation>
    </message>
    <message>
        <source>&lt;i&gt;The VMM is handling it now.&lt;/i&gt;</source>
        <translation>&lt;i&gt;La VMM la gestiona ara.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 now: %2 of %3</source>
        <translation>%1 ara: %2 de %3</translation>
    </message>
    <message>
        <source>%1 = %2 cycles so far</source>
        <translation>%1 = %2 cicles fins ara</translation>
    </message>
    <message>
        <source>&lt;b&gt;Hypercall %1&lt;/b&gt;: %2</source>
        <translation>&lt;b&gt;Hipercrida %1&lt;/b&gt;: %2</translation>
    </message>
    <message>
        <source>Double-click to go to this moment</source>
        <translation>Feu doble clic per anar a aquest moment</translation>
    </message>
    <message>
        <source>callout</source>
        <comment>short</comment>
        <translation>crida VMM</translation>
    </message>
    <message>
        <source>%1 instr. · %2 callouts</source>
        <translation>%1 instr. · %2 crides</translation>
    </message>
    <message>
        <source>all guests</source>
        <translation>tots els guests</translation>
    </message>
    <message>
        <source>all causes</source>
        <translation>totes les causes</translation>
    </message>
    <message>
        <source>all actions</source>
        <translation>totes les accions</translation>
    </message>
    <message>
        <source>%1 of %2 traps</source>
        <translation>%1 de %2 traps</translation>
    </message>
    <message>
        <source>%2 traps</source>
        <translation>%2 traps</translation>
    </message>
    <message>
        <source>1 trap</source>
        <translation>1 trap</translation>
    </message>
    <message>
        <source>%1 of %2 VM exits</source>
        <translation>%1 de %2 sortides de la MV</translation>
    </message>
    <message>
        <source>%2 VM exits</source>
        <translation>%2 sortides de la MV</translation>
    </message>
    <message>
        <source>1 VM exit</source>
        <translation>1 sortida de la MV</translation>
    </message>
    <message>
        <source>No traps yet: run or step the machine</source>
        <translation>Encara no hi ha cap trap (excepció o interrupció): executeu la màquina o avanceu pas a pas</translation>
    </message>
    <message>
        <source>No VM exits yet: run or step the machine</source>
        <translation>Encara no hi ha cap sortida de la MV: executeu la màquina o avanceu pas a pas</translation>
    </message>
    <message>
        <source>No row matches the filters</source>
        <translation>Cap fila no coincideix amb els filtres</translation>
    </message>
    <message>
        <source>Select a trap to see how the hardware handled it</source>
        <translation>Seleccioneu un trap (excepció o interrupció) per veure com l’ha gestionat el maquinari</translation>
    </message>
    <message>
        <source>Select a VM exit to see what the VMM did, step by step, and the guest&apos;s virtual CPU before and after</source>
        <translation>Seleccioneu una sortida de la MV per veure què ha fet la VMM, pas a pas, i la CPU virtual del guest abans i després</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at cycle %2 · %3 (%4 mode)</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; al cicle %2 · %3 (mode %4)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at pc %2: %3 → &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; amb pc %2: %3 → &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;i&gt;This is the present moment.&lt;/i&gt;</source>
        <translation>&lt;i&gt;Aquest és el moment present.&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 = %2 cycles</source>
        <translation>%1 = %2 cicles</translation>
    </message>
    <message>
        <source>(the VMM is still handling this exit)</source>
        <translation>(la VMM encara gestiona aquesta sortida)</translation>
    </message>
    <message>
        <source>On the bare machine the trap entry saved the pc in EPC (%1), set CAUSE = %2 and TVAL = %3, switched to kernel mode with interrupts off and jumped to TVEC: the kernel handles it from there.</source>
        <translation>A la màquina nua, l’entrada del trap ha desat el pc a EPC (%1), ha fixat CAUSE = %2 i TVAL = %3, ha passat a mode nucli amb les interrupcions inhabilitades i ha saltat a TVEC: a partir d’aquí, el trap el gestiona el nucli.</translation>
    </message>
    <message>
        <source>Result: (not yet)</source>
        <translation>Resultat: (encara no)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Error&lt;/b&gt;: %1, %2</source>
        <translation>&lt;b&gt;Error&lt;/b&gt;: %1, %2</translation>
    </message>
    <message>
        <source>No result: it does not return to the instruction after the HCALL (pc afterwards %1)</source>
        <translation>Sense resultat: no torna a la instrucció que segueix l’HCALL (pc després: %1)</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Resultat: %1</translation>
    </message>
    <message>
        <source>1 word read from the guest&apos;s memory</source>
        <translation>1 paraula llegida de la memòria del guest</translation>
    </message>
    <message>
        <source>%1 words read from the guest&apos;s memory</source>
        <translation>%1 paraules llegides de la memòria del guest</translation>
    </message>
    <message>
        <source>unknown hypercall</source>
        <translation>hipercrida desconeguda</translation>
    </message>
    <message>
        <source>bad argument</source>
        <translation>argument incorrecte</translation>
    </message>
    <message>
        <source>address outside the guest&apos;s memory</source>
        <translation>adreça fora de la memòria del guest</translation>
    </message>
    <message>
        <source>nothing to read</source>
        <translation>no hi ha res per llegir</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; at cycle %2 · %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; al cicle %2 · %3</translation>
    </message>
    <message>
        <source>pc %1: %2</source>
        <translation>pc %1: %2</translation>
    </message>
    <message>
        <source>The VMM scanned %1 instructions from %2 before they first ran. Callouts (calls into the VMM instead of a trap) at: %3. The block continues at: %4.</source>
        <translation>La VMM ha examinat %1 instruccions a partir de %2 abans de la seva primera execució. Crides a la VMM (callouts, en lloc d’un trap) a: %3. El bloc continua a: %4.</translation>
    </message>
    <message>
        <source>The guest wrote %1 at %2, inside a translated block: the VMM dropped the block (from %3, %4 instructions); it is translated again when it next runs.</source>
        <translation>El guest ha escrit %1 a %2, dins d’un bloc traduït: la VMM ha descartat el bloc (des de %3, %4 instruccions); es tornarà a traduir la propera vegada que s’executi.</translation>
    </message>
    <message>
        <source>The CPU refused the VM entry (%1): %2. The guest is stopped.</source>
        <translation>La CPU ha refusat l’entrada a la MV (%1): %2. El guest s’ha aturat.</translation>
    </message>
    <message>
        <source>virtual clock</source>
        <translation>rellotge virtual</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Registre</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Abans</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Després</translation>
    </message>
    <message>
        <source>(not yet)</source>
        <translation>(pendent)</translation>
    </message>
</context>
</TS>
