import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import selectors
from evaluations.factories import EvaluationFactory
from evaluations.models import Evaluation
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, StepKind, StepStatus
from followups.services import plan_sync_interview
from interviews.factories import InterviewFactory, JobApplicationFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)

COMPLETE = {
    "went_well": "My answer on caching.",
    "wish_said": "That I led the payments migration.",
    "interviewer_reaction": "Nodded a lot.",
    "reaction_rating": "4",
    "confidence": "3",
    "confidence_why": "Rusty on SQL.",
    "company_feeling": "4",
    "growth": "yes",
    "fit_rating": "5",
    "interest_rating": "4",
    "struggled_questions": "Why us?",
}


@pytest.fixture
def interview(user):
    return InterviewFactory(owner=user, application__owner=user)


@pytest.fixture
def self_evaluation_step(interview):
    # The real plan makes the step (a hand-made one would be closed by the plan's recompute).
    plan_sync_interview(interview=interview)
    return FollowUpStep.objects.get(interview=interview, kind=StepKind.SELF_EVALUATION)


def form_url(interview):
    return reverse("evaluations:form", args=[interview.pk])


def test_form_shows_sections_and_labelled_scales(user_client, interview):
    response = user_client.get(form_url(interview))
    assert response.status_code == 200
    for text in ("The conversation", "The interviewer", "The company and the job", "To practise"):
        assert text in response.text
    assert "5\u00a0— Excellent" in response.text
    assert 'name="save_draft"' in response.text and 'name="finish"' in response.text


def test_save_draft_keeps_a_partial_evaluation(user_client, interview, self_evaluation_step):
    response = user_client.post(
        form_url(interview), {"went_well": "The intro.", "confidence": "2", "save_draft": "1"}
    )
    assert response.status_code == 302
    assert response.url == form_url(interview)
    evaluation = Evaluation.objects.get()
    assert (evaluation.owner, evaluation.interview) == (interview.owner, interview)
    assert (evaluation.went_well, evaluation.confidence) == ("The intro.", 2)
    assert evaluation.completed_at is None
    self_evaluation_step.refresh_from_db()
    assert self_evaluation_step.status == StepStatus.PENDING


def test_coming_back_shows_the_draft(user_client, interview):
    EvaluationFactory(interview=interview, went_well="Saved earlier", completed_at=None)
    response = user_client.get(form_url(interview))
    assert "Saved earlier" in response.text
    assert "Draft" in response.text


def test_saving_a_draft_twice_updates_the_same_evaluation(user_client, interview):
    user_client.post(form_url(interview), {"went_well": "One", "save_draft": "1"})
    user_client.post(form_url(interview), {"went_well": "Two", "save_draft": "1"})
    assert Evaluation.objects.get().went_well == "Two"


@time_machine.travel(NOW, tick=False)
def test_finish_completes_the_evaluation_and_the_plan_step(
    user_client, interview, self_evaluation_step
):
    other_kind = FollowUpStep.objects.filter(interview=interview, kind=StepKind.THANK_YOU).first()
    response = user_client.post(form_url(interview), {**COMPLETE, "finish": "1"})
    assert response.status_code == 302
    assert response.url == interview.get_absolute_url()
    evaluation = Evaluation.objects.get()
    assert evaluation.completed_at == NOW
    assert evaluation.wish_said == "That I led the payments migration."
    self_evaluation_step.refresh_from_db()
    other_kind.refresh_from_db()
    assert (self_evaluation_step.status, self_evaluation_step.done_at) == (StepStatus.DONE, NOW)
    assert other_kind.status == StepStatus.PENDING


def test_finish_without_key_answers_is_refused(user_client, interview, self_evaluation_step):
    response = user_client.post(form_url(interview), {"went_well": "Only this", "finish": "1"})
    assert response.status_code == 400
    assert "Answer this to finish the evaluation." in response.text
    assert not Evaluation.objects.exists()
    self_evaluation_step.refresh_from_db()
    assert self_evaluation_step.status == StepStatus.PENDING


def test_out_of_range_rating_is_refused_next_to_the_field(user_client, interview):
    response = user_client.post(form_url(interview), {"confidence": "7", "save_draft": "1"})
    assert response.status_code == 400
    assert "Pick a value from 1 to 5." in response.text
    assert not Evaluation.objects.exists()


def test_editing_a_finished_evaluation_keeps_it_finished(user_client, interview):
    first_done = NOW - dt.timedelta(days=1)
    EvaluationFactory(interview=interview, completed_at=first_done)
    page = user_client.get(form_url(interview))
    assert 'name="save_draft"' not in page.text

    refused = user_client.post(form_url(interview), {"went_well": "", "save_draft": "1"})
    assert refused.status_code == 400
    response = user_client.post(form_url(interview), {**COMPLETE, "went_well": "Edited"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.went_well, evaluation.completed_at) == ("Edited", first_done)


def test_another_users_interview_is_404_and_nothing_changes(user_client, other_user):
    theirs = InterviewFactory(owner=other_user, application__owner=other_user)
    evaluation = EvaluationFactory(interview=theirs, went_well="Theirs", completed_at=None)
    step = FollowUpStepFactory(interview=theirs, kind=StepKind.SELF_EVALUATION)
    assert user_client.get(form_url(theirs)).status_code == 404
    assert user_client.post(form_url(theirs), {**COMPLETE, "finish": "1"}).status_code == 404
    evaluation.refresh_from_db()
    step.refresh_from_db()
    assert (evaluation.went_well, evaluation.completed_at) == ("Theirs", None)
    assert step.status == StepStatus.PENDING
    assert Evaluation.objects.count() == 1


# --- The interview page hook ------------------------------------------------------------


def render_hook(interview, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load evaluations_tags %}{% interview_evaluation interview %}")
    return template.render(Context({"interview": interview, "request": request}))


def test_hook_invites_an_evaluation_after_the_interview(user, interview):
    html = render_hook(interview, user)
    assert "Evaluate this interview" in html
    assert form_url(interview) in html


def test_hook_waits_for_a_future_interview(user):
    future = InterviewFactory(
        owner=user,
        application__owner=user,
        starts_at=dt.datetime(2099, 1, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2099, 1, 1, 10, tzinfo=dt.UTC),
    )
    html = render_hook(future, user)
    assert "After the interview" in html
    assert form_url(future) not in html


def test_hook_offers_to_continue_a_draft(user, interview):
    EvaluationFactory(interview=interview, completed_at=None)
    assert "Continue your self-evaluation" in render_hook(interview, user)


def test_hook_summarises_a_finished_evaluation(user, interview):
    EvaluationFactory(interview=interview, confidence=2, fit_rating=5, growth="maybe")
    html = render_hook(interview, user)
    assert "Completed" in html
    assert "2/5" in html and "(low)" in html
    assert "(excellent fit)" in html
    assert "Maybe" in html


# --- Insights ---------------------------------------------------------------------------


def evaluate(user, company, day, **ratings):
    application = JobApplicationFactory(owner=user, company_name=company)
    starts = dt.datetime(2026, 3, day, 9, tzinfo=dt.UTC)
    interview = InterviewFactory(
        application=application, owner=user, starts_at=starts, ends_at=starts
    )
    return EvaluationFactory(interview=interview, **ratings)


def test_insights_aggregates_completed_evaluations_only(user_client, user, other_user):
    evaluate(user, "Acme", 1, confidence=2, reaction_rating=3, fit_rating=4,
             struggled_questions="Why us?\nDesign a cache")  # fmt: skip
    evaluate(user, "Globex", 2, confidence=4, reaction_rating=5, fit_rating=3,
             struggled_questions="why us")  # fmt: skip
    evaluate(user, "Draft Co", 3, confidence=1, completed_at=None)
    evaluate(other_user, "Not Mine", 4, confidence=5)

    response = user_client.get(reverse("evaluations:insights"))
    assert response.status_code == 200
    insights = response.context["insights"]
    assert insights.evaluations == 2
    assert insights.averages == {"confidence": 3.0, "reaction_rating": 4.0, "fit_rating": 3.5}
    assert [(q.text, q.count) for q in insights.struggled] == [
        ("Why us?", 2),
        ("Design a cache", 1),
    ]
    assert {row.company for row in insights.comparison} == {"Acme", "Globex"}
    text = response.text
    # Two evaluations are not a trend: no chart yet, and the page says when it comes.
    assert '<svg class="insight-chart' not in text
    assert "The chart appears once you have finished 3 self-evaluations (2 so far)" in text
    assert "Show the data as a table" in text
    assert "Draft Co" not in text and "Not Mine" not in text


def test_insights_draws_the_chart_from_three_evaluations(user_client, user):
    for day in range(1, 4):
        evaluate(user, f"Company {day}", day, confidence=day)
    text = user_client.get(reverse("evaluations:insights")).text
    assert '<title id="trend-title">' in text and '<desc id="trend-desc">' in text
    assert '<title id="trend-phone-title">' in text  # its own geometry for phones
    assert 'class="chart-average"' in text
    assert "The chart appears once" not in text


def test_insights_shows_the_funnel_of_the_search(user_client, user):
    from interviews import services as interviews

    offered = evaluate(user, "Acme", 1).interview.application
    interviews.application_set_status(application=offered, status="offer")
    JobApplicationFactory(owner=user, company_name="Silent Ltd")
    JobApplicationFactory(owner=JobApplicationFactory().owner, company_name="Not Mine")
    response = user_client.get(reverse("evaluations:insights"))
    funnel = response.context["funnel"]
    assert (funnel.total.applied, funnel.total.interviewed, funnel.total.offers) == (2, 1, 1)
    assert "Your search, from application to offer" in response.text


def test_the_funnel_puts_an_application_with_an_unknown_day_in_no_month(user):
    JobApplicationFactory(owner=user, date_applied=dt.date(2026, 5, 4))
    JobApplicationFactory(owner=user, date_applied=dt.date(2026, 6, 1), date_applied_known=False)

    funnel = selectors.funnel_for(user=user)

    assert funnel.total.applied == 2
    assert [(row.label, row.applied) for row in funnel.by_month] == [("May 2026", 1)]


def test_insights_funnel_is_one_query(user, django_assert_num_queries):
    for day in range(1, 4):
        evaluate(user, f"Company {day}", day)
    with django_assert_num_queries(1):
        selectors.funnel_for(user=user)


def test_insights_has_an_empty_state(user_client):
    response = user_client.get(reverse("evaluations:insights"))
    assert "No completed self-evaluations yet" in response.text
    assert '<svg class="insight-chart' not in response.text


def test_insights_dates_are_in_the_users_zone(user):
    user.time_zone = "Pacific/Auckland"
    user.save()
    evaluate(user, "Acme", 1)  # 09:00 UTC on 1 March is 22:00 in Auckland, same day
    late = JobApplicationFactory(owner=user)
    starts = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)  # 01:00 on 2 March in Auckland
    EvaluationFactory(
        interview=InterviewFactory(application=late, owner=user, starts_at=starts, ends_at=starts)
    )
    assert [f.interview_on for f in selectors.completed_evaluation_facts(user=user)] == [
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 2),
    ]


def test_insights_selector_is_one_query(user, django_assert_num_queries):
    for day in range(1, 4):
        evaluate(user, f"Company {day}", day)
    with django_assert_num_queries(1):
        selectors.insights_for(user=user)


def _insights_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluations:insights"))
    assert response.status_code == 200
    return len(queries)


def test_insights_page_query_count_does_not_grow_with_evaluations(user_client, user):
    for day in range(1, 4):
        evaluate(user, f"Company {day}", day)
    with_three = _insights_page_queries(user_client)
    for day in range(4, 31):
        evaluate(user, f"Company {day}", day)
    with_thirty = _insights_page_queries(user_client)
    assert Evaluation.objects.count() == 30
    assert with_three == with_thirty


def test_the_better_answer_is_kept_on_the_round_apart_from_the_private_wish(user_client, interview):
    user_client.post(
        form_url(interview),
        {
            "wish_said": "I froze on the conflict question.",
            "better_answer": "On conflict: I would now walk you through the billing launch.",
            "save_draft": "1",
        },
    )
    interview.refresh_from_db()
    assert interview.better_answer == (
        "On conflict: I would now walk you through the billing launch."
    )
    assert Evaluation.objects.get().wish_said == "I froze on the conflict question."
    page = user_client.get(form_url(interview)).content.decode()
    assert "walk you through the billing launch" in page
