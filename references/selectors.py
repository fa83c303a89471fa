"""Reads for the reference pages and the application page's references card."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from interviews.models import JobApplication

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
    """One employer a reference was given to, with its briefings.

    Its "Brief" link is the given reference's own (`references:brief_given`): the plan's
    briefing step, if there is one, is the plan's to find (followups.briefing_views).
    """

    given: ApplicationReference
    briefings: list = field(default_factory=list)
    warning: OveruseWarning | None = None


def reference_history(*, reference: Reference) -> list[HistoryEntry]:
    """Every employer the reference was given to, newest first, with briefings (2 queries)."""
    given = list(reference.given_to.select_related("application").prefetch_related("briefings"))
    return [HistoryEntry(given=g, briefings=list(g.briefings.all())) for g in given]


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
    entries = [HistoryEntry(given=g, briefings=list(g.briefings.all())) for g in given_here]
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
