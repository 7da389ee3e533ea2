"""Lessons: bilingual scripts that drive a scenario and check the answers (no Qt)."""

from .engine import ActionRunner, ExerciseResult, Feedback, LessonEngine, draw_parameters
from .loader import LessonError, LessonIssue, find_lesson, load_lesson, shipped_lessons
from .model import Lesson, Step, Text

__all__ = ["ActionRunner", "ExerciseResult", "Feedback", "Lesson", "LessonEngine", "LessonError",
           "LessonIssue", "Step", "Text", "draw_parameters", "find_lesson", "load_lesson",
           "shipped_lessons"]
