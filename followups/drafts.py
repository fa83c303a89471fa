"""Drafts of the thank-you note and the follow-up email, from plain templates.

The templates under templates/followups/drafts/ are plain text (autoescape off) so the
user can edit them easily; `mailto_url` is the one place a draft becomes a link.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.template.loader import render_to_string

from . import rules
from .models import FollowUpStep, StepKind


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    body: str

    @property
    def mailto(self) -> str:
        return mailto_url(to=self.to, subject=self.subject, body=self.body)

    @property
    def safe_to(self) -> str:
        return plain_address(self.to)


def plain_address(to: str) -> str:
    """`to` when it is one plain email address, else "" (never trusted into a link)."""
    try:
        validate_email(to)
    except ValidationError:
        return ""
    return to


def mailto_url(*, to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) with every part percent-encoded.

    Line breaks in the subject are dropped, so user text can never add a header; an
    address that is not a plain email is left out rather than trusted.
    """
    to = plain_address(to)
    subject = re.sub(r"[\r\n]+", " ", subject).strip()
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(to, safe='@')}?subject={quote(subject, safe='')}"
        f"&body={quote(body, safe='')}"
    )


def _tidy(text: str) -> str:
    """Template output as a clean note: no runs of blank lines, no trailing spaces."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _one_line_subject(text: str) -> str:
    return " ".join(text.split())


def _when_phrase(moment: dt.datetime, now: dt.datetime, zone: str) -> str:
    day = rules.local_date(moment, zone)
    today = rules.local_date(now, zone)
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return f"on {day:%A}, {day.day} {day:%B}"


def _evaluation_wish(interview) -> str:
    try:
        return interview.evaluation.wish_said.strip()
    except ObjectDoesNotExist:
        return ""


def _sender(user) -> str:
    return user.full_name or user.email


def round_of(step: FollowUpStep, *, now: dt.datetime):
    """The interview round a step's draft talks about: its own, else the application's
    latest round that has started (else its latest at all), else None.

    A step keeps its round while it exists, but an application's own steps (follow-ups)
    outlive any one round: the draft must then speak of the round the employer remembers.
    """
    if step.interview_id is not None:
        return step.interview
    if step.application_id is None:
        return None
    rounds = step.application.interviews.order_by("-starts_at", "-pk")
    return rounds.filter(starts_at__lte=now).first() or rounds.first()


def thank_you_draft(step: FollowUpStep, *, now: dt.datetime) -> Draft:
    """The thank-you note of one step: personal to its interviewer when there is one."""
    interview = round_of(step, now=now)
    application = step.application or (interview.application if interview else None)
    interviewer = step.interviewer
    zone = step.owner.time_zone
    topics = rules.mid_sentence(
        rules.one_line(
            (interviewer.notes if interviewer else "") or (interview.topics if interview else "")
        )
    )
    context = {
        "greeting_name": interviewer.name if interviewer else "",
        "interviewer_title": interviewer.title if interviewer else "",
        "role": application.role_title if application else "",
        "company": application.company_name if application else "",
        "when": _when_phrase(interview.ends_at, now, zone) if interview else "",
        "topics": topics,
        "materials": rules.one_line(interview.materials_requested) if interview else "",
        "article_url": interview.article_url if interview else "",
        "wish_said": rules.one_line(_evaluation_wish(interview)) if interview else "",
        "sender_name": _sender(step.owner),
    }
    return Draft(
        to=interviewer.email if interviewer else "",
        subject=_one_line_subject(
            render_to_string("followups/drafts/thank_you_subject.txt", context)
        ),
        body=_tidy(render_to_string("followups/drafts/thank_you.txt", context)),
    )


def follow_up_draft(step: FollowUpStep, *, now: dt.datetime) -> Draft:
    """A short, polite follow-up email that recalls the interview and what they said
    about timing; a generic one when the application has no round left."""
    interview = round_of(step, now=now)
    application = step.application or (interview.application if interview else None)
    zone = step.owner.time_zone
    interviewers = list(interview.interviewers.all()) if interview else []
    with_email = next((i for i in interviewers if i.email), None)
    contact = interview.follow_up_contact if interview else ""
    recipient = contact or (with_email.name if with_email else "")
    decision = interview.expected_decision_on if interview else None
    context = {
        "recipient": recipient,
        "role": application.role_title if application else "",
        "company": application.company_name if application else "",
        "interview_day": rules.local_date(interview.starts_at, zone) if interview else None,
        "decision_on": decision,
        "decision_passed": decision is not None and decision < rules.local_date(now, zone),
        "instructions": rules.one_line(interview.follow_up_instructions) if interview else "",
        "again": step.sequence > 1,
        "sender_name": _sender(step.owner),
    }
    return Draft(
        to=with_email.email if with_email else "",
        subject=_one_line_subject(
            render_to_string("followups/drafts/follow_up_subject.txt", context)
        ),
        body=_tidy(render_to_string("followups/drafts/follow_up.txt", context)),
    )


DRAFT_BUILDERS = {
    StepKind.THANK_YOU: thank_you_draft,
    StepKind.FOLLOW_UP: follow_up_draft,
}
