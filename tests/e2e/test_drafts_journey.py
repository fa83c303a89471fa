"""Issue 13's journey: a panel round with two interviewers, both thank-you composers, the
better answer ticked for one; screenshots of both composers at desktop and phone sizes."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluations.factories import EvaluationFactory
from followups.models import FollowUpStep, StepKind
from interviews.factories import JobApplicationFactory
from interviews.models import Interview

from .conftest import SCREENSHOTS_WANTED, axe_check, require_feature, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WISH = "I should have told the Medify story in STAR form"
BETTER = (
    "You asked how I handle disagreement with engineers: I would now walk you through the "
    "Medify launch, where we settled it with a quick usability test."
)
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


def shoot(page, name):
    if not SCREENSHOTS_WANTED:
        return
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"drafts-{name}-{size}", full_page=True)


def test_panel_thank_you_notes_each_personal_better_answer_for_one(signed_in_page, e2e_user):
    require_feature("interviews:interview_create", "followups:thank_you_composer")
    page = signed_in_page
    application = JobApplicationFactory(
        owner=e2e_user, company_name="Medify", role_title="Product Designer", status="applied"
    )
    page.goto(reverse("interviews:interview_create", args=[application.pk]))
    page.select_option("#id_round_label", "panel")
    # A round that ended an hour ago: its thank-you notes are open.
    started = timezone.localtime() - dt.timedelta(hours=2)
    page.fill("#id_starts_at", started.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_duration", "60")
    # The optional part of the form is folded away until wanted.
    page.get_by_text("What happened (topics, questions, materials)").click()
    page.fill("#id_topics", "Design-to-code handoff; he asked how I run accessibility audits")
    page.fill("#id_materials_requested", "The Medify case study\nMy references")
    page.fill("#id_better_answer", BETTER)
    page.click("[data-add-row]")
    page.fill("#id_interviewers-0-name", "Priya Raman")
    page.fill("#id_interviewers-0-email", "priya@medify.example")
    page.fill(
        "#id_interviewers-0-mention",
        "I enjoyed hearing how your team moved design handoff into shared Figma libraries.",
    )
    page.fill("#id_interviewers-1-name", "Tom Baker")
    page.fill("#id_interviewers-1-email", "tom@medify.example")
    page.fill("#id_interviewers-1-salutation", "Hi Tom")
    page.fill(
        "#id_interviewers-1-mention",
        "Thank you for showing me the research repository; tagging clips by patient journey "
        "is a habit I would love to help grow.",
    )
    page.get_by_role("button", name=re.compile("Save round")).click()
    page.wait_for_url("**/applications/interviews/*/")
    interview = Interview.objects.get(application=application)
    EvaluationFactory(interview=interview, owner=e2e_user, wish_said=WISH)

    steps = {
        s.interviewer.name: s
        for s in FollowUpStep.objects.filter(interview=interview, kind=StepKind.THANK_YOU)
    }
    assert set(steps) == {"Priya Raman", "Tom Baker"}

    # Priya's composer: tick the better answer, copy the note.
    page.goto(reverse("followups:thank_you_composer", args=[steps["Priya Raman"].pk]))
    textarea = page.locator("#id_draft")
    expect(textarea).to_have_value(re.compile(r"^Dear Priya,\n"))
    assert "Medify launch" not in textarea.input_value()
    page.check("#id_better_answer")  # the checkbox rebuilds the draft at once
    page.wait_for_url("**better_answer=1**")
    priya = page.locator("#id_draft").input_value()
    assert "I would like to add to one of my answers. You asked how I handle" in priya
    assert "shared Figma libraries" in priya
    assert "the Medify case study and my references" in priya
    assert WISH not in priya and "accessibility audits" not in priya
    page.get_by_role("button", name="Copy to clipboard").click()
    expect(page.get_by_role("button", name="Copied!")).to_be_visible()
    expect(page.locator("[data-near-copy]")).to_have_count(0)
    axe_check(page)
    shoot(page, "thank-you-priya")

    # Tom's composer: his own greeting and line, no better answer.
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(reverse("followups:thank_you_composer", args=[steps["Tom Baker"].pk]))
    tom = page.locator("#id_draft").input_value()
    assert tom.startswith("Hi Tom,\n")
    assert "research repository" in tom and "Figma" not in tom
    assert "Medify launch" not in tom and WISH not in tom
    mailto = page.locator("#composer-mailto").get_attribute("href")
    assert mailto.startswith("mailto:tom@medify.example?subject=Thank%20you")
    shoot(page, "thank-you-tom")
    print("\n--- Priya ---\n" + priya + "\n--- Tom ---\n" + tom)


def test_follow_up_briefing_and_replies_share_one_composer_layout(signed_in_page, e2e_user):
    from interviews.services import InterviewerData, interview_create
    from references.factories import ReferenceFactory
    from references.services import reference_attach

    page = signed_in_page
    application = JobApplicationFactory(
        owner=e2e_user,
        company_name="Medify",
        role_title="Product Designer",
        status="interviewing",
        company_description="Medify makes scheduling software for clinics.",
    )
    start = timezone.now() - dt.timedelta(days=2)
    interview_create(
        application=application,
        round_label="panel",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        topics="Design-to-code handoff and research ops",
        expected_decision_on=timezone.localdate() + dt.timedelta(days=5),
        follow_up_contact="Sam Lee",
        interviewers=[InterviewerData(name="Priya Raman", email="priya@medify.example")],
    )
    reference = ReferenceFactory(owner=e2e_user, name="Dana Cole", email="dana@example.com")
    reference_attach(application=application, reference=reference)
    pages = {
        "follow-up": reverse(
            "followups:follow_up_composer",
            args=[FollowUpStep.objects.get(application=application, kind="follow_up").pk],
        ),
        "briefing": reverse(
            "references:briefing",
            args=[FollowUpStep.objects.get(application=application, kind="brief_references").pk],
        ),
        "rejection-reply": reverse("followups:reply_composer", args=[application.pk, "rejection"]),
        "offer-reply": reverse("followups:reply_composer", args=[application.pk, "offer"]),
    }
    for name, url in pages.items():
        page.set_viewport_size({"width": 1440, "height": 900})
        page.goto(url)
        for button in ("Copy to clipboard", "Open in your mail app"):
            expect(page.get_by_role("main").get_by_text(button)).to_be_visible()
        expect(page.get_by_role("heading", name="What went into the draft")).to_be_visible()
        expect(page.get_by_role("heading", name="Sent it?")).to_be_visible()
        body = page.locator("#id_draft").input_value()
        assert "matches the role" not in body and "\n\n\n" not in body
        print(f"\n--- {name} ---\n{body}")
        axe_check(page)
        shoot(page, name)
