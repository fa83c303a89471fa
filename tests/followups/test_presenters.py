"""What a checklist row says and the HTML it is written as."""

import datetime as dt

import html5lib
import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from followups.factories import FollowUpStepFactory
from followups.presenters import step_context, step_link, step_row
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from references.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)  # a Tuesday
H = dt.timedelta(hours=1)


@pytest.fixture
def interview(user):
    application = JobApplicationFactory(
        owner=user, company_name="Globex", role_title="Platform Engineer"
    )
    return InterviewFactory(application=application, round_label="technical")


@pytest.mark.parametrize(
    ("kind", "url_name", "by", "label"),
    [
        ("thank_you", "followups:thank_you_composer", "pk", "Write the note"),
        ("follow_up", "followups:follow_up_composer", "pk", "Write the follow-up email"),
        ("brief_references", "references:briefing", "pk", "Write the briefing"),
        ("self_evaluation", "evaluations:form", "interview", "Fill in the evaluation"),
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


def test_step_link_of_a_briefing_names_the_reference(interview):
    reference = ReferenceFactory(owner=interview.application.owner, name="Elena Park")
    step = FollowUpStepFactory(interview=interview, kind="brief_references", reference=reference)
    assert step_link(step) == (reverse("references:briefing", args=[step.pk]), "Brief Elena")


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
    assert (row.opens_at, row.due_at) == (step.opens_at, step.due_at)
    assert not row.can_snooze  # nothing to snooze before the window opens


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
    assert (row.opens_at, row.due_at) == (None, step.due_at)  # open already
    assert row.snoozed_until == NOW + 2 * H
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
    assert (row.done_at, row.channel_label) == (NOW, "Handwritten card")
    skipped = FollowUpStepFactory(interview=interview, status="skipped", done_at=None)
    row = step_row(skipped, now=NOW, zone="UTC")
    assert (row.icon, row.status_colour, row.done_at) == ("\u2013", "secondary", None)


def _parse(fragment: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parseFragment(fragment)


def _render(rows, *, next_url="/", show_context=False, just_changed=False, zone="UTC"):
    request = RequestFactory().get("/")
    partial = engines["jinja2"].get_template("followups/_step_rows.jinja")
    with timezone.override(zone):
        return partial.render(
            {
                "rows": rows,
                "next": next_url,
                "show_context": show_context,
                "just_changed": just_changed,
                "notice": None,
                "today": False,
            },
            request=request,
        )


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_rendered_row_open_with_actions(interview):
    interviewer = InterviewerFactory(interview=interview, name="Ana <b>Ruiz</b>")
    step = FollowUpStepFactory(
        interview=interview, interviewer=interviewer, opens_at=NOW - H, due_at=NOW + 5 * H
    )
    row = step_row(step, now=NOW, zone="UTC", with_context=True)
    html = _render([row], next_url='/today/?a=1&b="2"', show_context=True)
    tree = _parse(html)  # well-formed: strict parsing raises on any error
    [item] = tree.findall("li")
    assert item.get("id") == f"step-{step.pk}"
    assert item.get("aria-live") is None
    # User text is escaped, never markup.
    assert item.find(".//b") is None
    assert "Send a thank-you note to Ana <b>Ruiz</b>" in _text(item)
    assert "Platform Engineer at Globex · Technical" in _text(item)
    forms = item.findall(".//form")
    assert [f.get("action") for f in forms] == [
        reverse("followups:step_action", args=[step.pk, action])
        for action in ("done", "skip", "snooze")
    ]
    for form in forms:
        fields = {i.get("name"): i.get("value") for i in form.findall("input")}
        assert fields["next"] == '/today/?a=1&b="2"'
        assert fields["show_context"] == "1"
        assert "csrfmiddlewaretoken" in fields
        assert form.get("hx-target") == f"#step-{step.pk}"
    links = [a.get("href") for a in item.iter("a")]
    assert reverse("followups:thank_you_composer", args=[step.pk]) in links
    assert reverse("interviews:interview_detail", args=[interview.pk]) in links


def test_rendered_row_dates_are_in_the_users_zone(interview):
    step = FollowUpStepFactory(
        interview=interview, opens_at=NOW + 3 * 24 * H, due_at=NOW + 4 * 24 * H
    )
    row = step_row(step, now=NOW, zone="Asia/Tokyo")
    text = _text(_parse(_render([row], zone="Asia/Tokyo")))
    assert "due Sun 15 Mar, 01:00" in text
    assert "Opens Sat 14 Mar, 01:00" in text  # where Done will be


def test_rendered_row_closed_without_actions_nor_context(interview):
    step = FollowUpStepFactory(
        interview=interview, status="done", done_at=NOW, channel="handwritten"
    )
    html = _render([step_row(step, now=NOW, zone="UTC")], just_changed=True)
    [item] = _parse(html).findall("li")
    assert item.get("aria-live") == "polite"
    assert item.findall(".//form") == []
    assert "Globex" not in _text(item)  # no application line unless the list mixes them
    assert "Done Tue 10 Mar, 16:00 · Handwritten card" in _text(item)
