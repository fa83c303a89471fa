"""The journeys of a job seeker through Afterview, in a real Chromium, as a person would do them.

Each journey acts by visible labels and roles, checks what the user sees, and reads the
database where a wrong row would not show on the page. The fixtures (browser, page with
console-error guard, screenshots of the last page, axe-core) are in conftest.py.
"""

import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.core.management import call_command, get_commands
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from accounts.models import User
from core.choices import Channel
from evaluations.models import Evaluation
from followups import services as followups
from followups.models import FollowUpStep, StepKind, StepStatus
from interviews import services as interviews
from interviews.models import Interview, JobApplication
from interviews.services import InterviewerData
from references.models import ApplicationReference, Reference

from .conftest import E2E_PASSWORD, axe_check, labelled, log_in, require_feature

pytestmark = pytest.mark.e2e

PASSPHRASE = "a sturdy passphrase 42"
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def wall_clock(instant: dt.datetime, zone_name: str) -> str:
    """`instant` as a datetime-local input value in the zone `zone_name` (what a person types)."""
    return instant.astimezone(zoneinfo.ZoneInfo(zone_name)).strftime(DATETIME_LOCAL)


def step_row(scope, title: str):
    """The checklist row (a list item) of `scope` whose title reads `title`."""
    # `has` is matched inside each row, so it must be built from the page, not from `scope`.
    page = scope if isinstance(scope, Page) else scope.page
    return scope.get_by_role("listitem").filter(has=page.get_by_text(title, exact=True))


def interview_an_hour_ago(user, *, company="Initech", interviewers=("Priya Nair",)) -> Interview:
    """An application with a round that ended an hour ago, logged through the services
    (journey 1 logs one through the form) so the plan is the one the app computes."""
    now = timezone.now()
    application = interviews.application_create(
        owner=user,
        company_name=company,
        role_title="Backend Engineer",
        company_description="Payroll software for small businesses.",
    )
    return interviews.interview_create(
        application=application,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now - dt.timedelta(hours=1),
        interviewers=[InterviewerData(name=name) for name in interviewers],
        topics="Migrating the billing service to event sourcing.",
    )


def rate(page, question: str, answer: str) -> None:
    """Pick `answer` ("4 — High") among the radio buttons of `question`."""
    number, word = answer.split(" — ")
    page.get_by_role("group", name=question).get_by_label(
        re.compile(rf"^\s*{number}\s+— {re.escape(word)}\s*$")
    ).check()


# --- Journey 1 ---------------------------------------------------------------------------


def test_journey_1_sign_up_log_an_interview_and_send_one_thank_you_by_hand(page, live_server):
    """Sign up, set a time zone, log an interview that ended an hour ago with two
    interviewers, copy one thank-you draft and mark it sent as a handwritten card."""
    require_feature("today", "interviews:log_interview", "followups:thank_you_composer")
    zone = "Asia/Kolkata"  # a half-hour offset: a zone mix-up cannot pass by luck
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    page.goto("/")
    page.get_by_role("link", name=re.compile("Start your plan")).click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    labelled(page, "Email address").fill("sam.rivera@example.com")
    labelled(page, "Your name").fill("Sam Rivera")
    labelled(page, "Password").fill(PASSPHRASE)
    labelled(page, "Password confirmation").fill(PASSPHRASE)
    page.get_by_role("button", name="Create my account").click()
    # Signed in at once; the confirmation link is on its way (reminders wait for it).
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    page.get_by_role("link", name="Go to Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("button", name="Sam").click()
    main_nav.get_by_role("link", name="Profile & reminders").click()
    labelled(page, "Time zone").select_option(zone)
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("contentinfo")).to_contain_text(f"Times shown in {zone}.")

    now = timezone.now().replace(second=0, microsecond=0)
    main_nav.get_by_role("link", name="+ Log an interview").click()
    expect(page.get_by_role("heading", name="Log an interview")).to_be_visible()
    expect(labelled(page, "Which application is this round for?")).to_have_value("")
    labelled(page, "Company").fill("Globex")
    labelled(page, "Role").fill("Staff Engineer")
    labelled(page, "Starts").fill(wall_clock(now - dt.timedelta(hours=2), zone))
    labelled(page, "Length").select_option(label="1 hour")
    interviewers = page.get_by_role("group", name="Interviewers")
    labelled(interviewers, "Name").fill("Ana Ruiz")
    interviewers.get_by_role("button", name="+ Add an interviewer").click()
    expect(labelled(interviewers, "Name")).to_have_count(2)
    labelled(interviewers, "Name").nth(1).fill("Ben Okafor")
    page.get_by_role("button", name="Save interview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staff Engineer at Globex")

    interview = Interview.objects.select_related("application").get()
    assert interview.application.company_name == "Globex"
    assert interview.ends_at == now - dt.timedelta(hours=1)
    assert list(interview.interviewers.values_list("name", flat=True)) == [
        "Ana Ruiz",
        "Ben Okafor",
    ]

    main_nav.get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    ana_row = step_row(page, "Send a thank-you note to Ana Ruiz")
    ben_row = step_row(page, "Send a thank-you note to Ben Okafor")
    expect(ana_row).to_be_visible()
    expect(ben_row).to_be_visible()

    ana_row.get_by_role("link", name="Write the note").click()
    expect(page.get_by_role("heading", name="Thank-you note to Ana Ruiz")).to_be_visible()
    copy = page.get_by_role("button", name="Copy to clipboard")
    copy.click()
    expect(page.get_by_role("button", name="Copied!")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Ana" in copied
    page.get_by_role("button", name="Sent as a handwritten card").click()

    # Back on the interview page, whose checklist shows every step, closed ones included.
    expect(page.get_by_role("alert")).to_contain_text("Thank-you note marked as sent")
    expect(ana_row).to_contain_text("Handwritten card")
    expect(ana_row.get_by_text("Done", exact=True)).to_be_visible()
    expect(ana_row.get_by_role("button", name=re.compile("^Done"))).to_have_count(0)
    expect(ben_row.get_by_role("button", name=re.compile("^Done"))).to_be_visible()
    steps = {
        step.interviewer.name: step
        for step in FollowUpStep.objects.filter(kind=StepKind.THANK_YOU).select_related(
            "interviewer"
        )
    }
    assert (steps["Ana Ruiz"].status, steps["Ana Ruiz"].channel) == (
        StepStatus.DONE,
        Channel.HANDWRITTEN,
    )
    assert steps["Ben Okafor"].status == StepStatus.PENDING

    main_nav.get_by_role("link", name="Today").click()
    expect(ben_row.get_by_role("button", name=re.compile("^Done"))).to_be_visible()
    expect(ana_row).to_have_count(0)  # Today lists what is left to do
    assert User.objects.get().time_zone == zone
    assert JobApplication.objects.count() == 1
    axe_check(page)


# --- Journey 3 ---------------------------------------------------------------------------

STRUGGLED = "How would you shard a multi-tenant Postgres database?"


def test_journey_3_self_evaluation_draft_then_finished_shows_on_insights(signed_in_page, e2e_user):
    """Fill half the self-evaluation, save a draft, leave, come back to the same answers,
    finish it; the insights page charts it and lists the question to practise."""
    require_feature("evaluations:form", "evaluations:insights")
    page = signed_in_page
    interview = interview_an_hour_ago(e2e_user)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    step_row(page, "Evaluate your performance").get_by_role(
        "link", name="Fill in the evaluation"
    ).click()
    expect(page.get_by_role("heading", name="How did it go at Initech?")).to_be_visible()
    assert not Evaluation.objects.exists()
    labelled(page, "What went well? The answers you liked").fill(
        "The event-sourcing design; they nodded at the outbox idea."
    )
    rate(page, "How confident did you feel?", "4 — High")
    labelled(page, "Questions you struggled with").fill(STRUGGLED)
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("alert")).to_contain_text("Draft saved.")
    expect(page.get_by_text("Draft · saved")).to_be_visible()
    evaluation = Evaluation.objects.get(interview=interview)
    assert evaluation.is_draft
    assert evaluation.confidence == 4

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    evaluate_row = step_row(page, "Evaluate your performance")
    expect(evaluate_row).to_be_visible()  # a draft does not close the step
    evaluate_row.get_by_role("link", name="Fill in the evaluation").click()
    expect(labelled(page, "What went well? The answers you liked")).to_have_value(
        "The event-sourcing design; they nodded at the outbox idea."
    )
    expect(
        page.get_by_role("group", name="How confident did you feel?").get_by_label(
            re.compile(r"^\s*4\s+— High")
        )
    ).to_be_checked()
    expect(labelled(page, "Questions you struggled with")).to_have_value(STRUGGLED)

    labelled(page, "What do you wish you had said?").fill("That I led the Kafka migration.")
    rate(page, "Their reaction, overall", "4 — Warm")
    rate(page, "How do you feel about the company?", "5 — Love it")
    page.get_by_role("group", name="Could you see yourself growing there?").get_by_label(
        "Yes", exact=True
    ).check()
    rate(page, "Fit with your career goals", "4 — Good fit")
    rate(page, "Overall interest in the job", "5 — Dream job")
    page.get_by_role("button", name="Finish evaluation").click()

    expect(page.get_by_role("alert")).to_contain_text("Your self-evaluation is saved.")
    summary = page.get_by_role("region", name="Self-evaluation")
    expect(summary.get_by_text("Completed", exact=True)).to_be_visible()
    expect(summary).to_contain_text("That I led the Kafka migration.")
    evaluation.refresh_from_db()
    assert not evaluation.is_draft
    assert (evaluation.confidence, evaluation.reaction_rating, evaluation.fit_rating) == (4, 4, 4)
    step = FollowUpStep.objects.get(interview=interview, kind=StepKind.SELF_EVALUATION)
    assert step.status == StepStatus.DONE

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    # One evaluation is not a trend yet: no chart, a word on when it comes, the table open.
    trend = page.get_by_role("region", name="Over time")
    expect(trend).to_contain_text("The chart appears once you have finished 3 self-evaluations")
    expect(
        page.get_by_role("img", name="Confidence, interviewer reaction and fit over time")
    ).to_have_count(0)
    point = trend.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Initech"))
    expect(point.get_by_role("cell")).to_have_text([re.compile(r"\d+ \w+ \d{4}"), "4", "4", "4"])
    practise = page.get_by_role("region", name="Questions to practise")
    expect(practise.get_by_role("listitem").filter(has_text=STRUGGLED)).to_be_visible()
    axe_check(page)


# --- Journey 4 ---------------------------------------------------------------------------


def test_journey_4_add_a_reference_give_it_to_the_employer_and_brief_them(signed_in_page, e2e_user):
    """Add a reference, give it to an application from its page, brief them from the plan;
    the reference's page shows the briefing."""
    require_feature("references:list", "references:briefing", "interviews:application_detail")
    page = signed_in_page
    main_nav = page.get_by_role("navigation", name="Main")
    interview = interview_an_hour_ago(e2e_user, company="Umbrella")

    main_nav.get_by_role("link", name="References").click()
    page.get_by_role("link", name="+ Add a reference").click()
    labelled(page, "Name").fill("Dana Whitfield")
    labelled(page, "Relationship").select_option(label="Former manager")
    labelled(page, "Their company").fill("Initrode")
    labelled(page, "Email").fill("dana@example.com")
    labelled(page, "Agreed to be a reference").check()
    page.get_by_role("button", name="Add reference").click()
    expect(page.get_by_role("alert")).to_contain_text("Dana Whitfield is on your reference list.")
    reference = Reference.objects.get()
    assert (reference.owner, reference.agreed) == (e2e_user, True)

    main_nav.get_by_role("link", name="Applications").click()
    page.get_by_role("row").filter(has_text="Umbrella").get_by_role(
        "link", name="Backend Engineer"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Umbrella")
    given_card = page.get_by_role("region", name="References given to Umbrella")
    labelled(given_card, "Give a reference").select_option(label="Dana Whitfield")
    given_card.get_by_role("button", name="Give reference").click()
    expect(page.get_by_role("alert")).to_contain_text("Dana Whitfield is given to Umbrella.")
    expect(given_card.get_by_text("Not briefed yet")).to_be_visible()

    plan = page.get_by_role("region", name="References & follow-ups")
    brief_row = step_row(plan, "Brief Dana Whitfield, your reference")
    expect(brief_row).to_be_visible()
    brief_row.get_by_role("link", name="Brief Dana").click()
    expect(
        page.get_by_role("heading", name="Brief Dana Whitfield about Umbrella", level=1)
    ).to_be_visible()
    expect(labelled(page, "Your note")).to_contain_text("Umbrella")
    page.get_by_role("button", name="Briefed by email").click()

    expect(page.get_by_role("alert")).to_contain_text("Dana Whitfield is briefed about Umbrella.")
    expect(given_card.get_by_text("Briefed", exact=True)).to_be_visible()
    expect(brief_row.get_by_role("button", name=re.compile("^Done"))).to_have_count(0)
    step = FollowUpStep.objects.get(
        application=interview.application, kind=StepKind.BRIEF_REFERENCES
    )
    assert step.status == StepStatus.DONE
    given = ApplicationReference.objects.get()
    assert given.briefed_at is not None
    assert list(given.briefings.values_list("channel", flat=True)) == [Channel.EMAIL]

    main_nav.get_by_role("link", name="References").click()
    page.get_by_role("link", name="Dana Whitfield", exact=True).click()
    expect(page.get_by_role("heading", name="Dana Whitfield", level=1)).to_be_visible()
    history = page.get_by_role("region", name="Employers you gave them to")
    expect(history.get_by_role("link", name="Umbrella", exact=True)).to_be_visible()
    expect(history.get_by_text("Briefed", exact=True)).to_be_visible()
    expect(history.get_by_role("link", name="Brief again about Umbrella")).to_be_visible()
    expect(page.get_by_role("region", name="Care")).not_to_contain_text("Never")
    axe_check(page)


# --- Journey 5 ---------------------------------------------------------------------------


@pytest.mark.parametrize("gesture", ["move_to_control", "drag_and_drop"])
def test_journey_5_an_offer_on_the_board_closes_the_open_steps(signed_in_page, e2e_user, gesture):
    """Move the application to "Offer" on the board, with the keyboard's "Move to…" control
    or by dragging the card; every step still open ends as "not needed"."""
    require_feature("pipeline:board", "interviews:application_detail")
    page = signed_in_page
    interview = interview_an_hour_ago(e2e_user, company="Hooli", interviewers=("Gavin Belson",))
    application = interview.application
    followups.step_complete(
        step=FollowUpStep.objects.get(interview=interview, kind=StepKind.THANK_YOU),
        channel=Channel.EMAIL,
    )
    open_before = set(
        FollowUpStep.objects.filter(application=application).open().values_list("kind", flat=True)
    )
    assert {StepKind.SELF_EVALUATION, StepKind.FOLLOW_UP} <= open_before

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pipeline").click()
    expect(page.get_by_role("heading", name="Pipeline", level=1)).to_be_visible()
    interviewing = page.get_by_role("region", name="Interviewing", exact=True)
    offer = page.get_by_role("region", name="Offer", exact=True)
    card = interviewing.get_by_role("article", name="Hooli")
    expect(card).to_be_visible()

    if gesture == "move_to_control":
        card.get_by_text("Move to…").focus()
        page.keyboard.press("Enter")
        labelled(card, "Move Hooli to").select_option(label="Offer")
        card.get_by_role("button", name="Move", exact=True).press("Enter")
    else:
        card.drag_to(offer)
    # Either way the move leads to the application, which asks for the offer's deadline.
    expect(page.get_by_role("alert")).to_contain_text("Hooli: moved to “Offer”.")
    expect(page.get_by_role("alert")).to_contain_text("When does the offer expire?")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hooli")
    expect(page.get_by_label(re.compile("When does the offer expire"))).to_be_visible()
    application.refresh_from_db()
    assert application.status == "offer"
    steps = dict(FollowUpStep.objects.filter(application=application).values_list("kind", "status"))
    assert steps[StepKind.THANK_YOU] == StepStatus.DONE
    # The round's steps close; only the offer's own steps are open (issue 18). With no deadline
    # given yet, nothing goes to the other processes.
    assert set(
        FollowUpStep.objects.filter(application=application).open().values_list("kind", flat=True)
    ) == {StepKind.OFFER_CONFIRM, StepKind.OFFER_DECIDE, StepKind.OFFER_RESPOND}
    assert {steps[kind] for kind in open_before} == {StepStatus.NOT_NEEDED}

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Pipeline").click()
    card = offer.get_by_role("article", name="Hooli")
    expect(card).to_be_visible()
    expect(interviewing.get_by_role("article", name="Hooli")).to_have_count(0)

    card.get_by_role("link", name="Hooli").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hooli")
    plan = page.get_by_role("region", name="References & follow-ups")
    expect(step_row(plan, "Follow up with the employer")).to_contain_text("Not needed")
    # Open: the three offer steps only.
    expect(plan.get_by_role("button", name=re.compile("^Done"))).to_have_count(3)

    page.get_by_role("region", name="Interview rounds").get_by_role("link").first.click()
    plan = page.get_by_role("region", name="Follow-up plan")
    expect(step_row(plan, "Send a thank-you note to Gavin Belson")).to_contain_text("Done")
    expect(plan.get_by_role("button", name=re.compile("^Done"))).to_have_count(0)
    plan.get_by_text(re.compile(r"steps? no longer needed")).click()
    dropped = plan.get_by_role("group")  # the <details> just opened
    for title in ("Evaluate your performance", "Ask about next steps"):
        expect(dropped.get_by_role("listitem").filter(has_text=title)).to_be_visible()
    axe_check(page)


# --- Journey 2 ---------------------------------------------------------------------------

# Spread around the globe so that, whatever the hour, one of them is in working hours.
ZONES_AROUND_THE_WORLD = (
    "America/Los_Angeles",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Pacific/Auckland",
)


def zone_in_working_hours(now: dt.datetime) -> str:
    """A zone where `now` is between 10:00 and 18:00: reminders never wait for the end of
    the night's quiet hours, and the journey runs at any time of day."""
    for name in ZONES_AROUND_THE_WORLD:
        if 10 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 18:
            return name
    raise AssertionError(f"no zone of {ZONES_AROUND_THE_WORLD} is in working hours at {now}")


def reminders_merged() -> bool:
    return "send_reminders" in get_commands()


@pytest.mark.skipif(not reminders_merged(), reason="reminders not merged yet (no send_reminders)")
def test_journey_2_the_reminder_email_marks_the_thank_you_done_in_one_click(
    page, live_server, smtp_sink, settings
):
    """The reminder pass emails the thank-you reminder over SMTP; its "Mark done" link opens
    a confirmation in the browser (no session needed), and confirming closes the step."""
    require_feature("today", "interviews:interview_detail")
    settings.SITE_URL = live_server.url  # the email's absolute links point at this server
    now = timezone.now()
    user = UserFactory(
        email="robin@example.com", full_name="Robin Example", time_zone=zone_in_working_hours(now)
    )
    interview = interview_an_hour_ago(user, company="Soylent", interviewers=("Ana Lee",))
    thank_you = FollowUpStep.objects.get(interview=interview, kind=StepKind.THANK_YOU)

    call_command("send_reminders", stdout=io.StringIO())

    [message] = smtp_sink.wait_for(1)
    assert message["To"] == user.email
    assert "thank-you note to Ana Lee" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert f"Times are in {user.time_zone}." in text
    after_headline = text[text.index("thank-you note to Ana Lee") :]
    mark_done = re.search(r"Mark done: (\S+)", after_headline).group(1)
    assert mark_done.startswith(live_server.url + "/")

    page.goto(mark_done)
    expect(page.get_by_role("heading", name="Mark this as done?")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Ana Lee")
    thank_you.refresh_from_db()
    assert (
        thank_you.status == StepStatus.PENDING
    )  # opening the link (a mail scanner) is not a click
    page.get_by_role("button", name="Mark done").click()

    expect(page.get_by_role("heading", name=re.compile("Done"))).to_be_visible()
    thank_you.refresh_from_db()
    assert thank_you.status == StepStatus.DONE

    page.get_by_role("link", name="Open your Today page").click()
    log_in(page, user.email, E2E_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(step_row(page, "Send a thank-you note to Ana Lee")).to_have_count(0)
    page.goto(interview.get_absolute_url())
    plan = page.get_by_role("region", name="Follow-up plan")
    expect(step_row(plan, "Send a thank-you note to Ana Lee")).to_contain_text("Done")
    axe_check(page)
