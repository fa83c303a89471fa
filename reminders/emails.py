"""Reminder emails: template trios under templates/reminders/emails/, built by one helper.

`<name>-subject.txt`, `<name>-body.txt` and `<name>-body.html` render from one context;
`reminder_email` is the one email the dispatch sends (all of a user's reminders of a pass).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import make_msgid
from django.template.loader import render_to_string
from django.utils import timezone

from core.mail import Message
from followups.models import FollowUpStep

from . import rules, tokens

# The order in which reminders head an email (and its subject line).
_PRIORITY = [
    # An offer's deadline outranks everything else in the email.
    "offer_respond",
    "offer_news",
    "offer_confirm",
    "offer_decide",
    "thank_you_last_call",
    "thank_you",
    "self_evaluation",
    "follow_up",
    "brief_references",
]


class VerbatimHeader(str):
    """A header value sent exactly as written: one line of ASCII, never RFC 2047-encoded.

    The email package folds a header longer than 78 characters, and a value with no space
    to fold at (a long `<https://…>` link) comes out as `=?utf-8?q?=3Chttps=3A//…` encoded
    words, which mail clients do not read as RFC 2369 List-Unsubscribe, so they offer no
    one-click unsubscribe. RFC 5322 allows lines up to 998 characters.
    """

    def __new__(cls, name: str, value: str):
        line = f"{name}: {value}"
        if not line.isascii() or not line.isprintable() or len(line) > 998:
            raise ValueError(f"{name} must be one line of printable ASCII")
        header = super().__new__(cls, value)
        header.name = name
        return header

    def __reduce__(self):  # copied and pickled (locmem outbox, task queues) as itself
        return (type(self), (self.name, str(self)))

    def fold(self, *, policy) -> str:
        """How email.policy writes a header object: verbatim, ended by the policy's linesep."""
        return f"{self.name}: {self}{policy.linesep}"


@dataclass
class Item:
    """One step reminder inside an email, with everything its template shows."""

    step: FollowUpStep
    kind: str
    headline: str = ""
    detail: str = ""
    action_label: str = ""
    action_url: str = ""
    due_label: str = ""
    done_url: str = ""
    snooze_url: str = ""
    interview_url: str = ""
    # Dispatch bookkeeping: the delivery row and when the step's next reminder falls due.
    delivery: object = None
    next_reminder_at: dt.datetime | None = None

    @property
    def base_kind(self) -> str:
        return self.kind.split(":")[0]


@dataclass
class ReminderEmail:
    """All reminders for one user in one pass."""

    user: object
    items: list[Item] = field(default_factory=list)
    overdue: list[Item] = field(default_factory=list)
    digest: dict | None = None
    digest_period: dt.date | None = None
    digest_delivery: object = None

    @property
    def step_items(self) -> list[Item]:
        return [*self.items, *self.overdue]

    @property
    def deliveries(self) -> list:
        rows = [item.delivery for item in self.step_items]
        return [*rows, self.digest_delivery] if self.digest_delivery else rows


def build(name: str, context: dict, *, to: list[str], headers: dict) -> Message:
    """Render one template trio into a multipart (text + HTML) message."""
    subject = rules.one_line(render_to_string(f"reminders/emails/{name}-subject.txt", context))
    text = render_to_string(f"reminders/emails/{name}-body.txt", context)
    html = render_to_string(f"reminders/emails/{name}-body.html", context)
    message = Message(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def local_label(at: dt.datetime, *, user, now: dt.datetime) -> str:
    """A deadline as the user reads it: "Tue 14:30" this week, "Tue 3 Dec 14:30" later."""
    local = timezone.localtime(at, user.zone)
    if abs((at - now).total_seconds()) < 6 * 86400:
        return local.strftime("%a %H:%M")
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def describe(item: Item, *, user, now: dt.datetime) -> Item:
    """Fill in an item's words and links from its step (names are single-lined for subjects)."""
    step = item.step
    application = step.application
    company = rules.one_line(application.company_name if application else "the employer", 80)
    role = rules.one_line(application.role_title if application else "the role", 80)
    due = local_label(step.due_at, user=user, now=now) if step.due_at else ""
    # Past its deadline (a late pass after an outage, a paused user back): say so, never
    # "due by" a time already gone.
    deadline = f"overdue since {due}" if step.due_at and step.due_at < now else f"due by {due}"
    who = rules.one_line(step.interviewer.name, 80) if step.interviewer else company
    kind = step.kind if item.kind == rules.OVERDUE else item.base_kind
    # (headline, overdue title, detail, action label, action url) for each kind of reminder.
    if kind == "thank_you":
        words = (
            f"Send your thank-you note to {who} — {deadline}",
            f"Thank-you note to {who}",
            f"A short, specific note after your interview with {company} for {role}.",
            "Write the thank-you note",
            tokens.absolute("followups:thank_you_composer", step.pk),
        )
    elif kind == "thank_you_last_call":
        words = (
            f"Last call: your thank-you note to {who} is {deadline}",
            f"Thank-you note to {who}",
            "A few lines today still count; after the deadline it reads as late.",
            "Write it now",
            tokens.absolute("followups:thank_you_composer", step.pk),
        )
    elif kind == "follow_up":
        words = (
            f"It's time to follow up with {company} about {role}",
            f"Follow-up with {company} about {role}",
            "A polite check-in: restate your interest and ask about their timeline.",
            "Draft the follow-up",
            tokens.absolute("followups:follow_up_composer", step.pk),
        )
    elif kind == "brief_references":
        name = rules.one_line(step.reference.name, 80) if step.reference else "your references"
        words = (
            f"Brief {name} before {company} calls",
            f"Briefing {name} about {company}",
            f"Tell them about {company}, the {role} role and what was discussed.",
            "Write the briefing",
            tokens.absolute("references:briefing", step.pk),
        )
    elif kind == "self_evaluation":
        round_label = step.interview.get_round_label_display().lower() if step.interview else ""
        words = (
            f"How did your {round_label} interview with {company} go?".replace("  ", " "),
            f"Self-evaluation of your interview with {company}",
            "Note what went well and what you wish you had said while it is fresh.",
            "Evaluate the interview",
            tokens.absolute("evaluations:form", step.interview_id)
            if step.interview_id
            else tokens.absolute("today"),
        )
    elif kind in ("offer_confirm", "offer_decide", "offer_respond", "offer_news"):
        title = rules.one_line(step.title, 120)
        words = (
            f"{title} — due by {due}" if due else title,
            title,
            "Your offer has a deadline: the draft and the checklist are ready.",
            "Open the step",
            tokens.absolute("followups:offer_step", step.pk),
        )
    else:
        title = step.get_kind_display()
        words = (title, title, "", "Open your Today page", tokens.absolute("today"))
    headline, overdue_title, item.detail, item.action_label, item.action_url = words
    item.headline = overdue_title if item.kind == rules.OVERDUE else headline
    item.due_label = due
    if step.interview_id:
        item.interview_url = tokens.absolute("interviews:interview_detail", step.interview_id)
    if item.delivery is not None and item.delivery.link_key:
        # One-click links carry the delivery's random link key (reminders.tokens).
        for action in tokens.STEP_ACTIONS:
            url = tokens.step_action_url(delivery=item.delivery, action=action, user=user)
            setattr(item, f"{action}_url", url)
    return item


def subject_for(email: ReminderEmail) -> str:
    """The subject line: the most pressing reminder, then how many more the email holds."""
    ranked = sorted(email.items, key=lambda i: _PRIORITY.index(i.base_kind))
    headlines = [item.headline for item in ranked]
    if email.overdue:
        count = len(email.overdue)
        headlines.append(
            f"Overdue: {email.overdue[0].headline} (overdue since {email.overdue[0].due_label})"
            if count == 1
            else f"{count} follow-up steps slipped past their deadline"
        )
    if email.digest is not None:
        digest = email.digest
        headlines.append(
            f"Your week: {digest['awaiting_count']} awaiting a decision, "
            f"{digest['new_this_week']} of {digest['target']} new applications"
        )
    first, rest = headlines[0], len(headlines) - 1
    if rest == 0:
        return first
    return f"{first} (+{rest} more)"


def reminder_email(
    email: ReminderEmail, *, now: dt.datetime, message_id: str | None = None
) -> Message:
    """The one email carrying all of a user's reminders of this pass (`message_id`: the
    one of an earlier try whose outcome was unknown, so clients that de-duplicate show one)."""
    user = email.user
    for item in [*email.items, *email.overdue]:
        describe(item, user=user, now=now)
    email.items.sort(key=lambda i: (_PRIORITY.index(i.base_kind), i.step.due_at or now))
    unsubscribe = tokens.unsubscribe_url(user=user)
    context = {
        "user": user,
        "first_name": rules.one_line(user.get_short_name(), 60),
        "items": email.items,
        "overdue": email.overdue,
        "digest": email.digest,
        "subject": subject_for(email),
        "today_url": tokens.absolute("today"),
        "profile_url": tokens.absolute("profile"),
        "unsubscribe_url": unsubscribe,
        "time_zone": user.zone.key,
    }
    # On the site's own domain (SITE_URL), not the sending host's name.
    domain = urlsplit(settings.SITE_URL).hostname or "afterview.local"
    headers = {
        "Message-ID": message_id or make_msgid(domain=domain),
        # RFC 2369 and 8058: the bare <https://…> link, and the one-click POST.
        "List-Unsubscribe": VerbatimHeader("List-Unsubscribe", f"<{unsubscribe}>"),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "All",
    }
    return build("reminder", context, to=[user.email], headers=headers)
