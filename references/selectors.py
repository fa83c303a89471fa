"""Reads for the reference pages, the application page's references card and the briefing."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from followups.models import FollowUpStep, StepKind
from interviews.models import Interview, JobApplication

from .models import ApplicationReference, Reference
from .rules import OveruseWarning, employers_in_window, overuse_warning


def _givings(given: list[ApplicationReference]) -> list[tuple[str, dt.date]]:
    return [(g.application.company_name, g.given_on) for g in given]


@dataclass
class ReferenceRow:
    """One reference with how much they have been asked lately."""

    reference: Reference
    given_count: int
    recent_employers: int
    last_briefed_at: dt.datetime | None
    warning: OveruseWarning | None


def reference_rows(*, user, today: dt.date) -> list[ReferenceRow]:
    """The user's references with usage and care warnings (two queries)."""
    references = Reference.objects.owned_by(user).prefetch_related(
        Prefetch(
            "given_to",
            queryset=ApplicationReference.objects.select_related("application").only(
                "id",
                "reference_id",
                "given_on",
                "briefed_at",
                "application__id",
                "application__company_name",
            ),
        )
    )
    rows = []
    for reference in references:
        given = list(reference.given_to.all())
        briefed = [g.briefed_at for g in given if g.briefed_at]
        rows.append(
            ReferenceRow(
                reference=reference,
                given_count=len(given),
                recent_employers=employers_in_window(_givings(given), today=today),
                last_briefed_at=max(briefed, default=None),
                warning=overuse_warning(_givings(given), today=today),
            )
        )
    return rows


@dataclass
class HistoryEntry:
    """One employer a reference was given to, with its briefings and plan step."""

    given: ApplicationReference
    briefings: list = field(default_factory=list)
    step: FollowUpStep | None = None
    warning: OveruseWarning | None = None


def _briefing_steps_by_application(*, reference_ids, application_ids) -> dict:
    """The plan's briefing step per (application, reference): the open one if any, else
    the most recent one."""
    steps = FollowUpStep.objects.filter(
        kind=StepKind.BRIEF_REFERENCES,
        reference_id__in=reference_ids,
        application_id__in=application_ids,
    ).order_by("-opens_at", "-pk")
    chosen: dict[tuple[int, int], FollowUpStep] = {}
    for step in steps:
        key = (step.application_id, step.reference_id)
        current = chosen.get(key)
        if current is None or (step.is_open and not current.is_open):
            chosen[key] = step
    return chosen


def reference_history(*, reference: Reference) -> list[HistoryEntry]:
    """Every employer the reference was given to, newest first, with briefings (3 queries)."""
    given = list(reference.given_to.select_related("application").prefetch_related("briefings"))
    steps = _briefing_steps_by_application(
        reference_ids=[reference.pk], application_ids=[g.application_id for g in given]
    )
    return [
        HistoryEntry(
            given=g,
            briefings=list(g.briefings.all()),
            step=steps.get((g.application_id, reference.pk)),
        )
        for g in given
    ]


def reference_usage(*, reference: Reference, today: dt.date, history=None):
    """(employers in the last 30 days, warning or None) for one reference."""
    if history is None:
        history = reference_history(reference=reference)
    givings = _givings([entry.given for entry in history])
    return employers_in_window(givings, today=today), overuse_warning(givings, today=today)


@dataclass
class AttachOption:
    """A reference the user may still give to this employer, and what that would mean."""

    reference: Reference
    warning_if_attached: OveruseWarning | None


@dataclass
class ApplicationReferences:
    """What the application page's references card shows."""

    entries: list[HistoryEntry]
    options: list[AttachOption]

    @property
    def options_with_warning(self) -> list[AttachOption]:
        return [option for option in self.options if option.warning_if_attached]


def application_references(
    *, application: JobApplication, user, today: dt.date
) -> ApplicationReferences:
    """References given to this employer, their briefing status, and which of the user's
    other references could still be given — with the care warning attaching would raise."""
    references = list(
        Reference.objects.owned_by(user).prefetch_related(
            Prefetch(
                "given_to",
                queryset=ApplicationReference.objects.select_related(
                    "application"
                ).prefetch_related("briefings"),
            )
        )
    )
    given_here = [
        g
        for reference in references
        for g in reference.given_to.all()
        if g.application_id == application.pk
    ]
    given_here.sort(key=lambda g: (g.given_on, g.pk))
    steps = _briefing_steps_by_application(
        reference_ids=[g.reference_id for g in given_here], application_ids=[application.pk]
    )
    entries = [
        HistoryEntry(
            given=g,
            briefings=list(g.briefings.all()),
            step=steps.get((application.pk, g.reference_id)),
        )
        for g in given_here
    ]
    entry_by_reference = {entry.given.reference_id: entry for entry in entries}
    options = []
    for reference in references:
        givings = _givings(list(reference.given_to.all()))
        if reference.pk in entry_by_reference:
            entry_by_reference[reference.pk].warning = overuse_warning(givings, today=today)
        else:
            options.append(
                AttachOption(
                    reference=reference,
                    warning_if_attached=overuse_warning(
                        [*givings, (application.company_name, today)], today=today
                    ),
                )
            )
    return ApplicationReferences(entries=entries, options=options)


def briefing_interview(*, application, step: FollowUpStep | None = None) -> Interview | None:
    """The interview a briefing is about: the step's own, else the application's latest."""
    if step is not None and step.interview_id:
        return step.interview
    return Interview.objects.filter(application=application).order_by("-starts_at", "-pk").first()
