"""Reads for the self-evaluation pages and the insights page."""

from django.db.models import Exists, OuterRef

from interviews.models import ApplicationStatus, Interview, JobApplication, StatusChange

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
        .values_list("source", "date_applied", "status", "has_round", "had_offer")
    )
    labels = dict(JobApplication._meta.get_field("source").choices)
    facts = [
        FunnelFact(
            source_label=str(labels.get(source, "")) if source else "",
            applied_on=applied_on,
            interviewed=has_round,
            offered=had_offer or status in OFFER_STATUSES,
        )
        for source, applied_on, status, has_round, had_offer in rows
    ]
    return search_funnel(facts)
