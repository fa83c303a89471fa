"""Reads for the self-evaluation pages and the insights page."""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from interviews.models import ApplicationStatus, Interview, JobApplication, StatusChange

from .keeping_word import KeepingWord, ProcessFacts, keeping_word
from .models import Evaluation
from .rules import EvaluationFacts, Funnel, FunnelFact, Insights, aggregate_insights, search_funnel


def evaluation_for(*, interview, user) -> Evaluation | None:
    """The user's evaluation of this interview, if they started one."""
    return Evaluation.objects.owned_by(user).filter(interview=interview).first()


def completed_evaluation_facts(*, user) -> list[EvaluationFacts]:
    """The user's completed evaluations in interview order, as plain facts (one query)."""
    evaluations = (
        Evaluation.objects.owned_by(user)
        .filter(completed_at__isnull=False)
        .select_related("interview__application")
        .only(
            "confidence",
            "reaction_rating",
            "fit_rating",
            "interest_rating",
            "company_feeling",
            "growth",
            "struggled_questions",
            "interview__round_label",
            "interview__starts_at",
            "interview__application__id",
            "interview__application__company_name",
            "interview__application__role_title",
            "interview__application__status",
        )
        .order_by("interview__starts_at", "pk")
    )
    zone = user.zone
    facts = []
    for evaluation in evaluations:
        interview = evaluation.interview
        application = interview.application
        facts.append(
            EvaluationFacts(
                application_id=application.pk,
                company=application.company_name,
                role=application.role_title,
                status_label=application.get_status_display(),
                is_offer=application.status
                in (ApplicationStatus.OFFER, ApplicationStatus.ACCEPTED),
                interview_label=interview.get_round_label_display(),
                interview_on=interview.starts_at.astimezone(zone).date(),
                confidence=evaluation.confidence,
                reaction_rating=evaluation.reaction_rating,
                fit_rating=evaluation.fit_rating,
                interest_rating=evaluation.interest_rating,
                company_feeling=evaluation.company_feeling,
                growth=evaluation.growth,
                struggled_questions=evaluation.struggled_questions,
            )
        )
    return facts


def insights_for(*, user) -> Insights:
    """Everything the insights page shows, in a constant number of queries (one)."""
    return aggregate_insights(completed_evaluation_facts(user=user))


def keeping_word_facts(*, user) -> list[ProcessFacts]:
    """One `ProcessFacts` per application with a round (its latest, not cancelled): the
    promised decision date and when the answer came, in the user's zone (three queries)."""
    zone = user.zone
    rounds: dict[int, Interview] = {}
    for interview in (
        Interview.objects.owned_by(user)
        .filter(cancelled_at__isnull=True)
        .only("application_id", "round_label", "starts_at", "expected_decision_on")
        .order_by("starts_at", "pk")
    ):
        rounds[interview.application_id] = interview  # the latest wins
    answers: dict[int, list] = {}
    for application_id, changed_at in (
        StatusChange.objects.owned_by(user)
        .filter(
            application_id__in=rounds,
            to_status__in=(ApplicationStatus.OFFER, ApplicationStatus.REJECTED),
        )
        .values_list("application_id", "changed_at")
    ):
        answers.setdefault(application_id, []).append(changed_at)
    facts = []
    for application in JobApplication.objects.owned_by(user).filter(pk__in=rounds):
        interview = rounds[application.pk]
        after_round = [
            moment
            for moment in [*answers.get(application.pk, ()), application.answer_received_at]
            if moment is not None and moment >= interview.starts_at
        ]
        facts.append(
            ProcessFacts(
                company=application.company_name,
                source=application.get_source_display() if application.source else "",
                round_label=interview.get_round_label_display(),
                round_on=interview.starts_at.astimezone(zone).date(),
                status=application.status,
                promised_on=interview.expected_decision_on,
                answered_on=min(after_round).astimezone(zone).date() if after_round else None,
                last_activity_on=application.last_activity_at.astimezone(zone).date(),
            )
        )
    return facts


def keeping_word_for(*, user, now=None) -> KeepingWord:
    """The "keeping their word" section of Insights."""
    now = now or timezone.now()
    return keeping_word(keeping_word_facts(user=user), today=now.astimezone(user.zone).date())


OFFER_STATUSES = (ApplicationStatus.OFFER, ApplicationStatus.ACCEPTED)


def funnel_for(*, user) -> Funnel:
    """Applied → interviewed → offer over all the user's applications (one query).

    An application reached an offer when it is at one now or its history passed through one
    (a declined offer still counts).
    """
    rows = (
        JobApplication.objects.owned_by(user)
        .annotate(
            has_round=Exists(Interview.objects.filter(application=OuterRef("pk"))),
            had_offer=Exists(
                StatusChange.objects.filter(
                    application=OuterRef("pk"), to_status__in=OFFER_STATUSES
                )
            ),
        )
        .values_list(
            "source", "date_applied", "date_applied_known", "status", "has_round", "had_offer"
        )
    )
    labels = dict(JobApplication._meta.get_field("source").choices)
    facts = [
        FunnelFact(
            source_label=str(labels.get(source, "")) if source else "",
            applied_on=applied_on if known else None,
            interviewed=has_round,
            offered=had_offer or status in OFFER_STATUSES,
        )
        for source, applied_on, known, status, has_round, had_offer in rows
    ]
    return search_funnel(facts)
