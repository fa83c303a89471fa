"""The offer rules (pure): the offer's own steps and "tell the others", table-driven."""

import datetime as dt

import pytest

from followups import rules
from followups.rules import ApplicationFacts, InterviewFacts, OfferFacts, PlanSettings

UTC = dt.UTC
OFFERED = dt.datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
H = dt.timedelta(hours=1)


def at(hours: float) -> dt.datetime:
    return OFFERED + dt.timedelta(hours=hours)


@pytest.mark.parametrize(
    ("deadline", "confirm_due", "decide_due", "respond_due"),
    [
        # A week: confirm within a day, decide a day before, respond by the deadline.
        (at(7 * 24), at(24), at(6 * 24), at(7 * 24)),
        # Thirty hours: confirm within a day still; decide at half the time left (15 h).
        (at(30), at(24), at(15), at(30)),
        # Six hours: nothing may fall after the deadline.
        (at(6), at(6), at(3), at(6)),
        # No deadline known: confirm (and ask for one) within a day, the rest undated.
        (None, at(24), None, None),
        # A deadline entered after it passed: everything due at once.
        (at(-5), at(0), at(0), at(0)),
    ],
)
def test_offer_steps(deadline, confirm_due, decide_due, respond_due):
    steps = rules.offer_steps(
        offer=OfferFacts(application_id=7, offered_at=OFFERED, deadline_at=deadline)
    )
    assert [(s.kind, s.key, s.opens_at, s.due_at) for s in steps] == [
        ("offer_confirm", "offer_confirm:application:7", OFFERED, confirm_due),
        ("offer_decide", "offer_decide:application:7", OFFERED, decide_due),
        ("offer_respond", "offer_respond:application:7", OFFERED, respond_due),
    ]


@pytest.mark.parametrize(
    ("deadline", "due"),
    [
        (at(7 * 24), at(24)),  # within a day of the offer
        (at(10), at(10)),  # never after the deadline
        (at(0), None),  # the deadline is now: too late to matter
        (at(-1), None),
        (None, None),  # no deadline: nothing to tell
    ],
)
def test_offer_news_step(deadline, due):
    step = rules.offer_news_step(
        application_id=3,
        offer=OfferFacts(application_id=7, offered_at=OFFERED, deadline_at=deadline),
    )
    if due is None:
        assert step is None
    else:
        assert (step.kind, step.key, step.opens_at, step.due_at, step.application_id) == (
            "offer_news",
            "offer_news:application:3:offer:7",
            OFFERED,
            due,
            3,
        )


ROUND = InterviewFacts(
    id=11,
    application_id=3,
    starts_at=dt.datetime(2026, 3, 2, 9, tzinfo=UTC),
    ends_at=dt.datetime(2026, 3, 2, 10, tzinfo=UTC),
)
OFFER = OfferFacts(application_id=7, offered_at=OFFERED, deadline_at=at(72))


@pytest.mark.parametrize(
    ("status", "interviews", "news_expected"),
    [
        ("interviewing", [ROUND], True),
        ("applied", [], True),  # an open process without a round hears of it too
        ("rejected", [ROUND], False),
        ("withdrawn", [], False),
    ],
)
def test_every_open_process_gets_the_news_step(status, interviews, news_expected):
    plan = rules.application_plan(
        application=ApplicationFacts(
            id=3, status=status, interviews=interviews, other_offers=[OFFER]
        ),
        settings=PlanSettings(zone="Europe/Berlin"),
    )
    assert ("offer_news:application:3:offer:7" in {s.key for s in plan}) is news_expected


def test_an_offer_application_plans_only_its_offer_steps():
    plan = rules.application_plan(
        application=ApplicationFacts(id=7, status="offer", interviews=[ROUND], offer=OFFER),
        settings=PlanSettings(),
    )
    assert [s.kind for s in plan] == ["offer_confirm", "offer_decide", "offer_respond"]


def test_a_reply_after_the_latest_round_stops_the_follow_ups():
    facts = ApplicationFacts(
        id=3, status="interviewing", interviews=[ROUND], answer_received_at=ROUND.ends_at + H
    )
    kinds = {s.kind for s in rules.application_plan(application=facts, settings=PlanSettings())}
    assert "follow_up" not in kinds and "thank_you" in kinds
