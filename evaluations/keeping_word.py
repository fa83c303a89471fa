"""How each company keeps its word: promised vs actual days to an answer. Pure functions.

A process is one application's latest round: the decision date the interviewer gave
(`promised_on`) against the day the answer came (`answered_on`: the status moved to offer or
rejected after the round, or the user pressed "they replied"). Days count from the round's
day in the user's zone. Kept apart from `rules.py` (the self-evaluation figures), and fed by
`selectors.keeping_word_facts`; the SVG geometry is built here, the markup is the template's.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# "Stale after ~14 days of silence" (CAREER-RULES.md); pipeline.rules uses the same number
# for the board's stale flag, which this layer may not import.
SILENT_AFTER_DAYS = 14
# Fewer answered processes than this say nothing about anyone: the section shows how many
# more it needs instead of figures.
ENOUGH_ANSWERS = 3
AWAITING = frozenset({"applied", "interviewing"})


@dataclass(frozen=True)
class ProcessFacts:
    """One application's latest round and what came of it, as plain dates."""

    company: str
    source: str
    round_label: str
    round_on: dt.date
    status: str
    promised_on: dt.date | None = None
    answered_on: dt.date | None = None
    last_activity_on: dt.date | None = None


@dataclass(frozen=True)
class ProcessOutcome:
    company: str
    source: str
    round_label: str
    promised_days: int | None
    actual_days: int | None
    # True kept, False broken (late, or the date passed in silence), None not decided yet.
    kept: bool | None
    silent: bool


def outcome(facts: ProcessFacts, *, today: dt.date) -> ProcessOutcome:
    """What one process says about its company's word."""
    promised = (facts.promised_on - facts.round_on).days if facts.promised_on else None
    actual = max(0, (facts.answered_on - facts.round_on).days) if facts.answered_on else None
    kept: bool | None = None
    if facts.promised_on is not None:
        if facts.answered_on is not None:
            kept = facts.answered_on <= facts.promised_on
        elif today > facts.promised_on:
            kept = False
    silent = facts.answered_on is None and (
        facts.status == "no_response"
        or (
            facts.status in AWAITING
            and (today - (facts.last_activity_on or facts.round_on)).days >= SILENT_AFTER_DAYS
        )
    )
    return ProcessOutcome(
        company=facts.company,
        source=facts.source,
        round_label=facts.round_label,
        promised_days=promised,
        actual_days=actual,
        kept=kept,
        silent=silent,
    )


def median(values: Iterable[int | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


@dataclass(frozen=True)
class WordSummary:
    """The figures of one company (or of everyone: `label` "All companies")."""

    label: str
    processes: int
    answered: int
    promised: int
    kept: int
    broken: int
    silent: int
    median_promised_days: float | None
    median_actual_days: float | None

    @property
    def kept_percent(self) -> int | None:
        decided = self.kept + self.broken
        return round(100 * self.kept / decided) if decided else None


def summarise(label: str, outcomes: Sequence[ProcessOutcome]) -> WordSummary:
    """Counts and medians over `outcomes`."""
    return WordSummary(
        label=label,
        processes=len(outcomes),
        answered=sum(1 for o in outcomes if o.actual_days is not None),
        promised=sum(1 for o in outcomes if o.promised_days is not None),
        kept=sum(1 for o in outcomes if o.kept is True),
        broken=sum(1 for o in outcomes if o.kept is False),
        silent=sum(1 for o in outcomes if o.silent),
        median_promised_days=median(o.promised_days for o in outcomes),
        median_actual_days=median(o.actual_days for o in outcomes),
    )


@dataclass(frozen=True)
class GroupMedian:
    label: str
    answered: int
    median_days: float


def medians_by(outcomes: Sequence[ProcessOutcome], attribute: str) -> list[GroupMedian]:
    """Median days to an answer per source or per round (groups with an answer), fastest first."""
    groups: dict[str, list[int]] = {}
    for o in outcomes:
        if o.actual_days is not None:
            groups.setdefault(getattr(o, attribute) or "Not recorded", []).append(o.actual_days)
    rows = [
        GroupMedian(label=label, answered=len(days), median_days=statistics.median(days))
        for label, days in groups.items()
    ]
    return sorted(rows, key=lambda r: (r.median_days, r.label))


@dataclass(frozen=True)
class Bar:
    """One horizontal bar of the promised-vs-actual chart, in SVG units (text, unlocalised)."""

    y: str
    width: str
    value_x: str
    value_y: str
    days: float


@dataclass(frozen=True)
class CompanyRow:
    summary: WordSummary
    label_y: str
    promised: Bar | None
    actual: Bar | None


@dataclass(frozen=True)
class WordChart:
    width: int
    height: int
    left: int
    bar_height: int
    rows: list[CompanyRow]


def word_chart(
    companies: Sequence[WordSummary], *, width: int = 360, max_bar: int = 250
) -> WordChart:
    """Two bars per company (median promised days, median actual days), on one scale.

    Narrow on purpose (360 units): on a 390 px phone the SVG is drawn at about 1:1, so its
    13-unit labels stay readable; on a desktop it is capped by CSS.
    """
    left, bar_height, row_height = 0, 14, 58
    longest = max(
        [
            v
            for c in companies
            for v in (c.median_promised_days, c.median_actual_days)
            if v is not None
        ]
        or [1]
    )
    scale = max_bar / max(longest, 1)
    rows = []
    for index, company in enumerate(companies):
        top = index * row_height

        def bar(value: float | None, y: int) -> Bar | None:
            if value is None:
                return None
            length = max(2.0, value * scale)
            return Bar(
                y=f"{y}",
                width=f"{length:.1f}",
                value_x=f"{length + 6:.1f}",
                value_y=f"{y + bar_height - 3}",
                days=value,
            )

        rows.append(
            CompanyRow(
                summary=company,
                label_y=f"{top + 13}",
                promised=bar(company.median_promised_days, top + 20),
                actual=bar(company.median_actual_days, top + 20 + bar_height + 2),
            )
        )
    return WordChart(
        width=width,
        height=max(row_height, len(rows) * row_height),
        left=left,
        bar_height=bar_height,
        rows=rows,
    )


@dataclass(frozen=True)
class KeepingWord:
    """The Insights section: overall, per company, by source and round; or not enough yet."""

    enough: bool
    answers_needed: int
    overall: WordSummary
    companies: list[WordSummary]
    by_source: list[GroupMedian]
    by_round: list[GroupMedian]
    chart: WordChart | None


def keeping_word(
    facts: Sequence[ProcessFacts], *, today: dt.date, enough: int = ENOUGH_ANSWERS
) -> KeepingWord:
    """Every figure of the section from the processes' facts."""
    outcomes = [outcome(f, today=today) for f in facts]
    overall = summarise("All companies", outcomes)
    by_company: dict[str, list[ProcessOutcome]] = {}
    for o in outcomes:
        by_company.setdefault(o.company, []).append(o)
    companies = sorted(
        (summarise(name, rows) for name, rows in by_company.items()),
        # Companies with a track record first: most decided promises, then name.
        key=lambda s: (-(s.kept + s.broken), -s.answered, s.label.lower()),
    )
    has_enough = overall.answered >= enough
    charted = [c for c in companies if c.median_actual_days is not None or c.promised][:12]
    return KeepingWord(
        enough=has_enough,
        answers_needed=max(0, enough - overall.answered),
        overall=overall,
        companies=companies,
        by_source=medians_by(outcomes, "source"),
        by_round=medians_by(outcomes, "round_label"),
        chart=word_chart(charted) if has_enough and charted else None,
    )
