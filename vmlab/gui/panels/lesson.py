"""The lesson panel: the lesson's text, its questions and exercises, next/back.

It holds a LessonEngine (headless, vmlab.lessons) and shows its current step
in the interface language.  A step's actions play in chunks, one per frame,
so the window keeps refreshing.  The engine and the window share one
Session: when either replaces it, the other adopts the new one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDockWidget, QFileDialog, QFrame,
                               QGroupBox, QHBoxLayout, QInputDialog, QLabel, QLineEdit,
                               QMainWindow,
                               QProgressBar, QPushButton, QRadioButton, QScrollArea, QSizePolicy,
                               QSplitter, QStyle, QStyleOptionComboBox, QStylePainter,
                               QTextBrowser, QToolButton, QVBoxLayout, QWidget)

from ...lessons import LessonEngine, LessonError, load_lesson, shipped_lessons
from ...lessons.progress import ProgressStore
from ...messages import render
from .. import theme
from ..i18n import current_language
from ..panel import Panel
from .exercise_editor import FOLD, SCROLL, WRAP, ExerciseEditor, ExerciseResults, check_lines

FRAME_MS = 30
SAVE_SOURCE_MS = 800          # the student's program is saved this long after they stop typing
CYCLES_PER_FRAME = 150_000
TEXT_MIN_LINES = 4            # the step's text keeps at least this many lines in view
# On an exercise step the editor's lines come first: the step's text (the instructions)
# folds away when fewer than this many of its lines would be left beside the editor
# and the results, and "Show the instructions" brings it back.
INSTRUCTIONS_MIN_LINES = 3
RESULT_MIN_LINES = 3          # the results scroll rather than shrink below this
BOTTOM_KEEPS = 160            # an exercise's dock grows, the bottom panels keep this height


class LessonChooser(QComboBox):
    """The lesson picker.  Its list gives every lesson's whole title; closed, it
    says only "Lesson 3 of 7" (the title is written in full under it), so it is
    never cut however narrow the column, and never claims a lesson that is not open."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._display = ""

    def set_display_text(self, text: str) -> None:
        if text != self._display:
            self._display = text
            self.updateGeometry()
            self.update()

    def display_text(self) -> str:
        """The text shown on the closed picker."""
        return self._display or self.currentText()

    def _size_for(self, text: str) -> QSize:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        fm = self.fontMetrics()
        contents = QSize(fm.horizontalAdvance(text) + 4, fm.height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, contents, self)

    def sizeHint(self) -> QSize:
        return self._size_for(self.display_text())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        opt.currentText = self.display_text()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def showPopup(self) -> None:
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth()
                             + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        super().showPopup()


class _TitleLabel(QLabel):
    """The lesson's title: wrapped, or on one line ending in "…" (set_single_line; the
    whole title in its tooltip), where an exercise needs the height.  text() is whole."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.single_line = False

    def set_single_line(self, on: bool) -> None:
        if on != self.single_line:
            self.single_line = on
            self.setWordWrap(not on)
            self.updateGeometry()
            self.update()

    def shown_text(self) -> str:
        if not self.single_line:
            return self.text()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().minimumSizeHint()
        return QSize(20, self.fontMetrics().height()) if self.single_line else hint

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        hint = super().sizeHint()
        return QSize(min(hint.width(), 200), self.fontMetrics().height()) \
            if self.single_line else hint

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if not self.single_line:
            super().paintEvent(event)
            return
        shown = self.shown_text()
        self.setToolTip(self.text() if shown != self.text() else "")
        painter = QStylePainter(self)
        painter.drawItemText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft
                                                      | Qt.AlignmentFlag.AlignVCenter),
                             self.palette(), self.isEnabled(), shown, self.foregroundRole())


class _ChoiceText(QLabel):
    """A choice's text beside its radio button: wraps, and a click on it picks the choice."""

    def __init__(self, text: str, radio: QRadioButton, parent=None) -> None:
        super().__init__(text, parent)
        self.radio = radio
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)          # as tall as its wrapped lines, no more
        self.setSizePolicy(policy)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.radio.isEnabled():
            self.radio.click()
        super().mouseReleaseEvent(event)


class LessonPanel(Panel):
    panel_id = "lesson"
    focusPanel = Signal(str)          # a step asks the window to highlight a panel
    uiRequest = Signal(str, object)   # select-guest, open-panel, set-speed
    openFailed = Signal(str)          # a lesson file that cannot be used: the window's dialog

    def __init__(self, controller, parent=None, store: ProgressStore | None = None) -> None:
        super().__init__(controller, parent)
        self.store = store or ProgressStore()
        self.engine: LessonEngine | None = None
        self.runner = None
        self.lesson_path: Path | None = None
        self.failed_path: Path | None = None   # a lesson that failed to open: Reload tries it again
        self.errors: list[str] = []
        self._lessons = None            # the shipped lessons, read when first needed
        self._line_to_show: int | None = None   # an assembly error's line, to bring into view
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._play_chunk)
        self._build()
        controller.sessionReplaced.connect(self._adopt_window_session)
        self.retranslate()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        self.chooser = LessonChooser(self)
        self.chooser.setObjectName("lesson-chooser")
        self.chooser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.chooser.activated.connect(self._chosen)
        # The authors' Open lesson… and Reload lesson are in the window's File menu,
        # not on the student's panel (open_file_dialog, reload).
        top.addWidget(self.chooser)
        outer.addLayout(top)
        self._top = top

        self.error_box = QLabel(self)
        self.error_box.setObjectName("lesson-errors")
        self.error_box.setWordWrap(True)
        self.error_box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_box.setStyleSheet("QLabel { color: #b00020; }")
        self.error_box.hide()
        outer.addWidget(self.error_box)

        self.title_label = _TitleLabel(self)
        self.title_label.setObjectName("lesson-title")
        outer.addWidget(self.title_label)
        info = QHBoxLayout()
        self.step_label = QLabel(self)
        self.step_label.setObjectName("lesson-step")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.seed_label = QLabel(self)
        self.seed_button = QToolButton(self)
        self.seed_button.clicked.connect(self.change_seed)
        info.addWidget(self.step_label)
        info.addWidget(self.progress, 1)
        info.addWidget(self.seed_label)
        info.addWidget(self.seed_button)
        outer.addLayout(info)
        self._info = info

        # The step's text above, its question or exercise below; the student can
        # move the divider, and the lower part scrolls instead of squashing.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.text = QTextBrowser(self.splitter)
        self.text.setObjectName("lesson-text")
        self.text.setOpenExternalLinks(True)
        self.work_area = QScrollArea(self.splitter)
        self.work_area.setWidgetResizable(True)
        self.work_area.setFrameShape(QFrame.Shape.NoFrame)
        work = QWidget(self.work_area)
        work_layout = QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        self.work_area.setWidget(work)
        work.installEventFilter(self)     # its layout changes: fit the text again
        outer.addWidget(self.splitter, 1)

        self.question_box = QGroupBox(work)
        q = QVBoxLayout(self.question_box)
        self._question_margins = q.contentsMargins()
        self.prompt = QLabel(self.question_box)
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.MarkdownText)
        q.addWidget(self.prompt)
        self.choices_widget = QWidget(self.question_box)
        self.choices_layout = QVBoxLayout(self.choices_widget)
        self.choices_layout.setContentsMargins(0, 0, 0, 0)
        self.choices_layout.setSpacing(4)
        self.choice_texts: list[_ChoiceText] = []
        self.choice_group = QButtonGroup(self)
        q.addWidget(self.choices_widget)
        self.answer_edit = QLineEdit(self.question_box)
        self.answer_edit.setObjectName("lesson-answer")
        self.answer_edit.returnPressed.connect(self.check_answer)
        q.addWidget(self.answer_edit)
        buttons = QHBoxLayout()
        self.check_button = QPushButton(self.question_box)
        self.check_button.setObjectName("lesson-check")
        self.check_button.clicked.connect(self.check_answer)
        self.hint_button = QPushButton(self.question_box)
        self.hint_button.clicked.connect(self.show_hint)
        buttons.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.hint_button, 0, Qt.AlignmentFlag.AlignTop)
        # The feedback beside the buttons that asked for it, in view with the answer.
        self.feedback = QLabel(self.question_box)
        self.feedback.setObjectName("lesson-feedback")
        self.feedback.setWordWrap(True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.feedback.setSizePolicy(policy)
        self.feedback.setMinimumHeight(self.check_button.sizeHint().height())
        self.feedback.hide()
        buttons.addWidget(self.feedback, 1)
        self._feedback_room = QWidget(self.question_box)   # keeps the row's width when empty
        self._feedback_room.setSizePolicy(QSizePolicy.Policy.Expanding,
                                          QSizePolicy.Policy.Minimum)
        buttons.addWidget(self._feedback_room, 1)
        q.addLayout(buttons)
        self.hint_label = QLabel(self.question_box)
        self.hint_label.setObjectName("lesson-hint")
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.MarkdownText)
        self.hint_label.hide()
        q.addWidget(self.hint_label)
        work_layout.addWidget(self.question_box)

        self.exercise_box = QGroupBox(work)
        e = QVBoxLayout(self.exercise_box)
        # The exercise without a caption or a frame: their room goes to the editor
        # (Run says what to do; the step's text is above).
        self.exercise_box.setFlat(True)
        e.setContentsMargins(0, 2, 0, 0)
        e.setSpacing(4)
        # What to do, as a wrapped line (a group box's title would set the column's width).
        self.exercise_caption = QLabel(self.exercise_box)
        self.exercise_caption.setObjectName("lesson-exercise-caption")
        self.exercise_caption.setWordWrap(True)
        self.exercise_caption.hide()
        e.addWidget(self.exercise_caption)
        # Run above the program, so it is in view however long the program is.
        row = QHBoxLayout()
        self.run_exercise_button = QPushButton(self.exercise_box)
        self.run_exercise_button.setObjectName("lesson-run-exercise")
        self.run_exercise_button.clicked.connect(self.run_exercise)
        self.restore_button = QPushButton(self.exercise_box)
        self.restore_button.clicked.connect(self._restore_starter)
        self.exercise_hint_button = QPushButton(self.exercise_box)
        self.exercise_hint_button.setObjectName("lesson-exercise-hint")
        self.exercise_hint_button.clicked.connect(self.show_hint)
        row.addWidget(self.run_exercise_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.exercise_hint_button)
        row.addStretch(1)
        # The step's text folds away to leave the editor its lines; this brings it back.
        self.instructions_button = QToolButton(self.exercise_box)
        self.instructions_button.setObjectName("lesson-instructions")
        self.instructions_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.instructions_button.clicked.connect(self.toggle_instructions)
        row.addWidget(self.instructions_button)
        e.addLayout(row)
        self.exercise_hint_label = QLabel(self.exercise_box)
        self.exercise_hint_label.setObjectName("lesson-exercise-hint-text")
        self.exercise_hint_label.setWordWrap(True)
        self.exercise_hint_label.setTextFormat(Qt.TextFormat.MarkdownText)
        self.exercise_hint_label.hide()
        e.addWidget(self.exercise_hint_label)
        # The summary, each check with ✓ or ✗, how the program ended: one line each.
        self.exercise_result = ExerciseResults(self.exercise_box)
        self.exercise_result.setObjectName("lesson-exercise-result")
        self.exercise_result.linkActivated.connect(self._go_to_error)
        self.exercise_result.lineOpened.connect(self._refit)
        self.exercise_result.hide()
        self._instructions: bool | None = None   # None: folded only when room is short
        self._instructions_step = None
        self._reset_scroll = True
        self._grow = False                       # ask the window for the exercise's height
        e.addWidget(self.exercise_result)
        self.editor = ExerciseEditor(self.exercise_box)
        self.editor.setObjectName("lesson-editor")
        self.editor.textChanged.connect(self._source_edited)
        e.addWidget(self.editor, 1)
        self._source_timer = QTimer(self)
        self._source_timer.setSingleShot(True)
        self._source_timer.setInterval(SAVE_SOURCE_MS)
        self._source_timer.timeout.connect(self._save_source)
        work_layout.addWidget(self.exercise_box)

        # At the end of a lesson: the score, what was learned, the next lesson.
        self.completion_box = QGroupBox(work)
        self.completion_box.setObjectName("lesson-completion")
        c = QVBoxLayout(self.completion_box)
        self.completion_label = QLabel(self.completion_box)
        self.completion_label.setObjectName("lesson-completion-text")
        self.completion_label.setWordWrap(True)
        self.completion_label.setTextFormat(Qt.TextFormat.RichText)
        c.addWidget(self.completion_label)
        self.next_lesson_button = QPushButton(self.completion_box)
        self.next_lesson_button.setObjectName("lesson-next-lesson")
        self.next_lesson_button.clicked.connect(self.open_next_lesson)
        c.addWidget(self.next_lesson_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.completion_box.hide()
        work_layout.addWidget(self.completion_box)
        self._finished = False
        work_layout.addStretch(1)
        self._work_layout = work_layout
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

        nav = QHBoxLayout()
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("lesson-back")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("lesson-next")
        self.next_button.clicked.connect(self.next)
        self.playing_label = QLabel(self)
        self.playing_label.hide()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.playing_label)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        outer.addLayout(nav)
        self._nav = nav
        self._presenter = False
        self._lesson_mode = False
        self._exercise_rows = False      # an exercise step: Back and Next on the top row
        self.apply_style()

    def apply_style(self) -> None:
        self.title_label.setFont(theme.ui_font(12, bold=True))
        self.text.setFont(theme.ui_font(11))
        self.editor.setFont(theme.mono_font(10))
        self.prompt.setFont(theme.ui_font(11, bold=True))
        # The choices' buttons as large as their text, to be seen from the back.
        side = max(13, int(self.fontMetrics().height() * 0.8))
        self.choices_widget.setStyleSheet(
            f"QRadioButton::indicator {{ width: {side}px; height: {side}px; }}")
        self.chooser.updateGeometry()
        QTimer.singleShot(0, self, self._fit_text)

    def set_presenter(self, on: bool) -> None:
        """Presenter mode: the lesson for the room, its question in view.  Back, the
        step and Next share the picker's row; the seed and its button,
        the progress bar and the question's frame title are put away, so the text
        and the question have the column's height."""
        on = bool(on)
        if on == self._presenter:
            return
        self._presenter = on
        self._arrange()

    def set_lesson_mode(self, on: bool) -> None:
        """Lesson mode (working alone): Back, the step and Next share the picker's row
        and the exercise's caption is put away, so a 20-line editor, its Run button
        and the step's text fit a 720-pixel-high window; the seed and progress stay."""
        on = bool(on)
        if on == self._lesson_mode:
            return
        self._lesson_mode = on
        self._arrange()

    @property
    def lesson_mode(self) -> bool:
        return self._lesson_mode

    def _arrange(self) -> None:
        """The panel's rows for presenter mode, lesson mode, or neither."""
        on = self._presenter
        # An exercise step in the default layout too: its editor needs the nav row's room.
        compact = self._presenter or self._lesson_mode or self._exercise_rows
        for widget in (self.back_button, self.step_label, self.next_button):
            for layout in (self._top, self._info, self._nav):
                layout.removeWidget(widget)
        if compact:
            self._top.insertWidget(1, self.back_button)
            self._top.insertWidget(2, self.step_label)
            self._top.insertWidget(3, self.next_button)
        else:
            self._info.insertWidget(0, self.step_label)
            self._nav.insertWidget(0, self.back_button)
            self._nav.addWidget(self.next_button)
        self.step_label.setAlignment(Qt.AlignmentFlag.AlignCenter if compact
                                     else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # The seed and the progress bar are put away for the room in presenter mode, and
        # on an exercise step (its checks do not depend on the seed).
        for widget in (self.seed_label,
                       self.seed_button, self.progress):
            widget.setVisible(not on and not self._exercise_rows)
        self.question_box.setTitle("" if on else self.tr("Question"))
        self.question_box.setFlat(on)           # no frame: its room goes to the text
        self.layout().setSpacing(4 if on else -1)
        self.question_box.layout().setSpacing(4 if on else -1)
        self.question_box.layout().setContentsMargins(
            *((2, 2, 2, 2) if on else (self._question_margins.left(), self._question_margins.top(),
                                       self._question_margins.right(),
                                       self._question_margins.bottom())))
        QTimer.singleShot(0, self, self._fit_text)

    def _set_feedback(self, label, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        if label is self.feedback:
            self._feedback_room.setVisible(not text)
        self._refit()

    def _refit(self) -> None:
        QTimer.singleShot(0, self, self._fit_text)

    # ------------------------------------------------------------------ instructions
    def instructions_shown(self) -> bool:
        """The step's text in view (on an exercise step it may be folded away)."""
        return not self.text.isHidden()

    def toggle_instructions(self) -> None:
        """Show the step's text (the editor's lines may then scroll), or fold it away."""
        self._instructions = not self.instructions_shown()
        self._fit_text()

    def _update_instructions_button(self) -> None:
        shown = self.instructions_shown()
        text = (self.tr("▴ Hide the instructions") if shown
                else self.tr("▾ Show the instructions"))
        # A narrow panel: the short form, so that the row is never wider than the panel.
        button = self.instructions_button
        padding = button.sizeHint().width() - button.fontMetrics().horizontalAdvance(button.text())
        buttons = (self.run_exercise_button, self.restore_button, self.exercise_hint_button)
        used = sum(b.sizeHint().width() for b in buttons if not b.isHidden())
        spacing = max(0, self.exercise_box.layout().spacing())
        room = (self.width() - 2 * self.layout().contentsMargins().left() - used - 4 * spacing
                - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) - 4)
        full = text
        if button.fontMetrics().horizontalAdvance(text) + padding > room:
            text = ("▴ " if shown else "▾ ") + self.tr("Instructions")
        if button.fontMetrics().horizontalAdvance(text) + padding > room:
            text = "▴" if shown else "▾"          # narrower still: the arrow (its tooltip says)
        if button.text() != text:
            button.setText(text)
        button.setAccessibleName(full)
        tip = (self.tr("Fold the step's text away: more room for the program") if shown
               else self.tr("The step's text again, above the program"))
        self.instructions_button.setToolTip(f"{full.lstrip('▴▾ ')}: {tip}")

    # ------------------------------------------------------------------ text
    def title(self) -> str:
        return self.tr("Lesson")

    def retranslate(self) -> None:
        self.seed_button.setText(self.tr("Change…"))
        self.seed_button.setToolTip(self.tr("Use another seed (another set of numbers)"))
        self.question_box.setTitle("" if self._presenter else self.tr("Question"))
        self.check_button.setText(self.tr("Check"))
        self.hint_button.setText(self.tr("Hint"))
        self.exercise_caption.setText(
            self.tr("Exercise: edit the program, then assemble and run it"))
        self.run_exercise_button.setText(self.tr("Assemble and run"))
        self.restore_button.setText(self.tr("Start again"))
        self.exercise_hint_button.setText(self.tr("Hint"))
        self._update_instructions_button()
        self.completion_box.setTitle(self.tr("Lesson complete"))
        self.back_button.setText(self.tr("◀ Back"))
        self.next_button.setText(self.tr("Next ▶"))
        self.answer_edit.setPlaceholderText(self.tr("Your answer"))
        if self.engine is not None:
            self.engine.language = current_language()
        self._fill_chooser()
        self.show_step()

    # ------------------------------------------------------------------ lessons
    def _fill_chooser(self) -> None:
        lang = current_language()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        if self._lessons is None:       # read (and checked) once: it assembles programs
            self._lessons = shipped_lessons()
        for lesson in self._lessons:
            done, total = self.store.completion(lesson)
            mark = "✓ " if done == total else (f"{done}/{total} " if done else "")
            self.chooser.addItem(f"{mark}{lesson.order}. {lesson.title.get(lang)}", str(lesson.path))
        if self.lesson_path is not None:
            index = self.chooser.findData(str(self.lesson_path))
            if index < 0:
                self.chooser.addItem(self.lesson_path.name, str(self.lesson_path))
                index = self.chooser.count() - 1
            self.chooser.setCurrentIndex(index)
            shipped = len(self._lessons)
            self.chooser.set_display_text(
                self.tr("Lesson %1 of %2").replace("%1", str(index + 1))
                .replace("%2", str(shipped)) if index < shipped else self.lesson_path.name)
        else:
            # Nothing open: the picker says so, instead of showing lesson 1.
            self.chooser.setCurrentIndex(-1)
            self.chooser.set_display_text(self.tr("Choose a lesson…"))
        self.chooser.blockSignals(False)

    def _chosen(self, index: int) -> None:
        self.open_lesson(self.chooser.itemData(index))

    def open_file_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open lesson"), "",
                                              self.tr("Lessons (*.toml)"))
        if path:
            self.open_lesson(path)

    def open_lesson(self, path, seed: int | None = None) -> bool:
        """Load and start a lesson; on errors show them and keep the current one."""
        path = Path(path)
        try:
            lesson = load_lesson(path)
            engine = LessonEngine(lesson, seed=seed, store=self.store)
        except LessonError as err:
            language = current_language()
            self.errors = [render(issue, language) for issue in err.issues]
            self.error_box.setText(self.tr("This lesson has errors:") + "\n" +
                                   "\n".join(self.errors))
            self.error_box.show()
            self.failed_path = path
            self.openFailed.emit(render(err, language))
            return False
        self.failed_path = None
        self.errors = []
        self.error_box.hide()
        self._timer.stop()
        self._save_source()                      # the program of the lesson being left
        self.editor.setProperty("step", None)    # the new lesson's own, even for a same step id
        self._instructions_step = None
        self.lesson_path = path
        self.engine = engine
        self._finished = False
        self.store.remember_open(lesson.id)       # the next start opens it again
        engine.language = current_language()   # numbers read as the panels show them
        self.engine.session_listeners.append(self._engine_session)
        self.controller.replace_session(self.engine.session)
        self._fill_chooser()
        self._start(self.engine.go(self.engine.index))
        return True

    def _notice(self, text: str) -> None:
        """A problem the student should know of, in the red box above the lesson."""
        shown = self.error_box.text() if self.error_box.isVisible() else ""
        if text not in shown:
            self.error_box.setText(f"{shown}\n{text}" if shown else text)
        self.error_box.show()

    def _show_store_problems(self) -> None:
        """Progress that was damaged, or cannot be saved: said in the window, which goes on."""
        for warning in self.store.warnings:
            self._notice(warning)
        self.store.warnings.clear()
        problem = self.store.save_problem
        if problem:
            text = self.tr("Your progress cannot be saved (%1). The lesson goes on, but what you "
                           "do now is lost when vmlab closes.")
            self._notice(text.replace("%1", problem))

    def reload(self) -> None:
        """Read the lesson file again: the one that last failed to open (its author
        may have fixed it), else the open one."""
        self._lessons = None            # an author may have edited a shipped lesson
        if self.failed_path is not None:
            seed = self.engine.seed if self.engine and self.failed_path == self.lesson_path else None
            self.open_lesson(self.failed_path, seed)
        elif self.lesson_path is not None:
            seed = self.engine.seed if self.engine else None
            self.open_lesson(self.lesson_path, seed)

    def change_seed(self) -> None:
        if self.engine is None:
            return
        seed, ok = QInputDialog.getInt(self, self.tr("Seed"), self.tr(
            "Seed (the same seed always gives the same numbers):"), self.engine.seed, 0, 10**9)
        if ok:
            self.open_lesson(self.lesson_path, seed)

    # ------------------------------------------------------------------ sessions
    def _engine_session(self, session) -> None:
        if self.controller.session is not session:
            self.controller.replace_session(session)

    def _adopt_window_session(self) -> None:
        # The student opened another scenario or reset: questions use what they see.
        if self.engine is not None and self.engine.session is not self.controller.session:
            self.engine.session = self.controller.session

    # ------------------------------------------------------------------ steps
    def _start(self, runner) -> None:
        self.runner = runner
        self._show_store_problems()
        self.show_step()
        step = self.engine.step
        if step.panel:
            self.focusPanel.emit(step.panel)
        if runner is not None and not runner.done:
            self.playing_label.setText(self.tr("playing the step…"))
            self.playing_label.show()
            self.next_button.setEnabled(False)
            self.back_button.setEnabled(False)
            self._timer.start()
        else:
            self._actions_done()

    def _play_chunk(self) -> None:
        if self.runner is None or self.runner.advance(CYCLES_PER_FRAME):
            self._timer.stop()
            self._actions_done()
        self.controller.changed.emit()

    def _actions_done(self) -> None:
        self.playing_label.setText("")
        self.playing_label.hide()
        if self.runner is not None:
            for error in self.runner.errors:
                self._notice(error.get(current_language()))
        if self.engine is not None:
            self.next_button.setEnabled(True)
            self.back_button.setEnabled(self.engine.index > 0)
        if self.engine is not None:
            for kind, value in self.engine.ui_requests:
                self.uiRequest.emit(kind, value)
            self.engine.ui_requests.clear()
        self.controller.changed.emit()

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def next(self) -> None:
        if self.engine is None or self.playing:
            return
        self._save_source()
        runner = self.engine.next()
        if runner is not None:
            self._start(runner)
        else:
            self._finished = True              # Finish ✓: the completion message
            self.show_step()
        self._fill_chooser()
        self._show_store_problems()

    def back(self) -> None:
        if self.engine is None or self.playing:
            return
        self._save_source()
        self._finished = False
        runner = self.engine.back()
        if runner is not None:
            self._start(runner)

    def show_step(self) -> None:
        has = self.engine is not None
        for widget in (self.question_box, self.exercise_box, self.completion_box):
            widget.setVisible(False)
        self.back_button.setEnabled(has and self.engine.index > 0)
        self.next_button.setEnabled(has)
        if not has:
            self.title_label.setText(self.tr("No lesson open"))
            self.text.setMarkdown(self.tr("Choose a lesson above."))
            self.step_label.setText("")
            self.seed_label.setText("")
            return
        lang = current_language()
        engine, lesson = self.engine, self.engine.lesson
        step = engine.step
        self.title_label.setText(lesson.title.get(lang))
        n = len(lesson.steps)
        self.step_label.setText(self.tr("Step %1 of %2").replace("%1", str(engine.index + 1))
                                .replace("%2", str(n)))
        self.progress.setRange(0, n)
        self.progress.setValue(sum(1 for s in lesson.steps if engine.completed(s)))
        self.seed_label.setText(self.tr("Seed %1").replace("%1", str(engine.seed)))
        self.next_button.setText(self.tr("Finish ✓") if engine.at_end else self.tr("Next ▶"))
        self.text.setMarkdown(_smaller_headings(step.text.get(lang)))
        if self._instructions_step != step.id:      # a new step: its text shown, from its top
            self._instructions_step = step.id
            self._instructions = None
            self._reset_scroll = True
            self._grow = True
        if step.exercise is None:
            self.text.show()
        self._refit()
        self._set_feedback(self.feedback, "")
        self._set_feedback(self.hint_label, "")
        finished = self._finished and engine.at_end
        self.work_area.setVisible(step.question is not None or step.exercise is not None
                                  or finished)
        if finished:
            self._show_completion(lang)
        question = step.question
        if question is not None and not finished:   # finished: the completion in its place
            self.question_box.setVisible(True)
            self.prompt.setText(question.prompt.get(lang))
            self._build_choices(question, lang)
            record = engine.progress.answers.get(step.id)
            if record and record.get("correct"):
                self._set_feedback(self.feedback, self.tr("Already answered correctly."))
        # The Hint button only where the step has hints, on questions and exercises alike.
        self.hint_button.setVisible(bool(step.hints))
        self.exercise_hint_button.setVisible(bool(step.hints))
        self._set_feedback(self.exercise_hint_label, "")
        # An exercise takes the work area's height (its editor grows); a question its own.
        exercise = step.exercise is not None and not finished
        if exercise != self._exercise_rows:
            self._exercise_rows = exercise
            self._arrange()
            self.title_label.set_single_line(exercise)   # its second line: the editor's
        self._work_layout.setStretchFactor(self.exercise_box, 1 if exercise else 0)
        self._work_layout.setStretch(self._work_layout.count() - 1, 0 if exercise else 1)
        if exercise:
            self.exercise_box.setVisible(True)
            if self.editor.property("step") != step.id:
                self._save_source()            # the last exercise's program, if still pending
                self.editor.setProperty("step", None)   # no saving while it is replaced
                self.editor.setPlainText(engine.progress.sources.get(step.id,
                                                                     step.exercise.starter))
                self.editor.mark_errors([])
                self.editor.setProperty("step", step.id)
            self._set_feedback(self.exercise_result, "")

    def _fit_text(self) -> None:
        """The question (or exercise) gets the height it needs, so its choices and
        buttons are in view without scrolling; the step's text gets the rest, and
        never less than TEXT_MIN_LINES lines (then the question scrolls).  An exercise
        keeps its editor's VISIBLE_LINES: see _fit_exercise."""
        if self._reset_scroll:                         # every step is read from its top
            self.text.verticalScrollBar().setValue(0)
        exercise = self.exercise_box.isVisibleTo(self) and self.work_area.isVisibleTo(self)
        if not exercise and self.text.isHidden():
            self.text.show()
        if not self.work_area.isVisible():
            self._update_instructions_button()
            return
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        document = self.text.document()
        document.setTextWidth(self.text.viewport().width())
        frame = 2 * self.text.frameWidth()
        wanted = int(document.size().height()) + frame + 4
        least = int(self.text.fontMetrics().lineSpacing() * TEXT_MIN_LINES
                    + document.documentMargin() * 2) + frame
        work = self.work_area.widget()
        # (No invalidate() here: it posts a layout request, which would fit again, for ever.
        # A widget shown, hidden or resized has invalidated the layout already.)
        # Measured as narrow as with a scroll bar, so that its wrapped lines fit either way.
        width = (self.work_area.width() - 2 * self.work_area.frameWidth()
                 - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        needed = work.heightForWidth(width) if work.hasHeightForWidth() else -1
        if needed < 0:
            needed = work.sizeHint().height()
        needed += 2 * self.work_area.frameWidth() + 2
        if exercise:
            self._fit_exercise(total, needed, wanted)
        else:
            top = max(min(wanted, least), total - needed)
            top = max(0, min(top, total - 40))
            self.splitter.setSizes([top, total - top])
        self._update_instructions_button()
        if self._reset_scroll:
            self.work_area.verticalScrollBar().setValue(0)
            self._reset_scroll = False
        if self._line_to_show is not None:      # an assembly error's line, in view
            self._show_editor_line()

    def _fit_exercise(self, total: int, needed: int, wanted: int) -> None:
        """An exercise: the editor keeps VISIBLE_LINES lines under Run.  The results
        (summary, every check, the end state) take what they need; the step's text
        gets what is left, and folds away when that is fewer than
        INSTRUCTIONS_MIN_LINES lines (the student may show it again).  Short of room,
        the results fold to one line each, then scroll."""
        results = self.exercise_result
        has_results = results.isVisibleTo(self) and bool(results.lines)
        current = results.maximumHeight() if results.isVisibleTo(self) else 0
        base = needed - current                   # the work area without the results
        width = max(40, self.editor.width())
        full = results.natural_height(width, WRAP) + 2 if has_results else 0
        handle = self.splitter.handleWidth()
        lines = self.text.fontMetrics().lineSpacing()
        margin = 2 * self.text.document().documentMargin() + 2 * self.text.frameWidth()
        fold_at = int(lines * INSTRUCTIONS_MIN_LINES + margin)
        room = total - handle - base - full       # for the text, the results whole
        if self._instructions is None:
            shown = room >= fold_at
        else:
            shown = self._instructions
        if shown:
            top = max(fold_at if self._instructions else 0, min(wanted, room))
            top = max(fold_at, top) if self._instructions else top
            top = max(0, min(top, total - 40))
            self.text.show()
            self.splitter.setSizes([top, total - top - handle])
            available = total - top - handle - base
        else:
            self.text.hide()
            self.splitter.setSizes([0, total])
            available = total - base
        # A dock too short for the editor, the results and a few lines of the text (the
        # default layout shares the column with the code view): ask the window for the
        # rest, once a step and once a run, so that a student who shrinks it again is
        # not overruled.
        short = full - available + (fold_at + handle if self._instructions is None else 0)
        if self._grow and short > 0 and not shown:
            self.grow_dock(short + 2)
        self._grow = False
        if has_results:
            folded = results.natural_height(width, FOLD) + 2
            least = results.fontMetrics().height() * RESULT_MIN_LINES
            if full <= available:
                level, height = WRAP, full
            elif folded <= available:
                level, height = FOLD, folded
            else:
                level, height = SCROLL, max(least, min(folded, available))
            results.set_level(level)
            results.set_room(height)

    def grow_dock(self, extra: int) -> None:
        """Make the lesson's dock `extra` pixels taller, when it is docked in a window:
        from the bottom panels (kept BOTTOM_KEEPS high) when they run under it, then
        from the docks above and below it in its column."""
        dock = self.parentWidget()
        window = dock.parentWidget() if isinstance(dock, QDockWidget) else None
        if not isinstance(window, QMainWindow) or dock.isFloating() or dock.isHidden():
            return
        _grow_in_column(window, dock, extra)

    def _show_editor_line(self) -> None:
        line, self._line_to_show = self._line_to_show, None
        if line is None or not self.editor.isVisible():
            return
        self.editor.go_to_line(line)
        rect = self.editor.cursorRect()
        centre = self.editor.viewport().mapTo(self.work_area.widget(), rect.center())
        self.work_area.ensureVisible(centre.x(), centre.y(), 10, 2 * rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched is self.work_area.widget():
            QTimer.singleShot(0, self, self._fit_text)
        return super().eventFilter(watched, event)

    def _build_choices(self, question, lang: str) -> None:
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
        for row in self.choices_widget.findChildren(QWidget, "lesson-choice-row"):
            self.choices_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.choice_texts = []
        is_choice = question.kind == "choice"
        self.choices_widget.setVisible(is_choice)
        self.answer_edit.setVisible(not is_choice)
        self.answer_edit.clear()
        if not is_choice:
            return
        # A radio button beside a label that wraps: long choices stay whole.
        for i, choice in enumerate(question.choices):
            text = choice.get(lang)
            row = QWidget(self.choices_widget)
            row.setObjectName("lesson-choice-row")
            radio = QRadioButton(row)
            radio.setObjectName(f"lesson-choice-{i}")
            radio.setAccessibleName(text)
            label = _ChoiceText(text, radio, row)
            label.setObjectName(f"lesson-choice-text-{i}")
            column = QVBoxLayout()            # the button level with the first line
            column.setContentsMargins(0, 0, 0, 0)
            column.addSpacing(max(0, (label.fontMetrics().height()
                                      - radio.sizeHint().height()) // 2))
            column.addWidget(radio)
            column.addStretch(1)
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(6)
            layout.addLayout(column)
            layout.addWidget(label, 1)
            self.choice_group.addButton(radio, i)
            self.choices_layout.addWidget(row)
            self.choice_texts.append(label)
            row.show()            # now, so that the question's height counts it

    # ------------------------------------------------------------------ answering
    def current_answer(self):
        question = self.engine.step.question
        if question.kind == "choice":
            return self.choice_group.checkedId()
        return self.answer_edit.text()

    def check_answer(self) -> None:
        if self.engine is None or self.engine.step.question is None:
            return
        value = self.current_answer()
        self.engine.language = current_language()
        if value in (-1, ""):
            self._set_feedback(self.feedback, self.tr("Answer first, then check."))
            return
        result = self.engine.answer(value)
        lang = current_language()
        tries = self.tr("attempt %1").replace("%1", str(result.attempts))
        color = "#1f8a3b" if result.correct else "#b00020"
        mark = "✓" if result.correct else "✗"
        self._set_feedback(self.feedback, f"<span style='color:{color}'><b>{mark}</b> "
                           f"{_html(result.message.get(lang))}</span> <i>({tries})</i>")
        self.progress.setValue(sum(1 for s in self.engine.lesson.steps
                                   if self.engine.completed(s)))
        self._fill_chooser()
        self._show_store_problems()

    def show_hint(self) -> None:
        if self.engine is None:
            return
        hint = self.engine.hint()
        self._show_store_problems()
        label = self.exercise_hint_label if self.engine.step.exercise else self.hint_label
        self._set_feedback(label, hint.get(current_language()) if hint else
                           self.tr("No hint for this step."))

    # ------------------------------------------------------------------ the end
    def _next_lesson(self):
        """The shipped lesson after the open one (None: the last, or not a shipped one)."""
        if self._lessons is None or self.lesson_path is None:
            return None
        paths = [Path(lesson.path) for lesson in self._lessons]
        if self.lesson_path not in paths:
            return None
        index = paths.index(self.lesson_path) + 1
        return self._lessons[index] if index < len(self._lessons) else None

    def score(self) -> tuple[int, int, int]:
        """(questions right at the first attempt, questions, attempts at questions and
        exercises)."""
        engine = self.engine
        first = questions = attempts = 0
        for step in engine.lesson.steps:
            record = engine.progress.answers.get(step.id, {})
            attempts += record.get("attempts", 0)
            if step.question is not None:
                questions += 1
                first += bool(record.get("correct") and record.get("attempts") == 1)
        return first, questions, attempts

    def _show_completion(self, lang: str) -> None:
        first, questions, attempts = self.score()
        lesson = self.engine.lesson
        done = self.tr("You have finished “%1”.").replace("%1", lesson.title.get(lang))
        parts = [f"<p><b>✓ {_html(done)}</b></p>"]
        score = (self.tr("Questions right at the first attempt: %1 of %2.")
                 .replace("%1", str(first)).replace("%2", str(questions)))
        tries = self.tr("Attempts in all (questions and exercises): %1.").replace("%1",
                                                                                str(attempts))
        parts.append(f"<p>{_html(score)}<br>{_html(tries)}</p>")
        summary = lesson.summary.get(lang) if lesson.summary else ""
        if summary:
            learned = self.tr("What you have learned:")
            parts.append(f"<p><b>{_html(learned)}</b> {_html(summary)}</p>")
        following = self._next_lesson()
        if following is not None:
            title = following.title.get(lang)
            self.next_lesson_button.setText(self.tr("Next lesson: %1 ▶").replace("%1", title))
            self.next_lesson_button.show()
        else:
            last = self.tr("This was the last lesson of the course.")
            parts.append(f"<p>{_html(last)}</p>")
            self.next_lesson_button.hide()
        self.completion_label.setText("".join(parts))
        self.completion_box.show()

    def open_next_lesson(self) -> None:
        following = self._next_lesson()
        if following is not None:
            self.open_lesson(following.path)

    def _restore_starter(self) -> None:
        if self.engine is not None and self.engine.step.exercise is not None:
            self.editor.setPlainText(self.engine.step.exercise.starter)
            self.editor.mark_errors([])

    def _source_edited(self) -> None:
        if self.editor.property("step") is not None:
            self._source_timer.start()

    def _save_source(self) -> None:
        """The student's program kept with their progress (per exercise step)."""
        self._source_timer.stop()
        step_id = self.editor.property("step")
        if self.engine is None or step_id is None:
            return
        step = next((s for s in self.engine.lesson.steps if s.id == step_id), None)
        if step is None or step.exercise is None:
            return
        source = self.editor.toPlainText()
        sources = self.engine.progress.sources
        if source == step.exercise.starter:
            if sources.pop(step_id, None) is None:
                return
        elif sources.get(step_id) == source:
            return
        else:
            sources[step_id] = source
        self.engine.save()
        self._show_store_problems()

    def _go_to_error(self, link: str) -> None:
        if link.startswith("line:"):
            self._line_to_show = int(link[5:])
            self._show_editor_line()

    def run_exercise(self) -> None:
        if self.engine is None or self.engine.step.exercise is None:
            return
        self._save_source()
        exercise = self.engine.step.exercise
        result = self.engine.submit_exercise(self.editor.toPlainText())
        lang = current_language()
        if result.assembly_errors:
            heading = self.tr("The program does not assemble:")
            lines = [(f"<b>{_html(heading)}</b>", "head")]
            if result.assembly_error is not None:
                marked = []
                for error in result.assembly_error.errors:
                    text = _html(_short_error(error, lang))
                    if error.line > 0:
                        marked.append(error.line)
                        where = self.tr("line %1").replace("%1", str(error.line))
                        text = f"<a href='line:{error.line}'>{where}</a> · {text}"
                    lines.append((f"<span style='color:#b00020'>{text}</span>", "error"))
                self.editor.mark_errors(marked)
                self._line_to_show = marked[0] if marked else None
            else:
                lines.append((_html(result.assembly_errors).replace("\n", "<br>"), "error"))
        elif result.problem is not None:
            self.editor.mark_errors([])
            lines = [("✗ " + _html(result.problem.get(lang)), "fail")]
        else:
            self.editor.mark_errors([])
            head = ("✓ " + self.tr("All %1 checks pass. Well done!").replace("%1", str(result.total))
                    if result.ok else self.tr("%1 of %2 checks pass.")
                    .replace("%1", str(result.passed)).replace("%2", str(result.total)))
            lines = [(f"<b>{_html(head)}</b>", "head")]
            # Each check by its number: a passed one shows what it tests (its explanation
            # says what is wrong when it fails), a failed one its explanation.
            for n, ((passed, explain), check) in enumerate(
                    zip(check_lines(exercise, result), exercise.checks), 1):
                name = self.tr("Check %1:").replace("%1", str(n))
                if passed:
                    lines.append((f"<span style='color:#1f8a3b'>✓ {_html(name)} "
                                  f"<code>{_html(check.expect_text)}</code></span>", "pass"))
                else:
                    lines.append((f"<span style='color:#b00020'>✗ {_html(name)} "
                                  f"{_html(explain.get(lang))}</span>", "fail"))
            lines.append((f"<i>{_html(self.end_state(result.stop, exercise.max_cycles))}</i>",
                          "end"))
        self.exercise_result.set_lines(lines)
        self.exercise_result.setVisible(bool(lines))
        self._grow = True
        self._refit()
        self.progress.setValue(sum(1 for s in self.engine.lesson.steps
                                   if self.engine.completed(s)))
        self._fill_chooser()
        self._show_store_problems()

    def end_state(self, stop: str, max_cycles: int) -> str:
        """How the student's program ended, in words (its last line is not a crash)."""
        if stop == "halt":
            return self.tr("Your program ended normally: it ran its halt instruction.")
        if stop == "stalled":
            return self.tr("Your program stopped: it waits for input that never comes.")
        if stop == "cycle-limit":
            return self.tr("Your program was stopped after %1 cycles without reaching halt "
                           "(a loop that never ends?).").replace("%1", theme.fmt_int(max_cycles))
        return self.tr("Your program was stopped by a trap before reaching halt.")

    def refresh(self) -> None:
        """The lesson text does not follow every cycle; nothing to do per frame."""


def _grow_in_column(window, dock, extra: int) -> None:
    """A dock `extra` pixels taller: the bottom panels give what they have above
    BOTTOM_KEEPS when they run under its column, the docks above and below it in its
    column the rest, in proportion (each keeps its minimum).  One resizeDocks call
    with every size: given one dock's size, QMainWindow meets it only part of the way
    (it spreads the difference over the others)."""
    area, geo, vertical = window.dockWidgetArea(dock), dock.geometry(), Qt.Orientation.Vertical
    visible = [d for d in window.findChildren(QDockWidget)      # not behind another's tab
               if d is not dock and d.isVisible() and not d.isFloating()
               and not d.visibleRegion().isEmpty()]
    others = [d for d in visible if window.dockWidgetArea(d) == area
              and d.geometry().top() != geo.top()
              and d.geometry().left() < geo.right() and d.geometry().right() > geo.left()]
    bottom_area = Qt.DockWidgetArea.BottomDockWidgetArea
    bottom = next((d for d in visible if window.dockWidgetArea(d) == bottom_area), None)
    give = 0
    if bottom is not None and window.corner(Qt.Corner.BottomLeftCorner) == bottom_area:
        give = min(extra, max(0, bottom.height() - BOTTOM_KEEPS))
    column = dock.height() + sum(d.height() for d in others) + give
    target = min(dock.height() + extra, column - sum(d.minimumSizeHint().height()
                                                     for d in others))
    if target <= dock.height():
        return
    rest, had = column - target, max(1, sum(d.height() for d in others))
    docks = [dock] + others
    sizes = [target] + [max(d.minimumSizeHint().height(), d.height() * rest // had)
                        for d in others]
    if give:
        docks.append(bottom)
        sizes.append(bottom.height() - give)
    window.resizeDocks(docks, sizes, vertical)


def _smaller_headings(markdown: str) -> str:
    """Lesson headings at a panel's scale: '#' becomes '###' (Qt's H1 is poster-sized)."""
    import re
    return re.sub(r"^(#{1,4})(?=\s)", lambda m: "#" * min(6, len(m.group(1)) + 2), markdown,
                  flags=re.MULTILINE)


def _short_error(error, lang: str) -> str:
    """An assembly error without its file, line and source line (the editor marks the
    line): 'error: unknown mnemonic …', then its hint."""
    lines = error.format(lang).split("\n")
    head = lines[0]
    where = f"{error.file}:{error.line}:{error.col}: "
    if head.startswith(where):
        head = head[len(where):]
    rest = [line.strip() for line in lines[1:]
            if line.strip() and line.strip() != error.text.strip() and line.strip() != "^"]
    return " — ".join([head] + rest)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

