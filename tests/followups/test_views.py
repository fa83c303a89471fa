"""Today page, one-click step actions, the plan hooks and owner scoping."""

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followups import services
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepStatus
from followups.presenters import NOTICE_KEY
from followups.selectors import TODAY_COUNT_CAP, TODAY_GROUP_LIMIT, today_group_steps
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from tests.html import parse

from .conftest import NOW

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


@pytest.fixture
def step(user, make_interview, frozen):
    interview = make_interview(interviewers=["Ana Ruiz"])
    services.plan_sync_interview(interview=interview)
    return FollowUpStep.objects.get(application=interview.application, kind="thank_you")


def action_url(step, action):
    return reverse("followups:step_action", args=[step.pk, action])


# --- Step actions --------------------------------------------------------------------------


def test_done_without_js_redirects_back(user_client, step):
    response = user_client.post(action_url(step, "done"), {"next": "/today/"})
    assert response.status_code == 302
    assert response.url == "/today/"
    step.refresh_from_db()
    assert (step.status, step.done_at) == (StepStatus.DONE, NOW)


def test_done_with_htmx_swaps_the_row(user_client, step):
    response = user_client.post(
        action_url(step, "done"), {"next": "/today/"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith("<li")
    assert f'id="step-{step.pk}"' in html
    assert "Done</span>" in html
    assert "<html" not in html
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


def test_done_with_a_channel(user_client, step):
    user_client.post(action_url(step, "done"), {"channel": "linkedin"})
    step.refresh_from_db()
    assert step.channel == "linkedin"


@pytest.mark.parametrize("htmx", [False, True])
def test_skip(user_client, step, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = user_client.post(action_url(step, "skip"), headers=headers)
    assert response.status_code == (200 if htmx else 302)
    step.refresh_from_db()
    assert step.status == StepStatus.SKIPPED


@pytest.mark.parametrize(
    ("option", "until"),
    [
        ("3h", NOW + 3 * H),
        ("tomorrow", dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC)),
        ("next_week", dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC)),
        ("bogus", dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC)),  # falls back to tomorrow
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_snooze(user_client, step, option, until, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = user_client.post(action_url(step, "snooze"), {"snooze_for": option}, headers=headers)
    assert response.status_code == (200 if htmx else 302)
    step.refresh_from_db()
    assert (step.status, step.snoozed_until, step.next_reminder_at) == ("pending", until, until)
    if htmx:
        assert "snoozed until" in response.content.decode()


def test_an_unsafe_next_falls_back_to_the_interview(user_client, step):
    response = user_client.post(action_url(step, "skip"), {"next": "https://evil.example/"})
    assert response.url == step.interview.get_absolute_url()


@pytest.mark.parametrize("candidate", ["0", "today", "//evil.example/x"])
def test_a_next_that_is_not_a_site_path_falls_back_to_the_interview(user_client, step, candidate):
    # A bare word once reached redirect(), which took it for a view name: a 500.
    response = user_client.post(action_url(step, "skip"), {"next": candidate})
    assert response.status_code == 302
    assert response.url == step.interview.get_absolute_url()


def test_get_is_not_allowed_and_changes_nothing(user_client, step):
    assert user_client.get(action_url(step, "done")).status_code == 405
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING


def test_an_unknown_action_is_404(user_client, step):
    assert user_client.post(action_url(step, "explode")).status_code == 404


def test_done_on_a_thank_you_starts_the_follow_up_clock(user_client, step):
    user_client.post(action_url(step, "done"))
    follow_up = FollowUpStep.objects.get(application=step.application, kind="follow_up")
    assert follow_up.opens_at == dt.datetime(2026, 3, 17, 9, tzinfo=dt.UTC)


OWNER_URLS = [
    ("followups:step_action", ["done"]),
    ("followups:step_action", ["skip"]),
    ("followups:step_action", ["snooze"]),
    ("followups:thank_you_composer", []),
]


@pytest.mark.parametrize(("name", "extra"), OWNER_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_step_is_404_and_unchanged(client, other_user, step, name, extra, method):
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    before = FollowUpStep.objects.filter(pk=step.pk).values().get()
    url = reverse(name, args=[step.pk, *extra])
    data = {"draft": "Hacked", "channel": "email", "snooze_for": "3h"}
    response = getattr(client, method)(url, data if method == "post" else None)
    assert response.status_code == 404
    assert FollowUpStep.objects.filter(pk=step.pk).values().get() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_follow_up_composer_is_404(client, other_user, step, method):
    follow_up = FollowUpStep.objects.get(application=step.application, kind="follow_up")
    client.force_login(other_user, backend="django.contrib.auth.backends.ModelBackend")
    before = FollowUpStep.objects.filter(pk=follow_up.pk).values().get()
    url = reverse("followups:follow_up_composer", args=[follow_up.pk])
    response = getattr(client, method)(url, {"draft": "Hacked", "channel": "email"})
    assert response.status_code == 404
    assert FollowUpStep.objects.filter(pk=follow_up.pk).values().get() == before


def test_actions_need_a_login(client, step):
    response = client.post(action_url(step, "done"))
    assert response.status_code == 302
    assert reverse("login") in response.url
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING


# --- Today ---------------------------------------------------------------------------------


def test_today_empty_state_suggests_logging_an_interview(user_client, frozen):
    response = user_client.get(reverse("today"))
    assert response.status_code == 200
    assert "Your follow-up plan starts with an interview" in response.content.decode()
    assert reverse("interviews:log_interview") in response.content.decode()


def test_today_keep_looking_alone_still_suggests_logging_an_interview(user, user_client, frozen):
    services.plan_sync_application(application=JobApplicationFactory(owner=user, status="applied"))
    response = user_client.get(reverse("today"))
    html = response.content.decode()
    assert response.context["plan"].keep_looking is not None
    assert "Your follow-up plan starts with an interview" in html
    assert "of 3 new applications this week" in html


def test_today_groups_steps_by_urgency(user, user_client, frozen):
    interview = InterviewFactory(application=JobApplicationFactory(owner=user))

    def make(title_kind, opens, due, **extra):
        return FollowUpStepFactory(
            interview=interview, kind=title_kind, opens_at=NOW + opens, due_at=NOW + due, **extra
        )

    overdue = make("self_evaluation", -30 * H, -2 * 24 * H)
    today = make("thank_you", -H, 5 * H)
    up_next = make("brief_references", -H, 30 * H)
    soon = make("follow_up", 3 * 24 * H, 4 * 24 * H)
    later = make("next_steps", 20 * 24 * H, 21 * 24 * H)
    snoozed = make("thank_you", -H, 4 * H, snoozed_until=NOW + 2 * H)
    done = make("thank_you", -H, 4 * H, status="done")

    response = user_client.get(reverse("today"))
    groups = {g.slug: [s.pk for s in g.steps] for g in response.context["plan"].groups}
    assert groups == {
        "overdue": [overdue.pk],
        "due_today": [today.pk],
        "up_next": [up_next.pk],
        "opening_soon": [soon.pk],
    }
    html = response.content.decode()
    assert "overdue by 2 days" in html
    assert "due in 5 h" in html
    assert "opens in 3 days" in html
    assert html.index("Overdue") < html.index("Due today") < html.index("Opening soon")
    assert f"step-{later.pk}" not in html
    assert f"step-{done.pk}" not in html
    # A snoozed step waits in its own group, with its wake time, out of the others.
    assert [s.pk for s in response.context["plan"].snoozed_group.steps] == [snoozed.pk]
    snoozed_group = next(
        section
        for section in parse(html).iter("section")
        if "today-group-snoozed" in (section.get("class") or "")
    )
    assert [li.get("id") for li in snoozed_group.iter("li")] == [f"step-{snoozed.pk}"]
    assert "snoozed until Tue 10 Mar, 18:00" in " ".join("".join(snoozed_group.itertext()).split())


def test_today_shows_times_in_the_user_zone(user, user_client, frozen):
    user.time_zone = "Asia/Tokyo"
    user.save()
    interview = InterviewFactory(application=JobApplicationFactory(owner=user))
    FollowUpStepFactory(interview=interview, opens_at=NOW - H, due_at=NOW + 5 * H)
    html = user_client.get(reverse("today")).content.decode()
    assert "due Wed 11 Mar, 06:00" in html  # 21:00 UTC is 06:00 in Tokyo


def _steps_for(user, count):
    applications = JobApplicationFactory.create_batch(3, owner=user)
    interviews = [InterviewFactory(application=a) for a in applications]
    interviewers = [InterviewerFactory(interview=i) for i in interviews]
    kinds = ["thank_you", "self_evaluation", "follow_up", "brief_references", "next_steps"]
    for n in range(count):
        interview = interviews[n % 3]
        FollowUpStepFactory(
            interview=interview,
            interviewer=interviewers[n % 3] if n % 2 else None,
            kind=kinds[n % len(kinds)],
            opens_at=NOW - (n % 4) * H,
            due_at=NOW + (n % 7 - 3) * 10 * H,
        )


def _count_today_queries(client):
    client.get(reverse("today"))  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("today"))
    assert response.status_code == 200
    return len(queries), response


def test_today_query_count_is_constant_in_the_number_of_steps(user, user_client, frozen):
    _steps_for(user, 5)
    at_five, response = _count_today_queries(user_client)
    assert sum(g.total for g in response.context["plan"].groups) == 5
    _steps_for(user, 45)
    at_fifty, response = _count_today_queries(user_client)
    groups = response.context["plan"].groups
    assert sum(g.total for g in groups) == 50
    # Each group lists its most urgent few; "Show all" pages through the rest.
    assert all(len(g.steps) == min(g.total, TODAY_GROUP_LIMIT) for g in groups)
    assert at_five == at_fifty
    # The session, the user, whether their address is confirmed (the notice above the plan),
    # then the plan's numbers, its rows (with what they print) and this week's applications.
    assert at_fifty == 6


def test_today_group_lists_the_most_urgent_and_links_to_all(user, user_client, frozen):
    _steps_for(user, 50)
    response = user_client.get(reverse("today"))
    overdue = next(g for g in response.context["plan"].groups if g.slug == "overdue")
    everything = list(today_group_steps(user, slug="overdue", now=NOW))
    assert overdue.total == len(everything) > TODAY_GROUP_LIMIT
    assert [s.pk for s in overdue.steps] == [s.pk for s in everything[:TODAY_GROUP_LIMIT]]
    assert f"Show all {overdue.total}" in response.content.decode()
    page = user_client.get(reverse("today"), {"group": "overdue"})
    assert [s.pk for s in page.context["focus"].steps] == [s.pk for s in everything]
    assert "Back to Today" in page.content.decode()


def test_today_get_writes_nothing(user, user_client, frozen):
    application = JobApplicationFactory(owner=user, status="applied")
    with CaptureQueriesContext(connection) as queries:
        assert user_client.get(reverse("today")).status_code == 200
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == [] or all("django_session" in sql for sql in writes)
    assert not FollowUpStep.objects.filter(application=application).exists()
    assert not FollowUpStep.objects.owned_by(user).exists()


def test_today_shows_keep_looking_progress(user, user_client, make_interview, frozen):
    services.plan_sync_interview(interview=make_interview())
    JobApplicationFactory(owner=user, date_applied=dt.date(2026, 3, 9))
    html = user_client.get(reverse("today")).content.decode()
    # The interview's application (applied 10 days ago) does not count; this one does.
    assert "<strong>1</strong> of 3 new applications this week" in html


# --- Template hooks ------------------------------------------------------------------------


def test_interview_plan_renders_the_checklist_with_actions(rf, user, step):
    request = rf.get("/applications/interviews/1/")
    request.user = user
    html = Template("{% load followups_tags %}{% interview_plan interview %}").render(
        Context({"interview": step.interview, "request": request, "csrf_token": "tok"})
    )
    assert "Send a thank-you note to Ana Ruiz" in html
    assert "due in 23 h" in html
    assert reverse("followups:thank_you_composer", args=[step.pk]) in html
    assert f'hx-post="{action_url(step, "done")}"' in html
    assert 'name="next" value="/applications/interviews/1/"' in html
    assert reverse("evaluations:form", args=[step.interview_id]) in html


def test_application_plan_lists_follow_ups(rf, user, step):
    request = rf.get("/")
    request.user = user
    html = Template("{% load followups_tags %}{% application_plan application %}").render(
        Context({"application": step.application, "request": request})
    )
    assert "Follow up with the employer" in html
    assert "opens in 7 days" in html  # 6 days 17 h


def test_next_step_badge(step):
    html = Template("{% load followups_tags %}{% next_step_badge step %}").render(
        Context({"step": step})
    )
    assert "Send a thank-you note · due in 23 h" in html
    empty = Template("{% load followups_tags %}{% next_step_badge None %}").render(Context({}))
    assert "—" in empty


def test_interview_plan_folds_away_steps_no_longer_needed(rf, user, make_interview, frozen):
    interview = make_interview()
    services.plan_sync_interview(interview=interview)
    InterviewerFactory(interview=interview, name="Ana Ruiz")
    services.plan_sync_interview(interview=interview)
    request = rf.get("/")
    request.user = user
    html = Template("{% load followups_tags %}{% interview_plan interview %}").render(
        Context({"interview": interview, "request": request})
    )
    rows, folded = html.split("no longer needed")
    assert "Send a thank-you note to Ana Ruiz" in rows
    assert "1 step" in rows
    assert "Send a thank-you note <span" in folded


def test_today_says_99_plus_for_a_long_backlog_and_the_group_page_counts_exactly(
    user, user_client, frozen
):
    interview = InterviewFactory(application=JobApplicationFactory(owner=user))
    FollowUpStep.objects.bulk_create(
        FollowUpStep(
            owner=user,
            application=interview.application,
            interview=interview,
            kind="self_evaluation",
            key=f"late:{n}",
            opens_at=NOW - 72 * H,
            due_at=NOW - 48 * H,
        )
        for n in range(TODAY_COUNT_CAP + 21)
    )
    html = user_client.get(reverse("today")).content.decode()
    assert f"Show all {TODAY_COUNT_CAP}+ overdue steps</a>" in html
    assert f">{TODAY_COUNT_CAP}+</span>" in html
    page = user_client.get(reverse("today"), {"group": "overdue"})
    assert page.context["focus"].total == TODAY_COUNT_CAP + 21
    assert f">{TODAY_COUNT_CAP + 21}</span>" in page.content.decode()


def test_interview_plan_renders_in_a_fixed_number_of_queries(rf, user, make_interview, frozen):
    def render(interview):
        request = rf.get("/")
        request.user = user
        template = Template("{% load followups_tags %}{% interview_plan interview %}")
        with CaptureQueriesContext(connection) as queries:
            html = template.render(Context({"interview": interview, "request": request}))
        return len(queries), html

    small = make_interview(interviewers=["Ana Ruiz"])
    services.plan_sync_interview(interview=small)
    large = make_interview(interviewers=["Ana Ruiz", "Ben Okafor", "Chen Wei", "Dara Ali"])
    services.plan_sync_interview(interview=large)
    small_count, _ = render(small)
    large_count, html = render(large)
    assert "Send a thank-you note to Dara Ali" in html
    # The steps, and the reminders hook's given-up reminders (reminders_tags).
    assert small_count == large_count == 2


# --- Refusals, messages and Undo -------------------------------------------------------------


def test_done_before_a_step_opens_is_refused_with_a_reason(user_client, step, frozen):
    step.opens_at, step.due_at = NOW + 24 * H, NOW + 48 * H
    step.save()
    response = user_client.post(action_url(step, "done"), {"next": "/today/"}, follow=True)
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING
    notice = response.context["notice"]
    assert not notice["ok"] and not notice["token"]
    assert notice["message"].startswith("Not yet:")
    assert "opens Wed 11 Mar, 16:00" in notice["message"]


def test_snooze_then_undo_brings_the_step_back(user_client, step, frozen):
    response = user_client.post(
        action_url(step, "snooze"), {"next": "/today/", "snooze_for": "3h"}, follow=True
    )
    step.refresh_from_db()
    assert step.snoozed_until == NOW + 3 * H
    plan = response.context["plan"]
    assert [s.pk for s in plan.snoozed_group.steps] == [step.pk]
    assert all(step.pk not in [s.pk for s in g.steps] for g in plan.groups)
    # The message and its Undo, once.
    [undo] = [
        form
        for form in parse(response.content.decode()).iter("form")
        if form.get("action") == action_url(step, "undo")
    ]
    token = next(i.get("value") for i in undo.iter("input") if i.get("name") == "token")
    response = user_client.post(
        action_url(step, "undo"), {"next": "/today/", "token": token}, follow=True
    )
    step.refresh_from_db()
    assert step.snoozed_until is None
    assert response.context["notice"]["message"].startswith("Back on your plan")
    assert not response.context["plan"].snoozed_group.steps


def test_undo_of_a_done_reopens_the_step(user_client, step, frozen):
    user_client.post(action_url(step, "done"), {"next": "/today/"})
    notice = user_client.session[NOTICE_KEY]
    user_client.post(action_url(step, "undo"), {"next": "/today/", "token": notice["token"]})
    step.refresh_from_db()
    assert (step.status, step.done_at) == (StepStatus.PENDING, None)


def test_undo_too_late_or_of_another_step_changes_nothing(user_client, step, frozen):
    user_client.post(action_url(step, "skip"), {"next": "/today/"})
    token = user_client.session[NOTICE_KEY]["token"]
    frozen.shift(dt.timedelta(minutes=5))
    user_client.post(action_url(step, "undo"), {"next": "/today/", "token": token})
    step.refresh_from_db()
    assert step.status == StepStatus.SKIPPED
    user_client.post(action_url(step, "undo"), {"next": "/today/", "token": "forged"})
    step.refresh_from_db()
    assert step.status == StepStatus.SKIPPED
