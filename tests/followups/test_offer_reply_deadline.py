"""The offer reply says the recorded deadline (issue 13 + 18): in the candidate's zone, with
the zone's abbreviation; it asks "by when" only when no deadline is known."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from followups import drafts
from followups.drafts import ReplyFacts
from interviews.factories import JobApplicationFactory

UTC = dt.UTC
ASKS = "Could you let me know by when you would like my answer?"


@pytest.mark.parametrize(
    ("deadline_at", "zone", "offer_deadline", "says"),
    [
        # 16:00 UTC on Friday 13 March 2026 is 17:00 in Berlin (winter time).
        (
            dt.datetime(2026, 3, 13, 16, tzinfo=UTC),
            "Europe/Berlin",
            None,
            "my answer by Friday 13 March at 17:00 CET.",
        ),
        # ...and Saturday 00:00 in UTC is still Friday evening in Los Angeles (summer time).
        (
            dt.datetime(2026, 3, 14, 0, tzinfo=UTC),
            "America/Los_Angeles",
            None,
            "my answer by Friday 13 March at 17:00 PDT.",
        ),
        (dt.datetime(2026, 7, 1, 9, 30, tzinfo=UTC), "UTC", None, "Wednesday 1 July at 09:30 UTC."),
        # The recorded instant wins over a bare date.
        (
            dt.datetime(2026, 3, 13, 16, tzinfo=UTC),
            "Europe/Berlin",
            dt.date(2026, 4, 3),
            "Friday 13 March at 17:00 CET.",
        ),
        (None, "Europe/Berlin", dt.date(2026, 4, 3), "my answer by Friday, 3 April."),
        (None, "Europe/Berlin", None, ASKS),
    ],
)
def test_the_offer_reply_says_the_deadline_when_known(deadline_at, zone, offer_deadline, says):
    body = drafts.offer_reply_text(
        ReplyFacts(
            role="Designer",
            company="Medify",
            offer_deadline=offer_deadline,
            offer_deadline_at=deadline_at,
            zone=zoneinfo.ZoneInfo(zone),
        )
    )
    assert says in body
    known = deadline_at is not None or offer_deadline is not None
    assert (ASKS in body) is not known
    assert ("my decision by then" in body) is known


@pytest.mark.django_db
def test_the_reply_composer_uses_the_applications_deadline(client):
    user = UserFactory(time_zone="Europe/Berlin")
    application = JobApplicationFactory(
        owner=user,
        status="offer",
        company_name="Initech",
        offer_deadline_at=dt.datetime(2026, 3, 13, 16, tzinfo=UTC),
    )
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("followups:reply_composer", args=[application.pk, "offer"]))

    body = response.context["draft"].body
    assert "you would like my answer by Friday 13 March at 17:00 CET." in body
    assert "by when" not in body
