"""Pure rules behind the self-evaluation and the insights page: plain values in and out."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Each 1-5 scale says in words what its ends mean, so nobody rates against bare numbers.
SCALE_LABELS: dict[str, tuple[str, str, str, str, str]] = {
    "reaction_rating": ("Cold", "Reserved", "Neutral", "Warm", "Enthusiastic"),
    "confidence": ("Very low", "Low", "Moderate", "High", "Excellent"),
    "company_feeling": ("Not for me", "Doubtful", "Unsure", "Good", "Love it"),
    "fit_rating": ("Poor fit", "Weak fit", "Some fit", "Good fit", "Excellent fit"),
    "interest_rating": ("Not interested", "Lukewarm", "Interested", "Keen", "Dream job"),
}

# The answers "Finish evaluation" insists on; a draft may leave any of them empty.
KEY_ANSWERS = (
    "went_well",
    "reaction_rating",
    "confidence",
    "company_feeling",
    "growth",
    "fit_rating",
    "interest_rating",
)

MAX_QUESTION_LENGTH = 300
TOP_QUESTIONS = 10


def scale_choices(field_name: str) -> list[tuple[int, str]]:
    """Radio choices "1 — Very low" … "5 — Excellent" for one 1-5 scale (a no-break space
    keeps the number with its dash when a narrow choice wraps)."""
    return [
        (value, f"{value}\u00a0— {label}")
        for value, label in enumerate(SCALE_LABELS[field_name], 1)
    ]


def missing_key_answers(answers: dict) -> list[str]:
    """The key answers a finished evaluation still lacks (empty text, None or "")."""
    return [
        name for name in KEY_ANSWERS if answers.get(name) in (None, "") or _blank(answers[name])
    ]


def _blank(value) -> bool:
    return isinstance(value, str) and not value.strip()


_BULLET = re.compile(r"^\s*(?:[-*•·\u2013]+|\(?\d+[.)]|q\d*[:.)])\s*", re.IGNORECASE)


def split_questions(text: str) -> list[str]:
    """The questions of a one-per-line list: bullets and numbering dropped, spaces tidied,
    empty lines and repeats (same normalised text) left out, each cut to a sane length."""
    questions: list[str] = []
    seen: set[str] = set()
    for line in (text or "").splitlines():
        question = " ".join(_BULLET.sub("", line).split())[:MAX_QUESTION_LENGTH]
        key = normalise_question(question)
        if key and key not in seen:
            seen.add(key)
            questions.append(question)
    return questions


def normalise_question(text: str) -> str:
    """The form two wordings of one question share: case, spacing, bullets and end
    punctuation ignored ("Tell me about yourself?" == "- tell me about  yourself")."""
    text = _BULLET.sub("", text or "")
    text = " ".join(text.split()).casefold()
    return text.rstrip(" ?.!:;,")


@dataclass(frozen=True)
class EvaluationFacts:
    """What insights need of one completed evaluation."""

    application_id: int
    company: str
    role: str
    status_label: str
    is_offer: bool
    interview_label: str
    interview_on: dt.date
    confidence: int | None
    reaction_rating: int | None
    fit_rating: int | None
    interest_rating: int | None
    company_feeling: int | None
    growth: str
    struggled_questions: str


@dataclass(frozen=True)
class TrendPoint:
    on: dt.date
    label: str
    confidence: int | None
    reaction_rating: int | None
    fit_rating: int | None


@dataclass(frozen=True)
class StruggledQuestion:
    text: str
    count: int


@dataclass
class ApplicationComparison:
    application_id: int
    company: str
    role: str
    status_label: str
    is_offer: bool
    evaluations: int
    fit: float | None
    interest: float | None
    company_feeling: float | None
    growth: str


@dataclass
class Insights:
    evaluations: int
    trend: list[TrendPoint] = field(default_factory=list)
    struggled: list[StruggledQuestion] = field(default_factory=list)
    comparison: list[ApplicationComparison] = field(default_factory=list)
    averages: dict[str, float | None] = field(default_factory=dict)


def mean(values: Iterable[int | None]) -> float | None:
    """The average of the given ratings, one decimal; None when there are none."""
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 1) if present else None


def aggregate_insights(facts: Sequence[EvaluationFacts], *, top: int = TOP_QUESTIONS) -> Insights:
    """Trends, most-struggled questions and a per-application comparison.

    `facts` must be in interview order. A question counts once per evaluation it appears in.
    Per application, fit / interest / company feeling are averaged over its evaluations
    and growth is the latest answer given: the freshest impression decides between offers.
    """
    trend = [
        TrendPoint(
            on=f.interview_on,
            label=f"{f.company} · {f.interview_label}",
            confidence=f.confidence,
            reaction_rating=f.reaction_rating,
            fit_rating=f.fit_rating,
        )
        for f in facts
    ]

    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for f in facts:
        for question in split_questions(f.struggled_questions):
            key = normalise_question(question)
            counts[key] += 1
            wording.setdefault(key, question)
    struggled = [
        StruggledQuestion(text=wording[key], count=count)
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    ]

    by_application: dict[int, list[EvaluationFacts]] = {}
    for f in facts:
        by_application.setdefault(f.application_id, []).append(f)
    comparison = []
    for application_id, group in by_application.items():
        latest = group[-1]
        comparison.append(
            ApplicationComparison(
                application_id=application_id,
                company=latest.company,
                role=latest.role,
                status_label=latest.status_label,
                is_offer=latest.is_offer,
                evaluations=len(group),
                fit=mean(f.fit_rating for f in group),
                interest=mean(f.interest_rating for f in group),
                company_feeling=mean(f.company_feeling for f in group),
                growth=next((f.growth for f in reversed(group) if f.growth), ""),
            )
        )
    comparison.sort(
        key=lambda row: (not row.is_offer, -(row.interest or 0), -(row.fit or 0), row.company)
    )

    return Insights(
        evaluations=len(facts),
        trend=trend,
        struggled=struggled,
        comparison=comparison,
        averages={
            "confidence": mean(f.confidence for f in facts),
            "reaction_rating": mean(f.reaction_rating for f in facts),
            "fit_rating": mean(f.fit_rating for f in facts),
        },
    )


# --- The trend chart -------------------------------------------------------------------


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    value: int
    title: str

    # SVG coordinates as text: the template must not localise or truncate them.
    @property
    def cx(self) -> str:
        return f"{self.x:.1f}"

    @property
    def cy(self) -> str:
        return f"{self.y:.1f}"

    @property
    def corner_x(self) -> str:
        return f"{self.x - 4:.1f}"

    @property
    def corner_y(self) -> str:
        return f"{self.y - 4:.1f}"


@dataclass(frozen=True)
class ChartSeries:
    key: str
    label: str
    colour: str
    dash: str
    marker: str
    points: list[ChartPoint]
    # The rolling average's (x, y), drawn as the series' line; the points stay faint.
    average: list[tuple[float, float]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def average_polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.average)


# A trend needs a few points: with one or two the chart says nothing a table does not.
MIN_CHART_POINTS = 3
# Each line is the mean of the last few ratings: 35 interviews read as a trend, not a zig-zag.
ROLLING_WINDOW = 5


def rolling_mean(values: Sequence[int | None], *, window: int = ROLLING_WINDOW) -> list:
    """Per position, the mean of the last `window` ratings given up to it (gaps skipped);
    None where none has been given yet."""
    means, given = [], []
    for value in values:
        if value is not None:
            given.append(value)
        recent = given[-window:]
        means.append(sum(recent) / len(recent) if recent else None)
    return means


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[ChartSeries]
    y_ticks: list[tuple[str, int]]
    x_labels: list[tuple[str, str]]


# Colour-blind-safe hues, and each line also differs by dash and marker shape.
CHART_SERIES = (
    ("confidence", "Confidence", "#3b5bdb", "", "circle"),
    ("reaction_rating", "Interviewer reaction", "#d9480f", "6 4", "square"),
    ("fit_rating", "Fit with your goals", "#2b8a3e", "2 4", "diamond"),
)


def line_chart(
    points: Sequence[TrendPoint], *, width: int = 960, height: int = 300, max_x_labels: int = 10
) -> LineChart:
    """SVG geometry for the 1-5 trend lines: points evenly spaced in interview order
    (several interviews on one day stay readable), y from 1 at the bottom to 5 at the top."""
    # Room on the right for the last date label, centred on the last point.
    left, right, top, bottom = 40, width - 36, 16, height - 40
    count = len(points)

    def x_at(index: int) -> float:
        if count == 1:
            return (left + right) / 2
        return left + (right - left) * index / (count - 1)

    def y_at(value: int) -> float:
        return bottom - (bottom - top) * (value - 1) / 4

    series = [
        ChartSeries(
            key=key,
            label=label,
            colour=colour,
            dash=dash,
            marker=marker,
            points=[
                ChartPoint(
                    x=x_at(i),
                    y=y_at(getattr(p, key)),
                    value=getattr(p, key),
                    title=f"{label}: {getattr(p, key)} of 5 — {p.label}, {p.on:%d %b %Y}",
                )
                for i, p in enumerate(points)
                if getattr(p, key) is not None
            ],
            average=[
                (x_at(i), y_at(mean_value))
                for i, mean_value in enumerate(rolling_mean([getattr(p, key) for p in points]))
                if mean_value is not None
            ],
        )
        for key, label, colour, dash, marker in CHART_SERIES
    ]
    step = max(1, -(-count // max_x_labels))  # ceil: thin the labels when there are many
    x_labels = [
        (x_at(i), f"{p.on:%d %b}") for i, p in enumerate(points) if i % step == 0 or i == count - 1
    ]
    if len(x_labels) > 1 and (count - 1) % step and x_labels[-1][0] - x_labels[-2][0] < 50:
        del x_labels[-2]  # the last label would overlap its neighbour
    return LineChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        series=series,
        y_ticks=[(f"{y_at(v):.1f}", v) for v in range(1, 6)],
        x_labels=[(f"{x:.1f}", text) for x, text in x_labels],
    )


# --- The funnel of the whole search -------------------------------------------------------


@dataclass(frozen=True)
class FunnelFact:
    """One application, as the funnel sees it."""

    source_label: str
    applied_on: dt.date | None  # None: the user did not remember the day
    interviewed: bool
    offered: bool


@dataclass(frozen=True)
class FunnelRow:
    label: str
    applied: int
    interviewed: int
    offers: int

    @property
    def interview_rate(self) -> int:
        """Whole percent of applications that got an interview."""
        return round(100 * self.interviewed / self.applied) if self.applied else 0

    @property
    def offer_rate(self) -> int:
        """Whole percent of applications that got an offer."""
        return round(100 * self.offers / self.applied) if self.applied else 0


@dataclass(frozen=True)
class Funnel:
    total: FunnelRow
    by_source: list[FunnelRow]
    by_month: list[FunnelRow]


def _funnel_row(label: str, facts: Sequence[FunnelFact]) -> FunnelRow:
    return FunnelRow(
        label=label,
        applied=len(facts),
        interviewed=sum(1 for f in facts if f.interviewed or f.offered),
        offers=sum(1 for f in facts if f.offered),
    )


def search_funnel(facts: Sequence[FunnelFact], *, months: int = 12) -> Funnel:
    """Applied → interviewed → offer over every application, by source (biggest first) and by
    month applied (newest first, the last `months`). An offer counts as interviewed too; an
    application whose day is not known counts in the totals and its source, in no month."""
    by_source: dict[str, list[FunnelFact]] = {}
    by_month: dict[dt.date, list[FunnelFact]] = {}
    for f in facts:
        by_source.setdefault(f.source_label or "Not recorded", []).append(f)
        if f.applied_on is not None:
            by_month.setdefault(f.applied_on.replace(day=1), []).append(f)
    sources = sorted(by_source.items(), key=lambda item: (-len(item[1]), item[0]))
    recent = sorted(by_month.items(), reverse=True)[:months]
    return Funnel(
        total=_funnel_row("All applications", facts),
        by_source=[_funnel_row(label, group) for label, group in sources],
        by_month=[_funnel_row(f"{month:%b %Y}", group) for month, group in recent],
    )
