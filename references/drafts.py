"""The briefing message a candidate sends a reference, rendered from plain-text templates."""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string

from core.mailto import mailto_url


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    mailto: str


def _tidy(text: str) -> str:
    """Trim trailing spaces and collapse the blank lines left by empty template sections."""
    text = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", text)


def _sentence(text: str) -> str:
    parts = [" ".join(line.split()).strip(" -•*") for line in text.splitlines()]
    joined = "; ".join(p for p in parts if p).rstrip(". ")
    return f"{joined}." if joined else ""


def briefing_draft(*, reference, application, interview, sender) -> Draft:
    """Subject, body and mailto link briefing `reference` about `application`."""
    interviewers = ""
    if interview is not None:
        names = [str(person) for person in interview.interviewers.all()]
        # "a", "a and b", "a, b and c": the same joining rule as followups.drafts.join_list.
        interviewers = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    context = {
        "first_name": (reference.name.split() or [reference.name])[0],
        "application": application,
        "interview": interview,
        "interviewers": interviewers,
        # Notes on several lines read as one sentence in a message: "a; b." with its full stop.
        "topics": _sentence(interview.topics) if interview is not None else "",
        "sender_name": sender.get_full_name(),
    }
    subject = _tidy(render_to_string("references/drafts/briefing_subject.txt", context))
    body = _tidy(render_to_string("references/drafts/briefing_body.txt", context))
    return Draft(
        subject=subject,
        body=body,
        mailto=mailto_url(to=reference.email, subject=subject, body=body),
    )
