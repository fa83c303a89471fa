"""The thank-you composer's choices: the better answer only when ticked, the private
self-evaluation never, and the warning when two notes of one panel are near-copies."""

import pytest
from django.urls import reverse

from evaluations.factories import EvaluationFactory
from followups import services
from followups.models import FollowUpStep
from tests.html import parse

pytestmark = pytest.mark.django_db

WISH = "I should have told the Medify story in STAR form"
BETTER = "On your question about conflict: I would now walk you through the Medify launch."


@pytest.fixture
def panel(make_interview, frozen):
    interview = make_interview(
        interviewers=["Priya Raman", "Tom Baker"], round_label="panel", better_answer=BETTER
    )
    EvaluationFactory(interview=interview, wish_said=WISH)
    services.plan_sync_interview(interview=interview)
    return interview


def steps_of(interview):
    return list(
        FollowUpStep.objects.filter(interview=interview, kind="thank_you").order_by(
            "interviewer__order"
        )
    )


def composer(step, **query):
    url = reverse("followups:thank_you_composer", args=[step.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_better_answer_is_left_out_until_ticked(user_client, panel):
    priya, _ = steps_of(panel)
    plain = user_client.get(composer(priya)).context["draft"].body
    ticked = user_client.get(composer(priya, better_answer=1)).context["draft"].body
    assert "Medify launch" not in plain
    assert "I would like to add to one of my answers. On your question about conflict" in ticked


def test_ticking_for_one_interviewer_leaves_the_other_alone(user_client, panel):
    priya, tom = steps_of(panel)
    user_client.post(composer(priya), {"draft": "Dear Priya, …", "better_answer": "1"})
    assert "Medify launch" not in user_client.get(composer(tom)).context["draft"].body


@pytest.mark.parametrize("query", [{}, {"better_answer": 1}, {"better_answer": 0}])
def test_the_private_wish_never_reaches_a_draft(user_client, panel, query):
    for step in steps_of(panel):
        response = user_client.get(composer(step, **query))
        assert WISH not in response.context["draft"].body
        assert WISH not in response.context["draft"].mailto
    follow_up = FollowUpStep.objects.get(interview=panel, kind="follow_up")
    url = reverse("followups:follow_up_composer", args=[follow_up.pk])
    assert WISH not in user_client.get(url).context["draft"].body


def test_the_composer_offers_the_checkbox_only_when_there_is_a_better_answer(
    user_client, panel, make_interview
):
    priya, _ = steps_of(panel)
    page = parse(user_client.get(composer(priya)).content.decode())
    assert page.find(".//input[@id='id_better_answer']") is not None
    panel.better_answer = ""
    panel.save()
    page = parse(user_client.get(composer(priya)).content.decode())
    assert page.find(".//input[@id='id_better_answer']") is None


def test_identical_panel_notes_are_flagged_with_what_to_add(user_client, panel):
    priya, _ = steps_of(panel)
    page = parse(user_client.get(composer(priya)).content.decode())
    warning = page.find(".//*[@data-near-copy]")
    assert warning is not None
    assert "Tom Baker" in "".join(warning.itertext())
    assert "one thing to mention" in "".join(warning.itertext()).lower()


def test_distinct_panel_notes_are_not_flagged(user_client, panel):
    first, second = panel.interviewers.order_by("order")
    first.mention = (
        "Your story about rebuilding the design system in six weeks stayed with me, especially "
        "how engineering came to own the component library and its accessibility checks."
    )
    second.mention = (
        "Thank you for walking me through the research repository; tagging interview clips by "
        "patient journey is something I would love to help grow, and I keep thinking about it."
    )
    first.save()
    second.save()
    priya, _ = steps_of(panel)
    response = user_client.get(composer(priya))
    assert response.context["near_copies"] == []
    assert parse(response.content.decode()).find(".//*[@data-near-copy]") is None


def test_the_salutation_written_for_them_is_used(user_client, panel):
    panel.interviewers.filter(name="Priya Raman").update(salutation="Hi Priya")
    priya, tom = steps_of(panel)
    assert user_client.get(composer(priya)).context["draft"].body.startswith("Hi Priya,\n")
    assert user_client.get(composer(tom)).context["draft"].body.startswith("Dear Tom,\n")
