"""Small hand-made questions of every kind, so the rules' tests do not depend on a pack."""

from __future__ import annotations

from quizgame.core.generate import Citation, Question

SOURCE = Citation("doc.txt", "A Book", "Page joined the Yardbirds in 1966.", "A Book, 2020")


def question(kind: str, n: int = 1) -> Question:
    base = dict(
        id=f"q{n}-{kind}",
        fact=f"f{n}",
        kind=kind,
        explanation="Because the book says so.",
        source=SOURCE,
        difficulty="medium",
        tags=(),
        answer_kind="band",
    )
    if kind == "choice":
        return Question(
            prompt="Which band did Page join in 1966?",
            answer="The Yardbirds",
            options=("The Who", "The Yardbirds", "Cream", "The Kinks"),
            **base,
        )
    if kind == "truefalse":
        return Question(
            prompt="Page became a Yardbird in 1966.",
            answer=True,
            options=("True", "False"),
            statement="Page became a Yardbird in 1966.",
            **base,
        )
    if kind == "order":
        return Question(
            prompt="Put these events in the order they happened, earliest first.",
            answer=("Yardbirds", "Led Zeppelin", "The Firm"),
            items=("The Firm", "Yardbirds", "Led Zeppelin"),
            **base,
        )
    if kind == "cloze":
        return Question(
            prompt="In 1966 Page joined _____.",
            answer="The Yardbirds",
            accepted=("The Yardbirds", "Yardbirds"),
            **base,
        )
    return Question(
        prompt="Which band did Page join in 1966?",
        answer="The Yardbirds",
        accepted=("The Yardbirds", "Yardbirds"),
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
