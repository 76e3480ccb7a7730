"""A whole class game in a real browser: Debian's Chromium driven by Playwright, three students
in three browser contexts against ``quizgame classroom --headless`` on loopback."""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from .hostproc import COUNT, SEED, Host, expected_questions

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"
)
HOW = ("tap", "click", "keyboard")  # the phone by touch, the laptops by mouse and by keyboard
TIMEOUT = 15_000  # ms: a generous bound on a loaded two-core machine, not a measurement


def press(button, how: str) -> None:
    """A touch (tap), a mouse click, or the keyboard (focus, then Enter)."""
    if how == "tap":
        button.tap()
    elif how == "keyboard":
        button.focus()
        button.press("Enter")
    else:
        button.click()


def answer(page: Page, q, right: bool, how: str) -> None:
    if q.kind in ("choice", "truefalse"):
        index = q.correct_index if right else (q.correct_index + 1) % len(q.options)
        press(page.locator(f"button.option-{index}"), how)
    elif q.kind in ("typed", "cloze"):
        page.fill("#typed", str(q.answer) if right else "Nobody at all")
        page.keyboard.press("Enter")
    else:  # order: arrange with the ▲ buttons (by touch or keyboard), then send
        target = list(q.answer) if right else list(reversed(q.answer))
        for position, item in enumerate(target):
            items = page.locator("ol.order li .item").all_inner_texts()
            for _ in range(items.index(item) - position):
                press(page.get_by_role("button", name=f"Move up: {item}"), how)
        expect(page.locator("ol.order li .item")).to_have_text(target)
        press(page.get_by_role("button", name="Send this order"), how)
    # "Your answer: ..." while others answer; the last one's page may go straight to the result.
    expect(page.locator(".waiting, .verdict").first).to_be_visible(timeout=TIMEOUT)


def test_three_students_play_a_whole_game_in_chromium(tmp_path: Path, timeline_pack_path) -> None:
    questions = expected_questions(timeline_pack_path)
    assert {q.kind for q in questions} == {"choice", "truefalse", "typed", "cloze", "order"}
    results = tmp_path / "results.csv"
    shots = Path(os.environ.get("QUIZGAME_SCREENSHOTS", tmp_path))
    host = Host(
        tmp_path / "data",
        results,
        *("--pack", str(timeline_pack_path), "--seed", SEED, "--questions", str(COUNT)),
    )
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM))
            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            desk = browser.new_context(viewport={"width": 1280, "height": 800})
            third = browser.new_context(viewport={"width": 800, "height": 900})
            pages = [ctx.new_page() for ctx in (phone, desk, third)]
            errors: list[str] = []
            frames: list[dict] = []
            for page in pages:
                page.on("pageerror", lambda exc: errors.append(str(exc)))
                page.on(
                    "websocket",
                    lambda ws: ws.on("framereceived", lambda f: frames.append(json.loads(f))),
                )
            names = ["Ana", "<script>alert(1)</script>"[:20], "Cy"]
            for page, name in zip(pages, names, strict=True):
                page.goto(host.url)
                page.fill("#code", "000000")
                page.fill("#name", name)
                page.click("button.send")
                expect(page.locator("#notice")).to_contain_text("not the code", timeout=TIMEOUT)
                page.fill("#code", host.code)
                page.click("button.send")
                expect(page.locator("h1")).to_have_text("You're in!", timeout=TIMEOUT)
                host.expect("joined ")
            # A hostile name is shown as text on the page, never run.
            expect(pages[1].locator("#me")).to_have_text(names[1])
            pages[0].screenshot(path=str(shots / "student-lobby-phone.png"))

            right = {"Ana": 0, names[1]: 0, "Cy": 0}
            for i, q in enumerate(questions):
                host.say("next")
                host.expect(f"question {i + 1}/")
                for page in pages:
                    expect(page.locator(".question .meta")).to_have_text(
                        f"Question {i + 1} of {COUNT}", timeout=TIMEOUT
                    )
                if i == 0:
                    pages[0].screenshot(path=str(shots / "student-question-phone.png"))
                    pages[1].screenshot(path=str(shots / "student-question-desktop.png"))
                if q.kind == "order":
                    pages[0].screenshot(path=str(shots / "student-order-phone.png"))
                plan = {"Ana": True, names[1]: i % 2 == 0, "Cy": i != 2}
                for page, name, how in zip(pages, names, HOW, strict=True):
                    answer(page, q, plan[name], how)
                    right[name] += plan[name]
                host.expect("reveal")  # everyone answered: it closes without waiting
                for page, name in zip(pages, names, strict=True):
                    verdict = "Right!" if plan[name] else "Wrong"
                    expect(page.locator(".verdict")).to_have_text(verdict, timeout=TIMEOUT)
                    expect(page.locator("blockquote")).to_have_text(q.source.quote)
                if i == 0:
                    pages[0].screenshot(path=str(shots / "student-reveal-phone.png"))
                    pages[1].screenshot(path=str(shots / "student-reveal-desktop.png"))
                host.say("next")
                host.expect("leaderboard")
                expect(pages[0].locator("ol.board li").first).to_contain_text("Ana")
                if i == 1:  # Cy reloads mid-game: same seat, same score
                    before = pages[2].locator("#score").inner_text()
                    assert before != "0 points"
                    pages[2].reload()
                    expect(pages[2].locator("#me")).to_have_text("Cy", timeout=TIMEOUT)
                    expect(pages[2].locator("#score")).to_have_text(before)
                    expect(pages[2].locator(".verdict")).to_be_visible()
            host.say("next")
            results_line = host.expect("Results written to ")
            for page in pages:
                expect(page.locator("h1")).to_have_text("Game over", timeout=TIMEOUT)
            expect(pages[0].locator(".big")).to_have_text("You came 1st of 3")
            pages[0].screenshot(path=str(shots / "student-podium-phone.png"))
            assert errors == []
            # What reached the browsers while a question was open: never its answer or source.
            open_states = [f for f in frames if f.get("phase") == "question"]
            assert len(open_states) >= 3 * COUNT
            for state in open_states:
                q = questions[state["question"]["number"] - 1]
                assert "result" not in state
                assert q.source.quote not in json.dumps(state, ensure_ascii=False)
            browser.close()
    finally:
        host.say("quit")
        host.stop()
    assert Path(results_line.removeprefix("Results written to ")) == results.resolve()
    with open(results, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows][0] == "Ana"
    assert {r["name"]: int(r["right answers"]) for r in rows} == right
    assert rows[0]["rank"] == "1"
    for r in rows:
        assert sum(int(r[f"Q{n} points"]) for n in range(1, COUNT + 1)) == int(r["total points"])


def test_the_page_rides_out_the_host_going_away_and_coming_back(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    host = Host(tmp_path / "data", results, "--seed", SEED, "--questions", str(COUNT))
    port = host.url.rsplit(":", 1)[1].strip("/")
    again = None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM))
            page = browser.new_page(viewport={"width": 390, "height": 844})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(host.url)
            page.fill("#code", host.code)
            page.fill("#name", "Ana")
            page.click("button.send")
            expect(page.locator("h1")).to_have_text("You're in!", timeout=TIMEOUT)
            host.say("next")
            expect(page.locator(".question")).to_be_visible(timeout=TIMEOUT)
            host.proc.kill()
            host.proc.wait(timeout=10)
            expect(page.locator("#banner")).to_contain_text("Connection lost", timeout=TIMEOUT)
            time.sleep(1.5)  # the page keeps trying while nothing answers
            again = Host(tmp_path / "data", results, "--resume", "--port", port)
            expect(page.locator("#banner")).to_be_hidden(timeout=TIMEOUT)
            expect(page.locator(".question .meta")).to_have_text(
                f"Question 1 of {COUNT}", timeout=TIMEOUT
            )
            expect(page.locator("#me")).to_have_text("Ana")
            assert errors == []
            browser.close()
    finally:
        host.stop()
        if again is not None:
            again.say("quit")
            again.stop()
