"""Drafts and the decision checklist of the offer steps (kept apart from `drafts.py`).

"Tell them you have an offer" goes to every other open process: polite, no pressure, and
the one thing they need — the deadline — so they can say whether their timeline fits.
Plain-text templates under templates/followups/drafts/, like the other drafts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from evaluations.models import Evaluation
from interviews.models import Interview, JobApplication

from .drafts import deadline_phrase


@dataclass(frozen=True)
class OfferDraft:
    to: str
    subject: str
    body: str


def _contact(application: JobApplication) -> tuple[str, str]:
    """(name, address) of the person to write to: the latest round's follow-up contact or
    first interviewer, else nobody in particular."""
    latest = application.interviews.order_by("-starts_at", "-pk").first()
    if latest is None:
        return "", ""
    person = latest.interviewers.order_by("order", "pk").first()
    if latest.follow_up_contact:
        return latest.follow_up_contact, person.email if person else ""
    return (person.name, person.email) if person else ("", "")


def offer_news_draft(*, application: JobApplication, offer: JobApplication, user) -> OfferDraft:
    """To another employer: "I have an offer with a deadline; could you share your timeline?"
    The other company is never named: it is not theirs to know."""
    name, address = _contact(application)
    context = {
        "recipient": name.split(" ")[0] if name else "",
        "role": application.role_title,
        "company": application.company_name,
        "deadline": deadline_phrase(offer.offer_deadline_at, user.zone),
        "sender_name": user.full_name or user.email,
    }
    return OfferDraft(
        to=address,
        subject=render_to_string("followups/drafts/offer_news_subject.txt", context).strip(),
        body=render_to_string("followups/drafts/offer_news.txt", context).strip() + "\n",
    )


def offer_confirm_draft(*, offer: JobApplication, user) -> OfferDraft:
    """To the company that made the offer: thanks, and the deadline confirmed in writing."""
    name, address = _contact(offer)
    context = {
        "recipient": name.split(" ")[0] if name else "",
        "role": offer.role_title,
        "company": offer.company_name,
        "deadline": deadline_phrase(offer.offer_deadline_at, user.zone),
        "sender_name": user.full_name or user.email,
    }
    return OfferDraft(
        to=address,
        subject=render_to_string("followups/drafts/offer_confirm_subject.txt", context).strip(),
        body=render_to_string("followups/drafts/offer_confirm.txt", context).strip() + "\n",
    )


@dataclass(frozen=True)
class DecisionRow:
    """One application in the decision checklist, with its self-evaluations' answers."""

    company: str
    role: str
    status_label: str
    is_this_offer: bool
    fit_rating: int | None
    growth: str
    company_feeling: str
    evaluations: int


def decision_rows(*, offer: JobApplication, user) -> list[DecisionRow]:
    """The offer and the owner's other live processes side by side: the fit and growth
    answers of their latest finished self-evaluations (two queries)."""
    live = list(
        JobApplication.objects.owned_by(user)
        .filter(status__in=("applied", "interviewing", "offer"))
        .order_by("company_name", "pk")
    )
    latest: dict[int, Evaluation] = {}
    counts: dict[int, int] = {}
    for evaluation in (
        Evaluation.objects.owned_by(user)
        .filter(completed_at__isnull=False, interview__application__in=live)
        .select_related("interview")
        .order_by("interview__starts_at", "pk")
    ):
        app_id = evaluation.interview.application_id
        latest[app_id] = evaluation
        counts[app_id] = counts.get(app_id, 0) + 1
    rows = []
    for application in live:
        evaluation = latest.get(application.pk)
        rows.append(
            DecisionRow(
                company=application.company_name,
                role=application.role_title,
                status_label=application.get_status_display(),
                is_this_offer=application.pk == offer.pk,
                fit_rating=evaluation.fit_rating if evaluation else None,
                growth=evaluation.growth if evaluation else "",
                company_feeling=evaluation.company_feeling if evaluation else "",
                evaluations=counts.get(application.pk, 0),
            )
        )
    rows.sort(key=lambda r: (not r.is_this_offer, r.company.lower()))
    return rows


def latest_round(application: JobApplication) -> Interview | None:
    return application.interviews.order_by("-starts_at", "-pk").first()
