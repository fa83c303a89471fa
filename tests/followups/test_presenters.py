"""What a checklist row says and the HTML it is written as."""

import datetime as dt

import html5lib
import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from config.links import url_for
from followups.factories import FollowUpStepFactory
from followups.presenters import (
    action_fields,
    format_moment,
    render_step_row,
    step_context,
    step_link,
    step_row,
)
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)  # a Tuesday
H = dt.timedelta(hours=1)


@pytest.fixture
def interview(user):
    application = JobApplicationFactory(
        owner=user, company_name="Globex", role_title="Platform Engineer"
    )
    return InterviewFactory(application=application, round_label="technical")


def test_format_moment_in_the_given_zone():
    assert format_moment(NOW, "UTC") == "Tue 10 Mar, 16:00"
    assert format_moment(NOW, "Asia/Tokyo") == "Wed 11 Mar, 01:00"
    # 01:00 UTC on Wednesday is still Tuesday evening in New York (summer time since 8 March).
    assert format_moment(NOW + 9 * H, "America/New_York") == "Tue 10 Mar, 21:00"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("followups:step_action", ["done"]),
        ("followups:step_action", ["snooze"]),
        ("followups:thank_you_composer", []),
        ("evaluations:form", []),
        ("references:briefing", []),
    ],
)
@pytest.mark.parametrize("pk", [1, 7, 2147483647, 12345678901])
def test_url_for_is_reverse(name, args, pk):
    assert url_for(name, pk, *args) == reverse(name, args=[pk, *args])


@pytest.mark.parametrize(
    ("kind", "url_name", "by", "label"),
    [
        ("thank_you", "followups:thank_you_composer", "pk", "Write the note"),
        ("follow_up", "followups:follow_up_composer", "pk", "Write the follow-up email"),
        ("brief_references", "references:briefing", "pk", "Write the briefing"),
        ("self_evaluation", "evaluations:form", "interview", "Fill in the self-evaluation"),
        (
            "next_steps",
            "interviews:interview_detail",
            "interview",
            "Record their timeline and instructions",
        ),
    ],
)
def test_step_link_leads_to_where_the_work_is_done(interview, kind, url_name, by, label):
    step = FollowUpStepFactory(interview=interview, kind=kind)
    pk = step.pk if by == "pk" else interview.pk
    assert step_link(step) == (reverse(url_name, args=[pk]), label)


def test_step_link_of_keep_looking_and_move_on(interview):
    keep_looking = FollowUpStepFactory(interview=interview, kind="keep_looking")
    assert step_link(keep_looking) == (reverse("interviews:application_list"), "Add an application")
    assert step_link(FollowUpStepFactory(interview=interview, kind="move_on")) == ("", "")


def test_step_context_names_the_application_and_round(interview):
    step = FollowUpStepFactory(interview=interview)
    assert step_context(step) == "Platform Engineer at Globex · Technical"
    step.interview = None
    assert step_context(step) == "Platform Engineer at Globex"
    step.application = None
    assert step_context(step) == ""


def test_step_row_of_an_open_step_not_open_yet(interview):
    step = FollowUpStepFactory(
        interview=interview, opens_at=NOW + 3 * 24 * H, due_at=NOW + 4 * 24 * H
    )
    row = step_row(step, now=NOW, zone="UTC")
    assert row.is_open
    assert (row.urgency, row.icon, row.window) == ("opening_soon", "○", "opens in 3 days")
    assert row.css_class == "step-pending step-opening_soon"
    assert row.when == "opens Fri 13 Mar, 16:00 · due Sat 14 Mar, 16:00"
    assert not row.can_snooze  # nothing to snooze before the window opens
    assert row.done_url == reverse("followups:step_action", args=[step.pk, "done"])
    assert row.skip_url == reverse("followups:step_action", args=[step.pk, "skip"])
    assert row.snooze_url == reverse("followups:step_action", args=[step.pk, "snooze"])


def test_step_row_of_an_overdue_snoozed_step(interview):
    step = FollowUpStepFactory(
        interview=interview,
        kind="move_on",
        opens_at=NOW - 48 * H,
        due_at=NOW - 24 * H,
        snoozed_until=NOW + 2 * H,
    )
    row = step_row(step, now=NOW, zone="Asia/Tokyo")
    assert (row.urgency, row.icon, row.window) == ("overdue", "!", "overdue by 24 h")
    assert row.when == "due Tue 10 Mar, 01:00"  # 16:00 UTC the day before, in Tokyo
    assert row.snoozed == "snoozed until Wed 11 Mar, 03:00"
    assert row.done_label == "Mark no response"
    assert row.note.startswith("No answer after your follow-ups.")
    assert row.can_snooze


def test_step_row_of_a_closed_step(interview):
    step = FollowUpStepFactory(
        interview=interview, status="done", done_at=NOW, channel="handwritten"
    )
    row = step_row(step, now=NOW, zone="UTC")
    assert not row.is_open
    assert (row.css_class, row.icon, row.status_label) == ("step-done", "✓", "Done")
    assert row.status_colour == "success"
    assert row.closed == "Tue 10 Mar, 16:00 · Handwritten card"
    skipped = FollowUpStepFactory(interview=interview, status="skipped", done_at=None)
    row = step_row(skipped, now=NOW, zone="UTC")
    assert (row.icon, row.status_colour, row.closed) == ("\u2013", "secondary", "")


def _parse(fragment: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parseFragment(fragment)


def test_render_step_row_open_with_actions(interview):
    interviewer = InterviewerFactory(interview=interview, name="Ana <b>Ruiz</b>")
    step = FollowUpStepFactory(
        interview=interview, interviewer=interviewer, opens_at=NOW - H, due_at=NOW + 5 * H
    )
    row = step_row(step, now=NOW, zone="UTC", with_context=True)
    fields = action_fields(csrf_token="tok", next_url='/today/?a=1&b="2"', show_context=True)
    html = render_step_row(row, fields=fields, show_context=True)
    tree = _parse(html)  # well-formed: strict parsing raises on any error
    [item] = tree.findall("li")
    assert item.get("id") == f"step-{step.pk}"
    assert item.get("aria-live") is None
    # User text is escaped, never markup.
    assert "Ana &lt;b&gt;Ruiz&lt;/b&gt;" in html and "<b>Ruiz</b>" not in html
    assert "Platform Engineer at Globex · Technical" in html
    forms = item.findall(".//form")
    assert [f.get("action") for f in forms] == [row.done_url, row.skip_url, row.snooze_url]
    for form in forms:
        fields = {i.get("name"): i.get("value") for i in form.findall("input")}
        assert fields == {
            "csrfmiddlewaretoken": "tok",
            "next": '/today/?a=1&b="2"',
            "show_context": "1",
        }
        assert form.get("hx-target") == f"#step-{step.pk}"
    assert [b.text for b in item.findall(".//form/button")][:2] == ["Done", "Skip"]
    [link] = item.findall(".//a")
    assert link.get("href") == reverse("followups:thank_you_composer", args=[step.pk])


def test_render_step_row_closed_without_actions_nor_context(interview):
    step = FollowUpStepFactory(interview=interview, status="done", done_at=NOW)
    fields = action_fields(csrf_token="tok", next_url="/")
    html = render_step_row(step_row(step, now=NOW, zone="UTC"), fields=fields, just_changed=True)
    [item] = _parse(html).findall("li")
    assert item.get("aria-live") == "polite"
    assert item.findall(".//form") == []
    assert "Globex" not in html  # no application line unless the list mixes applications
    assert "Done" in html


def test_action_fields_keep_safe_strings_and_escape_the_rest(interview):
    step = FollowUpStepFactory(interview=interview, opens_at=NOW - H)
    row = step_row(step, now=NOW, zone="UTC")
    fields = action_fields(csrf_token=mark_safe("a&b"), next_url="x&y")
    html = render_step_row(row, fields=fields)
    assert 'value="a&b"' in html
    assert 'value="x&amp;y"' in html
