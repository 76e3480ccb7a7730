"""What an exporter is given: the pack, one form's questions, the settings, a place for warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizgame.core.generate import Question, QuizSettings
from quizgame.core.packs import Pack


@dataclass
class ExportJob:
    pack: Pack
    questions: list[Question]
    settings: QuizSettings
    form: str = "A"
    variants: int = 1
    answer_key: bool = False  # write the key for this form instead of the questions
    warnings: list[str] = field(default_factory=list)
    left_out: int = 0  # questions the writer could not hold (each named in a warning)
    cut: int = 0  # texts the writer had to shorten (each named in a warning)

    @property
    def title(self) -> str:
        return self.pack.title if self.variants == 1 else f"{self.pack.title} (form {self.form})"
