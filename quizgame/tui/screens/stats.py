"""The profile's history: scores over time, accuracy by kind and topic, facts learned and due."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, LoadingIndicator, Static

from quizgame.core.scoring import accuracy
from quizgame.store.stats import Stats, Tally, percent, percent_rows
from quizgame.tui.base import QuizScreen
from quizgame.tui.text import KIND_TITLES, number, plain

# Table cells are always Text (plain), never str: Rich reads a str cell as markup, and these
# come from packs, from what the player typed, or from an imported profile.


def accuracy_table(
    title: str, tallies: Mapping[str, Tally], names: Mapping[str, str] | None = None
) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None, expand=True)
    table.add_column("")
    table.add_column("right", justify="right")
    table.add_column("accuracy", justify="right")
    for row in percent_rows(tallies, most_answered_first=True):
        table.add_row(
            plain((names or {}).get(row.key, row.key)),
            f"{number(row.correct)}/{number(row.answers)}",
            row.percent,
        )
    if not tallies:
        table.add_row("(nothing yet)", "", "")
    return table


def chart(title: str, values: list[float], id: str, *, percent: bool = False) -> Any:
    """A bar per finished round with labelled axes (textual-plotext), oldest on the left."""
    from textual_plotext import PlotextPlot

    plot = PlotextPlot(id=id, classes="chart")
    plt = plot.plt
    games = list(range(1, len(values) + 1))
    plt.bar(games, values, width=0.6)
    plt.title(title)
    plt.xlabel("rounds, oldest → newest")
    top = 100.0 if percent else max(1.0, max(values))
    ticks = [top * i / 4 for i in range(5)]
    labels = [f"{round(t)}%" if percent else number(round(t)) for t in ticks]
    plt.yticks(ticks, labels)  # one number format on every screen: 1,000 not 1000
    plt.ylim(0, top)
    if len(games) <= 15:
        plt.xticks([float(g) for g in games], [str(g) for g in games])
    return plot


class StatsScreen(QuizScreen[None]):
    CSS_PATH = "pages.tcss"
    BINDINGS = [Binding("escape,q,t", "close", "Back", tooltip="Back where you came from.")]

    def compose(self) -> ComposeResult:
        yield LoadingIndicator(id="stats-loading")
        yield VerticalScroll(id="stats")
        yield Footer()

    async def on_mount(self) -> None:
        stats = await self.qapp.store.stats(self.qapp.profile_name, games=60)
        await self.query_one("#stats-loading").remove()
        await self.show(stats)

    async def show(self, stats: Stats) -> None:
        body = self.query_one("#stats", VerticalScroll)
        games = stats.games
        widgets: list[Any] = [
            Static(plain(f"Stats — {stats.profile}", "bold"), id="stats-title"),
            Static(
                Text.assemble(
                    ("Games ", "dim"),
                    number(stats.games_played),
                    (
                        f" ({stats.games_unfinished} unfinished)" if stats.games_unfinished else "",
                        "dim",
                    ),
                    ("   Answers ", "dim"),
                    f"{number(stats.correct)}/{number(stats.answers)} right",
                    ("   Accuracy ", "dim"),
                    percent(stats.accuracy),
                    # Across every round (a round's results show its own longest run).
                    ("   Right in a row ", "dim"),
                    f"{stats.streak.current} now, best {stats.streak.best}",
                    (" (across all rounds)", "dim"),
                ),
                id="stats-summary",
            ),
        ]
        facts = stats.facts
        widgets.append(
            Static(
                Text.assemble(
                    ("Facts ", "dim"),
                    f"{number(facts.seen)} seen, {number(facts.learned)} learned, "
                    f"{number(facts.learning)} learning, {number(facts.due)} due for review",
                ),
                id="stats-facts",
            )
        )
        finished = [g for g in reversed(games) if g.finished]
        if len(finished) < 2:
            widgets.append(
                Static(
                    "Finish a couple of rounds to see your scores over time.",
                    classes="section-title",
                )
            )
        else:
            shown = finished[-60:]
            scores = [float(g.score) for g in shown]
            # Every shown round has answers (stats lists no empty round): never the 0.0.
            shares = [100 * (accuracy(g.correct, g.total) or 0.0) for g in shown]
            widgets.append(chart("Points per round", scores, "score-chart"))
            widgets.append(chart("Right answers per round", shares, "accuracy-chart", percent=True))
        best = Table(
            title="Best scores", title_justify="left", title_style="bold", box=None, expand=True
        )
        best.add_column("pack")
        best.add_column("mode")
        best.add_column("best", justify="right")
        best.add_column("games", justify="right")
        for b in stats.best_scores:
            best.add_row(
                plain(b.pack),
                b.mode,
                "–" if b.best is None else number(b.best),
                number(b.games),
            )
        if not stats.best_scores:
            best.add_row("(no games yet)", "", "", "")
        recent = Table(
            title="Recent games", title_justify="left", title_style="bold", box=None, expand=True
        )
        for col in ("when", "pack", "mode"):
            recent.add_column(col, justify="left")
        for col in ("right", "score"):
            recent.add_column(col, justify="right")
        for g in games[:10]:
            when = g.started[:16].replace("T", " ")
            state = "" if g.finished else " (unfinished)"
            recent.add_row(
                when,
                plain(g.pack),
                g.mode + state,
                f"{g.correct}/{g.total}",
                number(g.score),
            )
        widgets += [Static(best, classes="stats-table"), Static(recent, classes="stats-table")]
        widgets.append(
            Static(
                accuracy_table("Accuracy by kind", stats.accuracy_by_kind, KIND_TITLES),
                classes="stats-table",
            )
        )
        widgets.append(
            Static(
                accuracy_table("Accuracy by topic", stats.accuracy_by_tag), classes="stats-table"
            )
        )
        if stats.reported:
            rep = Table(
                title="Reported questions", title_justify="left", title_style="bold", box=None
            )
            rep.add_column("fact")
            rep.add_column("where")
            rep.add_column("why")
            for r in stats.reported:
                where = f"{r.pack_file}:{r.line}" if r.line else r.pack_file
                rep.add_row(plain(r.fact), plain(where), plain(r.reason or ""))
            widgets.append(Static(rep, classes="stats-table"))
        await body.mount_all(widgets)

    def action_close(self) -> None:
        self.app.pop_screen()
