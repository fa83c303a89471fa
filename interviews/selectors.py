"""Reads of applications and interviews for the pages; every one is scoped to a user."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from evaluations.models import Evaluation
from followups.models import FollowUpStep
from references.models import ApplicationReference

from .models import ApplicationStatus, Interview, Interviewer, JobApplication, StatusChange

LIST_SORTS = {
    "activity": ("-last_activity_at", "-pk"),
    "oldest_activity": ("last_activity_at", "pk"),
    "company": ("company_name", "role_title", "pk"),
    "applied": ("-date_applied", "-pk"),
}


def application_list(*, user, query: str = "", status: str = "", sort: str = "activity"):
    """The user's applications matching a search on company/role and a status filter."""
    # A correlated count, not a join + GROUP BY: the page's count() drops it, and the
    # database computes it only for the rows of the page, not for every application.
    rounds = (
        Interview.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    applications = JobApplication.objects.owned_by(user).annotate(
        rounds=Coalesce(Subquery(rounds), 0)
    )
    query = query.strip()
    if query:
        applications = applications.filter(
            Q(company_name__icontains=query) | Q(role_title__icontains=query)
        )
    if status == "open":
        applications = applications.exclude(status__in=ApplicationStatus.closed())
    elif status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications.order_by(*LIST_SORTS.get(sort, LIST_SORTS["activity"]))


def status_counts(*, user) -> dict[str, int]:
    """How many of the user's applications are in each status (one query)."""
    rows = (
        JobApplication.objects.owned_by(user)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def application_for_detail(*, user, pk: int) -> QuerySet[JobApplication]:
    """The application page's one row, with rounds, interviewers and history prefetched."""
    return (
        JobApplication.objects.owned_by(user)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "interviews",
                queryset=Interview.objects.order_by("starts_at", "pk").prefetch_related(
                    "interviewers"
                ),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_at", "pk")),
        )
    )


def interviews_for_detail(*, user) -> QuerySet[Interview]:
    """Interviews with what their page shows, for `get_object_or_404`."""
    return (
        Interview.objects.owned_by(user)
        .select_related("application", "owner")
        .prefetch_related("interviewers")
    )


def application_choices(*, user) -> QuerySet[JobApplication]:
    """Applications offered in "Log an interview", most recently active first."""
    return (
        JobApplication.objects.owned_by(user)
        .only("pk", "company_name", "role_title", "status", "last_activity_at")
        .order_by("-last_activity_at", "-pk")
    )


@dataclass(frozen=True)
class DeleteSummary:
    """What goes with a deleted application or round, to say so before asking."""

    rounds: int = 0
    interviewers: int = 0
    steps: int = 0
    evaluations: int = 0
    status_changes: int = 0
    references: int = 0

    def lines(self) -> list[str]:
        """Human phrases for the non-zero counts."""
        items = [
            (self.rounds, "interview round", "interview rounds"),
            (self.interviewers, "interviewer", "interviewers"),
            (self.steps, "follow-up plan step", "follow-up plan steps"),
            (self.evaluations, "self-evaluation", "self-evaluations"),
            (self.status_changes, "status history entry", "status history entries"),
            (self.references, "reference link (the references stay)", "reference links"),
        ]
        return [f"{n} {one if n == 1 else many}" for n, one, many in items if n]


def application_delete_summary(*, application: JobApplication) -> DeleteSummary:
    """Count what deleting `application` removes."""
    return DeleteSummary(
        rounds=application.interviews.count(),
        interviewers=Interviewer.objects.filter(interview__application=application).count(),
        steps=FollowUpStep.objects.filter(
            Q(application=application) | Q(interview__application=application)
        ).count(),
        evaluations=Evaluation.objects.filter(interview__application=application).count(),
        status_changes=application.status_changes.count(),
        references=ApplicationReference.objects.filter(application=application).count(),
    )


def interview_delete_summary(*, interview: Interview) -> DeleteSummary:
    """Count what deleting `interview` removes."""
    return DeleteSummary(
        interviewers=interview.interviewers.count(),
        steps=FollowUpStep.objects.filter(interview=interview).count(),
        evaluations=Evaluation.objects.filter(interview=interview).count(),
    )
