"""Small hand-made questions of every kind, so the rules' tests do not depend on a pack."""

from __future__ import annotations

from quizgame.core.generate import (
    ChoiceQuestion,
    Citation,
    OrderQuestion,
    Question,
    TrueFalseQuestion,
    TypedQuestion,
)

SOURCE = Citation("doc.txt", "A Book", "Page joined the Yardbirds in 1966.", "A Book, 2020")


def question(kind: str, n: int = 1) -> Question:
    base = dict(
        id=f"q{n}-{kind}",
        fact=f"f{n}",
        explanation="Because the book says so.",
        source=SOURCE,
        difficulty="medium",
        tags=(),
        answer_kind="band",
    )
    if kind == "choice":
        return ChoiceQuestion(
            prompt="Which band did Page join in 1966?",
            answer="The Yardbirds",
            options=("The Who", "The Yardbirds", "Cream", "The Kinks"),
            **base,
        )
    if kind == "truefalse":
        return TrueFalseQuestion(
            prompt="Page became a Yardbird in 1966.",
            answer=True,
            **base,
        )
    if kind == "order":
        return OrderQuestion(
            prompt="Put these events in the order they happened, earliest first.",
            answer=("Yardbirds", "Led Zeppelin", "The Firm"),
            items=("The Firm", "Yardbirds", "Led Zeppelin"),
            item_facts=("f3", "f1", "f2"),
            item_dates=("1984", "1966", "1968"),
            **base,
        )
    if kind == "cloze":
        return TypedQuestion(
            prompt="In 1966 Page joined _____.",
            answer="The Yardbirds",
            accepted=("The Yardbirds", "Yardbirds"),
            rivals=(),
            blank=True,
            **base,
        )
    return TypedQuestion(
        prompt="Which band did Page join in 1966?",
        answer="The Yardbirds",
        accepted=("The Yardbirds", "Yardbirds"),
        rivals=(),
        **base,
    )


RIGHT = {
    "choice": 1,
    "truefalse": True,
    "typed": "yardbirds",
    "cloze": "The Yardbirds",
    "order": ["Yardbirds", "Led Zeppelin", "The Firm"],
}
WRONG = {
    "choice": 0,
    "truefalse": False,
    "typed": "Cream",
    "cloze": "Cream",
    "order": ["The Firm", "Yardbirds", "Led Zeppelin"],
}
KINDS = ("choice", "truefalse", "typed", "cloze", "order")


def every_kind() -> list[Question]:
    return [question(kind, n) for n, kind in enumerate(KINDS, start=1)]
