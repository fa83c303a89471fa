"""Reads of applications and interviews for the pages; every one is scoped to a user."""

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from .invites import match_application
from .models import (
    ApplicationSource,
    ApplicationStatus,
    Interview,
    Interviewer,
    JobApplication,
    StatusChange,
)

# The list's sorts by column, each way ("-" first for the other direction); ties by pk.
LIST_SORTS = {
    "activity": ("-last_activity_at", "-pk"),
    "-activity": ("last_activity_at", "pk"),
    "oldest_activity": ("last_activity_at", "pk"),  # the older name of "-activity"
    "company": ("company_name", "role_title", "pk"),
    "-company": ("-company_name", "-role_title", "-pk"),
    "role": ("role_title", "company_name", "pk"),
    "-role": ("-role_title", "-company_name", "-pk"),
    "status": ("status", "-last_activity_at", "-pk"),
    "-status": ("-status", "-last_activity_at", "-pk"),
    "applied": ("-date_applied", "-pk"),
    "-applied": ("date_applied", "pk"),
}
# What a row of the list shows: only these columns are read (not the descriptions and notes).
LIST_COLUMNS = ("pk", "role_title", "company_name", "location", "status", "last_activity_at")


def _rounds():
    """Each listed application's number of rounds: a correlated count, not a join + GROUP BY,
    so the database counts only for the rows of the page (and `count()` leaves it out)."""
    per_application = (
        Interview.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(rounds=Count("pk"))
        .values("rounds")
    )
    return Coalesce(Subquery(per_application, output_field=IntegerField()), 0)


def application_list(
    *,
    user,
    query: str = "",
    status: str = "",
    sort: str = "activity",
    source: str = "",
    has_interview: bool | None = None,
):
    """The user's applications matching a search on company, role and notes, a status
    filter ("open" for every status not closed), a source and whether a round is logged, as
    named rows of `LIST_COLUMNS` and `rounds` (no model instances: the list only shows them).
    """
    applications = JobApplication.objects.owned_by(user).annotate(rounds=_rounds())
    query = query.strip()
    if query:
        applications = applications.filter(
            Q(company_name__icontains=query)
            | Q(role_title__icontains=query)
            | Q(notes__icontains=query)
        )
    if source in ApplicationSource.values:
        applications = applications.filter(source=source)
    if has_interview is not None:
        rounds = Interview.objects.filter(application=OuterRef("pk"))
        applications = applications.filter(Exists(rounds) if has_interview else ~Exists(rounds))
    if status == "open":
        applications = applications.exclude(status__in=ApplicationStatus.closed())
    elif status in ApplicationStatus.values:
        applications = applications.filter(status=status)
    return applications.order_by(*LIST_SORTS.get(sort, LIST_SORTS["activity"])).values_list(
        *LIST_COLUMNS, "rounds", named=True
    )


def matching_count(counts: dict[str, int], *, status: str = "") -> int:
    """How many applications `application_list` finds for a status filter without a search,
    from `status_counts`: the list pages with it instead of counting again in SQL."""
    if status == "open":
        return sum(n for s, n in counts.items() if s not in ApplicationStatus.closed())
    if status in ApplicationStatus.values:
        return counts.get(status, 0)
    return sum(counts.values())


def status_counts(*, user) -> dict[str, int]:
    """How many of the user's applications are in each status (one GROUP BY query, served
    by the (owner, status) index)."""
    rows = (
        JobApplication.objects.owned_by(user)
        .order_by()
        .values_list("status")
        .annotate(applications=Count("pk"))
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
    """Interviews with their application, for `get_object_or_404`.

    The owner is not joined: it is `user`, whom the caller already has (`owned_by_user`). The
    interviewers are read by the one page that lists them (a query either way; the edit and
    delete pages read or count them on their own).
    """
    return Interview.objects.owned_by(user).select_related("application")


def owned_by_user(interview: Interview, *, user) -> Interview:
    """`interview`, found through `owned_by(user)`, with `user` as its loaded owner (its time
    zone is the round's default), instead of reading the same person again."""
    interview.owner = user
    return interview


def application_choices(*, user) -> QuerySet[JobApplication]:
    """Applications offered in "Log an interview", by company (A-Z, any case), then role."""
    return (
        JobApplication.objects.owned_by(user)
        .only("pk", "company_name", "role_title", "status", "last_activity_at")
        .order_by(Lower("company_name"), Lower("role_title"), "pk")
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


# The counts of rows that higher apps keep about an application or a round (plan steps,
# self-evaluations, references given) go through the reverse relations those apps declare
# ("steps", "evaluation", "given_references"): the cascade deletes them, and this app does
# not import the apps above it (docs/ARCHITECTURE.md, "Layers").


def application_delete_summary(*, application: JobApplication) -> DeleteSummary:
    """Count what deleting `application` removes."""
    return DeleteSummary(
        rounds=application.interviews.count(),
        interviewers=Interviewer.objects.filter(interview__application=application).count(),
        # A round's plan steps carry its application too, so this counts them as well.
        steps=application.steps.count(),
        evaluations=application.interviews.filter(evaluation__isnull=False).count(),
        status_changes=application.status_changes.count(),
        references=application.given_references.count(),
    )


def interview_delete_summary(*, interview: Interview) -> DeleteSummary:
    """Count what deleting `interview` removes."""
    return DeleteSummary(
        interviewers=interview.interviewers.count(),
        steps=interview.steps.count(),
        evaluations=Interview.objects.filter(pk=interview.pk, evaluation__isnull=False).count(),
    )


def interview_for_invite(*, user, uid: str) -> Interview | None:
    """The owner's round logged from the invite with this UID (interview_invite_uid_idx)."""
    if not uid:
        return None
    return (
        Interview.objects.owned_by(user)
        .select_related("application")
        .filter(invite_uid=uid)
        .order_by("pk")
        .first()
    )


def application_for_invite(*, user, domain: str, company_name: str) -> JobApplication | None:
    """The owner's application for the invite's company (by website domain, then name)."""
    rows = list(
        JobApplication.objects.owned_by(user)
        .order_by("-last_activity_at", "-pk")
        .values_list("pk", "company_name", "company_website")
    )
    pk = match_application(domain=domain, company_name=company_name, applications=rows)
    return JobApplication.objects.owned_by(user).get(pk=pk) if pk else None
