"""How each company keeps its word: the pure figures, table-driven, and the Insights section."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from evaluations import keeping_word as kw
from evaluations.keeping_word import ProcessFacts
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepKind, StepStatus
from interviews import services as interviews
from interviews.factories import InterviewFactory, JobApplicationFactory

TODAY = dt.date(2026, 6, 30)
ROUND = dt.date(2026, 6, 1)


def facts(**overrides):
    values = {
        "company": "Initech",
        "source": "Referral",
        "round_label": "Onsite",
        "round_on": ROUND,
        "status": "interviewing",
        "last_activity_on": TODAY,
    }
    return ProcessFacts(**(values | overrides))


@pytest.mark.parametrize(
    ("process", "promised", "actual", "kept", "silent"),
    [
        # Answered by the promised day: kept.
        (
            facts(promised_on=dt.date(2026, 6, 8), answered_on=dt.date(2026, 6, 5), status="offer"),
            7,
            4,
            True,
            False,
        ),
        # On the promised day itself: still kept.
        (
            facts(
                promised_on=dt.date(2026, 6, 8), answered_on=dt.date(2026, 6, 8), status="rejected"
            ),
            7,
            7,
            True,
            False,
        ),
        # Late: broken.
        (
            facts(
                promised_on=dt.date(2026, 6, 8), answered_on=dt.date(2026, 6, 15), status="rejected"
            ),
            7,
            14,
            False,
            False,
        ),
        # The date passed with no answer: broken, and silent once quiet for two weeks.
        (
            facts(promised_on=dt.date(2026, 6, 8), last_activity_on=dt.date(2026, 6, 10)),
            7,
            None,
            False,
            True,
        ),
        # The date is still ahead: not decided.
        (facts(promised_on=dt.date(2026, 7, 8)), 37, None, None, False),
        # No promise, answered: counts for the medians only.
        (facts(answered_on=dt.date(2026, 6, 3), status="offer"), None, 2, None, False),
        # "No response" is silence whatever the dates.
        (facts(status="no_response"), None, None, None, True),
        # Thirteen quiet days is not silence yet.
        (facts(last_activity_on=TODAY - dt.timedelta(days=13)), None, None, None, False),
    ],
)
def test_outcome(process, promised, actual, kept, silent):
    result = kw.outcome(process, today=TODAY)
    assert (result.promised_days, result.actual_days, result.kept, result.silent) == (
        promised,
        actual,
        kept,
        silent,
    )


def test_figures_per_company_and_overall_from_a_seeded_history():
    history = [
        facts(
            company="Initech",
            promised_on=dt.date(2026, 6, 8),
            answered_on=dt.date(2026, 6, 6),
            status="offer",
        ),
        facts(
            company="Initech",
            promised_on=dt.date(2026, 6, 8),
            answered_on=dt.date(2026, 6, 8),
            status="rejected",
            source="Job board",
        ),
        facts(
            company="Hooli",
            promised_on=dt.date(2026, 6, 4),
            answered_on=dt.date(2026, 6, 20),
            status="rejected",
            round_label="Phone screen",
            source="Job board",
        ),
        facts(
            company="Hooli",
            promised_on=dt.date(2026, 6, 4),
            status="no_response",
            round_label="Phone screen",
        ),
        facts(company="Globex", answered_on=dt.date(2026, 6, 11), status="offer", source=""),
    ]
    word = kw.keeping_word(history, today=TODAY)
    assert word.enough
    overall = word.overall
    assert (overall.processes, overall.answered, overall.kept, overall.broken, overall.silent) == (
        5,
        4,
        2,
        2,
        1,
    )
    assert overall.kept_percent == 50
    assert overall.median_promised_days == 5  # 7, 7, 3, 3
    assert overall.median_actual_days == 8.5  # 5, 7, 19, 10
    by_name = {c.label: c for c in word.companies}
    assert (by_name["Initech"].kept, by_name["Initech"].broken) == (2, 0)
    assert (by_name["Hooli"].kept_percent, by_name["Hooli"].silent) == (0, 1)
    assert by_name["Globex"].kept_percent is None
    assert [(g.label, g.median_days) for g in word.by_source] == [
        ("Referral", 5),
        ("Not recorded", 10),
        ("Job board", 13),
    ]
    assert [(g.label, g.answered, g.median_days) for g in word.by_round] == [
        ("Onsite", 3, 7),
        ("Phone screen", 1, 19),
    ]
    # Two bars per charted company, on one scale: the longest median is the longest bar.
    rows = {row.summary.label: row for row in word.chart.rows}
    assert float(rows["Hooli"].actual.width) == 250.0
    assert rows["Globex"].promised is None


@pytest.mark.parametrize(
    ("answered", "enough", "needed"), [(0, False, 3), (2, False, 1), (3, True, 0)]
)
def test_an_empty_state_until_enough_answers(answered, enough, needed):
    history = [facts(answered_on=dt.date(2026, 6, 5), status="offer")] * answered + [facts()]
    word = kw.keeping_word(history, today=TODAY)
    assert (word.enough, word.answers_needed) == (enough, needed)
    assert (word.chart is not None) == enough


NOW = dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)


def _round(user, company, *, day, promised=None, source=""):
    application = JobApplicationFactory(
        owner=user, company_name=company, source=source, status="interviewing"
    )
    starts = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    InterviewFactory(
        owner=user,
        application=application,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        expected_decision_on=promised,
        next_steps="given" if promised else "",
    )
    return application


@pytest.mark.django_db
def test_insights_shows_who_keeps_their_word(user_client, user, other_user):
    with time_machine.travel(dt.datetime(2026, 6, 5, 12, tzinfo=dt.UTC), tick=False):
        initech = _round(
            user,
            "Initech",
            day=dt.date(2026, 6, 1),
            promised=dt.date(2026, 6, 8),
            source="referral",
        )
        hooli = _round(user, "Hooli", day=dt.date(2026, 6, 1), promised=dt.date(2026, 6, 4))
        globex = _round(user, "Globex", day=dt.date(2026, 6, 2))
        _round(other_user, "Theirs Ltd", day=dt.date(2026, 6, 1), promised=dt.date(2026, 6, 2))
    interviews.application_set_status(
        application=initech, status="offer", at=dt.datetime(2026, 6, 6, 9, tzinfo=dt.UTC)
    )
    interviews.application_set_status(
        application=hooli, status="rejected", at=dt.datetime(2026, 6, 20, 9, tzinfo=dt.UTC)
    )
    step = FollowUpStepFactory(
        owner=user, application=globex, kind=StepKind.FOLLOW_UP, opens_at=NOW
    )
    with time_machine.travel(dt.datetime(2026, 6, 12, 9, tzinfo=dt.UTC), tick=False):
        response = user_client.post(reverse("followups:they_replied", args=[step.pk]))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE
    globex.refresh_from_db()
    assert globex.answer_received_at == dt.datetime(2026, 6, 12, 9, tzinfo=dt.UTC)
    assert not FollowUpStep.objects.filter(
        application=globex, kind=StepKind.FOLLOW_UP, status=StepStatus.PENDING
    ).exists()

    with time_machine.travel(NOW, tick=False):
        response = user_client.get(reverse("evaluations:insights"))
    word = response.context["keeping_word"]
    assert word.enough
    assert {c.label for c in word.companies} == {"Initech", "Hooli", "Globex"}
    assert (word.overall.kept, word.overall.broken) == (1, 1)
    html = response.content.decode()
    assert "Which companies keep their word?" in html
    assert "Theirs Ltd" not in html
    assert '<svg class="word-chart"' in html


@pytest.mark.django_db
def test_insights_says_what_it_needs_before_there_is_enough(user_client, user):
    _round(user, "Initech", day=dt.date(2026, 6, 1), promised=dt.date(2026, 6, 8))
    with time_machine.travel(NOW, tick=False):
        html = user_client.get(reverse("evaluations:insights")).content.decode()
    assert "Not enough answers yet" in html
    assert "3 more answers" in html
