import datetime as dt

import pytest

from evaluations.rules import (
    ApplicationComparison,
    EvaluationFacts,
    FunnelFact,
    FunnelRow,
    StruggledQuestion,
    TrendPoint,
    aggregate_insights,
    line_chart,
    mean,
    missing_key_answers,
    normalise_question,
    rolling_mean,
    scale_choices,
    search_funnel,
    split_questions,
)


def test_scale_choices_label_every_value():
    assert scale_choices("confidence") == [
        (1, "1\u00a0— Very low"),
        (2, "2\u00a0— Low"),
        (3, "3\u00a0— Moderate"),
        (4, "4\u00a0— High"),
        (5, "5\u00a0— Excellent"),
    ]


COMPLETE = {
    "went_well": "The system design answer.",
    "reaction_rating": 4,
    "confidence": 3,
    "company_feeling": 4,
    "growth": "maybe",
    "fit_rating": 5,
    "interest_rating": 4,
}


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"went_well": "   "}, ["went_well"]),
        ({"growth": ""}, ["growth"]),
        ({"confidence": None, "fit_rating": None}, ["confidence", "fit_rating"]),
        # Optional answers may stay empty.
        ({"wish_said": "", "struggled_questions": ""}, []),
    ],
)
def test_missing_key_answers(changes, missing):
    assert missing_key_answers({**COMPLETE, **changes}) == missing


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Tell me about yourself?", "tell me about yourself"),
        ("  - tell me   ABOUT yourself.", "tell me about yourself"),
        ("1. Why us?", "why us"),
        ("3) Why us", "why us"),
        ("• Design a rate limiter!", "design a rate limiter"),
        ("Q: What is your weakness?", "what is your weakness"),
        ("", ""),
    ],
)
def test_normalise_question(text, normalised):
    assert normalise_question(text) == normalised


def test_split_questions_drops_blanks_bullets_and_repeats():
    text = "- Why us?\n\n  1. Design a rate limiter  \nwhy   US\n* " + "x" * 400
    assert split_questions(text) == ["Why us?", "Design a rate limiter", "x" * 300]


@pytest.mark.parametrize(
    ("values", "expected"), [([], None), ([None], None), ([4, 5], 4.5), ([1, 2, 2], 1.7)]
)
def test_mean(values, expected):
    assert mean(values) == expected


def facts(application_id, company, day, conf, reaction, fit, interest, feeling, growth, qs=""):
    return EvaluationFacts(
        application_id=application_id,
        company=company,
        role="Engineer",
        status_label="Offer" if company == "Acme" else "Interviewing",
        is_offer=company == "Acme",
        interview_label="Technical",
        interview_on=dt.date(2026, 3, day),
        confidence=conf,
        reaction_rating=reaction,
        fit_rating=fit,
        interest_rating=interest,
        company_feeling=feeling,
        growth=growth,
        struggled_questions=qs,
    )


FIXED = [
    facts(1, "Acme", 1, 2, 3, 4, 3, 4, "maybe", "Why us?\nDesign a rate limiter"),
    facts(2, "Globex", 2, 4, 4, 5, 5, 5, "yes", "why us\nTell me about a failure"),
    facts(1, "Acme", 3, 3, 5, 3, 4, 2, "no", "- Why us?\n- why us"),
    facts(3, "Initech", 4, 5, 2, 2, 2, 3, "", ""),
]


def test_aggregate_insights_exact_numbers():
    insights = aggregate_insights(FIXED)
    assert insights.evaluations == 4
    assert insights.averages == {"confidence": 3.5, "reaction_rating": 3.5, "fit_rating": 3.5}
    assert insights.trend[0] == TrendPoint(
        on=dt.date(2026, 3, 1),
        label="Acme · Technical",
        confidence=2,
        reaction_rating=3,
        fit_rating=4,
    )
    assert [p.confidence for p in insights.trend] == [2, 4, 3, 5]
    # "Why us" is in 3 evaluations (twice in the third, counted once there).
    assert insights.struggled == [
        StruggledQuestion("Why us?", 3),
        StruggledQuestion("Design a rate limiter", 1),
        StruggledQuestion("Tell me about a failure", 1),
    ]
    assert insights.comparison == [
        # The offer comes first; Acme's fit (4, 3) and interest (3, 4) are averaged and its
        # growth is the latest answer ("no").
        ApplicationComparison(1, "Acme", "Engineer", "Offer", True, 2, 3.5, 3.5, 3.0, "no"),
        ApplicationComparison(
            2, "Globex", "Engineer", "Interviewing", False, 1, 5.0, 5.0, 5.0, "yes"
        ),
        ApplicationComparison(
            3, "Initech", "Engineer", "Interviewing", False, 1, 2.0, 2.0, 3.0, ""
        ),
    ]


def test_aggregate_insights_of_nothing():
    insights = aggregate_insights([])
    assert (insights.evaluations, insights.trend, insights.struggled, insights.comparison) == (
        0,
        [],
        [],
        [],
    )
    assert insights.averages["confidence"] is None


def test_aggregate_insights_keeps_the_top_questions_only():
    many = [facts(1, "Acme", 1, 3, 3, 3, 3, 3, "yes", "\n".join(f"Q{i}?" for i in range(15)))]
    assert len(aggregate_insights(many, top=10).struggled) == 10


def point(day, conf, reaction, fit):
    return TrendPoint(dt.date(2026, 3, day), f"Interview {day}", conf, reaction, fit)


def test_line_chart_maps_ratings_to_the_plot_box():
    chart = line_chart([point(1, 1, 5, 3), point(2, 5, None, 3)], width=500, height=300)
    confidence, reaction, fit = chart.series
    assert (chart.left, chart.right, chart.top, chart.bottom) == (40, 464, 16, 260)
    # x: first point on the left edge, last on the right; y: 1 at the bottom, 5 at the top.
    assert [(p.x, p.y) for p in confidence.points] == [(40, 260), (464, 16)]
    assert confidence.polyline == "40.0,260.0 464.0,16.0"
    # A missing rating leaves a gap rather than a point at zero.
    assert [(p.x, p.y) for p in reaction.points] == [(40, 16)]
    assert [p.y for p in fit.points] == [138, 138]
    assert chart.y_ticks[0] == ("260.0", 1)
    assert chart.x_labels == [("40.0", "01 Mar"), ("464.0", "02 Mar")]
    assert confidence.points[1].title == "Confidence: 5 of 5 — Interview 2, 02 Mar 2026"


def test_line_chart_centres_a_single_point_and_thins_labels():
    single = line_chart([point(1, 3, 3, 3)], width=500)
    assert single.series[0].points[0].x == (40 + 464) / 2
    many = line_chart([point(d, 3, 3, 3) for d in range(1, 31)], max_x_labels=10)
    assert len(many.x_labels) <= 11
    assert many.x_labels[-1][1] == "30 Mar"


@pytest.mark.parametrize(
    ("values", "window", "expected"),
    [
        ([], 3, []),
        ([4], 3, [4]),
        ([1, 2, 3, 4], 3, [1, 1.5, 2, 3]),
        ([None, 2, None, 4], 3, [None, 2, 2, 3]),  # gaps are skipped, not zeros
        ([5, 1, 5, 1], 2, [5, 3, 3, 3]),
        ([2, 4, 3], 1, [2, 4, 3]),
    ],
)
def test_rolling_mean(values, window, expected):
    assert rolling_mean(values, window=window) == expected


def test_line_chart_draws_the_rolling_average_as_the_line():
    chart = line_chart([point(1, 1, 5, 3), point(2, 5, None, 3), point(3, 3, 5, 3)], width=500)
    confidence, reaction, _fit = chart.series
    # y: 1 -> 260, 3 -> 138, 5 -> 16; the means are 1, 3, 3.
    assert [y for _x, y in confidence.average] == [260, 138, 138]
    assert len(reaction.average) == 3  # the mean carries over the missing rating
    assert [p.value for p in confidence.points] == [1, 5, 3]  # the raw points stay


def fact(source, month, interviewed=False, offered=False):
    """`month` None: the user did not remember the day applied."""
    applied_on = dt.date(2026, month, 10) if month else None
    return FunnelFact(source, applied_on, interviewed, offered)


@pytest.mark.parametrize(
    ("facts", "total", "by_source", "by_month"),
    [
        ([], (0, 0, 0), [], []),
        (
            [fact("LinkedIn", 1), fact("LinkedIn", 1, True), fact("Referral", 2, True, True)],
            (3, 2, 1),
            [("LinkedIn", 2, 1, 0), ("Referral", 1, 1, 1)],
            [("Feb 2026", 1, 1, 1), ("Jan 2026", 2, 1, 0)],
        ),
        # An offer without a logged round still counts as interviewed; no source is named.
        (
            [fact("", 3, False, True)],
            (1, 1, 1),
            [("Not recorded", 1, 1, 1)],
            [("Mar 2026", 1, 1, 1)],
        ),
        # A day not remembered: in the totals and its source, in no month.
        (
            [fact("LinkedIn", None, True), fact("LinkedIn", 4)],
            (2, 1, 0),
            [("LinkedIn", 2, 1, 0)],
            [("Apr 2026", 1, 0, 0)],
        ),
    ],
)
def test_search_funnel(facts, total, by_source, by_month):
    funnel = search_funnel(facts)
    as_tuple = lambda row: (row.applied, row.interviewed, row.offers)  # noqa: E731
    assert as_tuple(funnel.total) == total
    assert [(r.label, *as_tuple(r)) for r in funnel.by_source] == by_source
    assert [(r.label, *as_tuple(r)) for r in funnel.by_month] == by_month


@pytest.mark.parametrize(
    ("applied", "part", "rate"), [(0, 0, 0), (3, 1, 33), (3, 2, 67), (4, 4, 100)]
)
def test_funnel_rates_are_whole_percents(applied, part, rate):
    row = FunnelRow("x", applied, part, part)
    assert (row.interview_rate, row.offer_rate) == (rate, rate)


def test_search_funnel_keeps_the_last_months_only():
    facts = [FunnelFact("", dt.date(2025, m, 1), False, False) for m in range(1, 13)]
    facts += [FunnelFact("", dt.date(2026, 1, 1), False, False)]
    assert [r.label for r in search_funnel(facts, months=2).by_month] == ["Jan 2026", "Dec 2025"]
