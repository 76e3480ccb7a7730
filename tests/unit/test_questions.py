"""Each kind of question checks its own answers and says its own right answer."""

from __future__ import annotations

import pytest

from quizgame.core.generate import (
    ChoiceQuestion,
    Citation,
    OrderQuestion,
    TrueFalseQuestion,
    TypedQuestion,
)

COMMON = dict(
    fact="page-yardbirds",
    explanation="Page joined the Yardbirds in 1966.",
    source=Citation("doc.txt", "A Book", "In 1966 Page joined the Yardbirds.", "A Book, 2020"),
    difficulty="medium",
    tags=(),
    answer_kind="band",
)
CHOICE = ChoiceQuestion(
    id="c",
    prompt="Which band did Page join in 1966?",
    answer="The Yardbirds",
    options=("Cream", "The Yardbirds", "The Who", "The Kinks"),
    **COMMON,
)
FALSE = TrueFalseQuestion(id="t", prompt="Page joined Cream in 1966.", answer=False, **COMMON)
TYPED = TypedQuestion(
    id="y",
    prompt="Which band did Page join in 1966?",
    answer="The Yardbirds",
    accepted=("The Yardbirds", "Yardbirds"),
    rivals=("The Byrds",),
    **COMMON,
)
CLOZE = TypedQuestion(
    id="z",
    prompt="In 1966 Page joined _____.",
    answer="the Yardbirds",
    accepted=("the Yardbirds", "Yardbirds"),
    rivals=(),
    blank=True,
    **COMMON,
)
ORDER = OrderQuestion(
    id="o",
    prompt="Put these events in the order they happened, earliest first.",
    answer=("Yardbirds", "Led Zeppelin", "The Firm"),
    items=("The Firm", "Yardbirds", "Led Zeppelin"),
    item_facts=("firm", "yardbirds", "zeppelin"),
    item_dates=("1984", "1966", "1968"),
    **COMMON,
)


def test_each_class_names_its_kind_as_the_exports_write_it() -> None:
    kinds = [q.kind for q in (CHOICE, FALSE, TYPED, CLOZE, ORDER)]
    assert kinds == ["choice", "truefalse", "typed", "cloze", "order"]


@pytest.mark.parametrize(
    ("question", "given", "verdict", "shown"),
    [
        (CHOICE, 1, (True, True), "The Yardbirds"),
        (CHOICE, "Cream", (False, True), "Cream"),
        (FALSE, False, (True, True), "False"),
        (FALSE, True, (False, True), "True"),
        (TYPED, "yardbirds", (True, True), "yardbirds"),
        (TYPED, "Yardbrids", (True, False), "Yardbrids"),  # a typo is forgiven, not exact
        (TYPED, "The Byrds", (False, False), "The Byrds"),  # a rival is not a typo
        (CLOZE, "Yardbirds", (True, True), "Yardbirds"),
        (ORDER, ("Yardbirds", "Led Zeppelin", "The Firm"), (True, True), None),
        (ORDER, ("The Firm", "Yardbirds", "Led Zeppelin"), (False, True), None),
    ],
)
def test_a_question_checks_and_shows_back_its_own_kind_of_answer(
    question, given, verdict, shown
) -> None:
    assert question.check(given) == verdict
    assert question.given_text(given) == (shown or " → ".join(given))


def test_the_right_answer_reads_as_a_teacher_marks_it() -> None:
    assert CHOICE.answer_text() == "B) The Yardbirds"
    assert CHOICE.answer_text(numbered=True) == "2  The Yardbirds"  # as the game numbers keys
    assert FALSE.answer_text() == "False"
    assert TYPED.answer_text() == "The Yardbirds  (also accepted: Yardbirds)"
    assert ORDER.answer_text() == "Yardbirds → Led Zeppelin → The Firm"


def test_only_an_answer_that_can_stand_in_the_quote_is_marked_there() -> None:
    assert CHOICE.answer_words() == ("The Yardbirds",)
    assert set(CLOZE.answer_words()) == {"the Yardbirds", "Yardbirds"}
    # "True"/"False" and a timeline's order are not words of the source quote.
    assert FALSE.answer_words() == ()
    assert ORDER.answer_words() == ()


def test_a_true_false_question_picks_from_true_and_false() -> None:
    assert FALSE.options == ("True", "False")
    assert FALSE.correct_index == 1
    assert CHOICE.correct_index == 1
