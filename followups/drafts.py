"""Drafts a person can send as they are: the phrasing rules, and the drafts built from them.

The top half is pure: plain strings in, plain strings out, table-tested in
tests/followups/test_drafts.py. Every rule is deterministic — no model, no service — so the
same inputs always make the same note. The bottom half reads a step's rows and hands plain
facts to those rules. Notes the user keeps for themselves (interviewer notes, the
self-evaluation) never enter a draft: only fields written for the reader do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from core.mailto import mailto_url, one_line, plain_address

from . import rules
from .models import FollowUpStep, StepKind

# --- Phrasing rules (pure) -------------------------------------------------------------------

# Words that start a phrase but are not names: lowered when the phrase is embedded mid-sentence.
# Anything else keeps its capital ("Kubernetes migration", "Medify case study"): a wrong
# capital in a name is worse than a capital after "about".
_COMMON_STARTERS = frozenset(
    " ".join(
        (
            "a an and any are as at be but by can do for from had has have he her his how i",
            "if in into is it its my no not of on or our she so some that the their them",
            "then there these they this those to us was we were what when where which who",
            "why will with you your all about after also another back before both each every",
            "few first last latest more most new next old one other own same such two",
            "architecture budget case code culture customer data deck demo design designs",
            "development engineering example examples experience growth hiring leadership",
            "list onboarding plan plans portfolio process product project projects question",
            "questions recent reference references report research roadmap sample samples",
            "slides strategy team teams testing timeline work writing link links copy copies",
            "details notes summary answers article articles paper papers talk document",
            "documents results transcript video write-up screenshots certificate",
            "certificates",
        )
    ).split()
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})


def lower_first(phrase: str) -> str:
    """A phrase written as a sentence made to read inside one: "The Medify study" -> "the
    Medify study", "Design-to-code handoff" -> "design-to-code handoff"; names and acronyms
    ("Kubernetes", "AWS", "iOS") keep their capitals."""
    phrase = phrase.strip()
    first, sep, rest = phrase.partition(" ")
    head = first.split("-")[0].strip("“\"'(").rstrip(",;:")
    is_titlecase = head[:1].isupper() and head[1:] == head[1:].lower()
    if is_titlecase and head.lower() in _COMMON_STARTERS and first.lower() != "i":
        return f"{first[:1].lower()}{first[1:]}{sep}{rest}"
    return phrase


def upper_first(text: str) -> str:
    """The first letter capitalised, the rest untouched ("iPhone" aside: a sentence starts
    with a capital)."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def as_sentence(text: str) -> str:
    """A user's line as one or more sentences: one line, capital first, a final full stop
    unless it already ends a sentence; "" for nothing."""
    text = one_line(text).strip(" -•*")
    if not text:
        return ""
    text = upper_first(text)
    if text[-1] not in ".!?…":
        text = text.rstrip(",;:") + "."
    return text


def phrase(text: str) -> str:
    """Notes as one phrase to embed: lines joined by "; ", no final full stop, first word
    lowered when it is not a name."""
    parts = [re.sub(r"\s+", " ", line).strip(" -•*") for line in text.splitlines()]
    return lower_first("; ".join(p for p in parts if p).rstrip(". "))


def join_list(items: Iterable[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c"; blanks are dropped, "" for nothing."""
    kept = [item.strip() for item in items if item and item.strip()]
    if len(kept) <= 1:
        return "".join(kept)
    return f"{', '.join(kept[:-1])} {conjunction} {kept[-1]}"


def list_phrase(text: str) -> str:
    """A list the user wrote one item per line (or with commas or semicolons) as an
    embedded phrase: "the case study\\nmy references" -> "the case study and my references"."""
    items = [phrase(item) for item in re.split(r"[\n;]+", text)]
    return join_list(items)


def paragraphs(*parts: str) -> str:
    """The non-empty parts as paragraphs, so a missing part leaves no blank run or word."""
    return "\n\n".join(p.strip() for p in parts if p and p.strip()) + "\n"


def first_name(full_name: str) -> str:
    """The name a note greets: the first given name; "Dr Raman" keeps a title with the
    surname ("Dr. Priya Raman" -> "Dr Raman"), as such a person signs."""
    words = one_line(full_name).replace(",", " ").split()
    if not words:
        return ""
    if words[0].rstrip(".").lower() in _TITLES and len(words) > 1:
        return f"{words[0].rstrip('.')} {words[-1]}"
    return words[0]


def salutation(name: str, custom: str = "") -> str:
    """The greeting line: the user's own ("Hi Priya") with its comma, else "Dear <first
    name>,", else "Dear hiring team,"."""
    custom = one_line(custom).rstrip(",;:. ")
    if custom:
        return f"{custom},"
    first = first_name(name)
    return f"Dear {first}," if first else "Dear hiring team,"


def round_phrase(round_label: str) -> str:
    """A round's display label inside a sentence: "Phone screen" -> "phone screen",
    "Panel" -> "panel interview"."""
    label = round_label.strip()
    if not label or label.lower() == "other":
        return "interview"
    if label.lower() == "hiring manager":
        return "hiring-manager interview"
    label = label[:1].lower() + label[1:]
    if label.split()[-1] in {"screen", "call", "review", "interview"}:
        return label
    return f"{label} interview"


def when_phrase(day: dt.date | None, today: dt.date) -> str:
    """ "today", "yesterday", "on Tuesday, 3 November", or "" without a day."""
    if day is None:
        return ""
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    return f"on {day:%A}, {day.day} {day:%B}"


def date_phrase(day: dt.date) -> str:
    return f"{day:%A}, {day.day} {day:%B}"


def deadline_phrase(deadline: dt.datetime | None, zone: dt.tzinfo) -> str:
    """An offer's deadline in the candidate's zone, "Friday 13 March at 17:00 CET"; "" if none."""
    if deadline is None:
        return ""
    local = deadline.astimezone(zone)
    # The zone's abbreviation ("CET", "PDT"): the employer may read it somewhere else.
    return f"{local:%A} {local.day} {local:%B} at {local:%H:%M} {local:%Z}"


NEAR_COPY_RATIO = 0.85


def similarity(a: str, b: str) -> float:
    """How alike two drafts are, 0..1 (difflib's ratio over words, case-folded)."""
    return difflib.SequenceMatcher(None, a.casefold().split(), b.casefold().split()).ratio()


@dataclass(frozen=True)
class NearCopy:
    """Two drafts of one round that read almost the same, and what would tell them apart."""

    first: str
    second: str
    ratio: float

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    advice: str = (
        "Add one thing to mention to each of them — what you talked about with that person — "
        "so each note is one only they could receive."
    )


def near_copies(drafts: Sequence[tuple[str, str]]) -> list[NearCopy]:
    """Every pair of (name, body) drafts more alike than NEAR_COPY_RATIO."""
    found = []
    for i, (name_a, body_a) in enumerate(drafts):
        for name_b, body_b in drafts[i + 1 :]:
            ratio = similarity(body_a, body_b)
            if ratio > NEAR_COPY_RATIO:
                found.append(NearCopy(first=name_a, second=name_b, ratio=ratio))
    return found


# --- The drafts' texts (pure) ------------------------------------------------------------------


@dataclass(frozen=True)
class ThankYouFacts:
    """Everything a thank-you note may say, as plain values written for the reader."""

    interviewer_name: str = ""
    salutation: str = ""
    mention: str = ""
    role: str = ""
    company: str = ""
    round_label: str = ""
    when: str = ""
    materials: str = ""
    article_url: str = ""
    better_answer: str = ""
    sender: str = ""


def _the_role(role: str, company: str) -> str:
    role, company = one_line(role), one_line(company)
    if role and company:
        return f"the {role} role at {company}"
    if role:
        return f"the {role} role"
    return f"the role at {company}" if company else "the role"


def thank_you_text(facts: ThankYouFacts) -> str:
    """The thank-you note: thanks, the one thing that was theirs (or a neutral line from
    the round's facts), the materials, the article, the better answer when chosen."""
    when = f" {facts.when}" if facts.when else ""
    personal = as_sentence(facts.mention)
    # A line that thanks them already must not follow a "Thank you for…" opening.
    opening = (
        f"It was a pleasure to speak with you{when} about {_the_role(facts.role, facts.company)}."
        if re.match(r"(?i)(thank|thanks)\b", personal)
        else f"Thank you for taking the time to speak with me{when} about "
        f"{_the_role(facts.role, facts.company)}."
    )
    if not personal:
        where = f" about how the team works at {one_line(facts.company)}" if facts.company else ""
        personal = (
            f"I appreciated the {round_phrase(facts.round_label)} and the chance to learn more"
            f"{where}, and it left me even more enthusiastic about the position."
        )
    materials = list_phrase(facts.materials)
    materials_line = (
        f"As you asked, I am sending along {materials}. "
        "Please let me know if anything else would be helpful."
        if materials
        else ""
    )
    article = one_line(facts.article_url)
    article_line = (
        f"Our conversation reminded me of this article, which you may find interesting: {article}"
        if article
        else ""
    )
    better = as_sentence(facts.better_answer)
    better_line = (
        f"Thinking back on our conversation, I would like to add to one of my answers. {better}"
        if better
        else ""
    )
    return paragraphs(
        salutation(facts.interviewer_name, facts.salutation),
        f"{opening} {personal}",
        materials_line,
        article_line,
        better_line,
        "I look forward to hearing about the next steps.",
        f"Best regards,\n{one_line(facts.sender)}".rstrip(),
    )


def thank_you_subject(role: str, company: str) -> str:
    role, company = one_line(role), one_line(company)
    if role and company:
        return f"Thank you — {role} interview at {company}"
    if role or company:
        return f"Thank you — {role or company} interview"
    return "Thank you for the interview"


@dataclass(frozen=True)
class FollowUpFacts:
    """What a follow-up to the employer may say."""

    recipient: str = ""
    role: str = ""
    company: str = ""
    interview_day: dt.date | None = None
    decision_on: dt.date | None = None
    today: dt.date | None = None
    days_since_thank_you: int | None = None
    again: bool = False
    sender: str = ""


def follow_up_text(facts: FollowUpFacts) -> str:
    """A short, polite follow-up: it recalls the interview, refers to the date they gave or to
    the time since the thank-you, asks for an update, and never presses."""
    on_day = f" on {date_phrase(facts.interview_day)}" if facts.interview_day else ""
    the_role = _the_role(facts.role, facts.company)
    if facts.again:
        opening = (
            f"I hope you are well. I wanted to follow up once more on my interview for "
            f"{the_role}{on_day}."
        )
    else:
        opening = (
            f"I hope you are well. I am writing to follow up on my interview for "
            f"{the_role}{on_day}."
        )
    if facts.decision_on and facts.today and facts.decision_on < facts.today:
        timing = (
            f"You mentioned you hoped to reach a decision by {date_phrase(facts.decision_on)}, "
            "so I wanted to ask whether there is any update you can share."
        )
    elif facts.decision_on:
        timing = (
            f"You mentioned you hoped to reach a decision around {date_phrase(facts.decision_on)}; "
            "I would be grateful for any update on the timeline."
        )
    elif facts.days_since_thank_you and facts.days_since_thank_you >= 7:
        weeks = facts.days_since_thank_you // 7
        span = "a week" if weeks == 1 else f"{weeks} weeks"
        timing = (
            f"It has been about {span} since we spoke, and I wanted to ask whether there is "
            "any update on the next steps."
        )
    else:
        timing = "I wanted to ask whether there is any update on the next steps."
    company = one_line(facts.company)
    interest = (
        f"I remain very interested in the role and in joining {company}"
        if company
        else "I remain very interested in the role"
    ) + ", and I am happy to provide anything else that would help."
    if facts.again:
        interest = (
            "I understand these decisions take time. I remain very interested"
            + (f" in joining {company}" if company else " in the role")
            + ", and I would appreciate hearing either way."
        )
    return paragraphs(
        salutation(facts.recipient),
        f"{opening} {timing}",
        interest,
        "Thank you again for your time.",
        f"Best regards,\n{one_line(facts.sender)}".rstrip(),
    )


def follow_up_subject(role: str, again: bool = False) -> str:
    role = one_line(role)
    what = f"{role} interview" if role else "my interview"
    return f"Following up again: {what}" if again else f"Following up: {what}"


@dataclass(frozen=True)
class ReplyFacts:
    """What a reply to a rejection or an offer may say."""

    recipient: str = ""
    role: str = ""
    company: str = ""
    ask_feedback: bool = True
    offer_deadline: dt.date | None = None
    # The recorded deadline (`offer_deadline_at`, UTC) and the candidate's zone to say it in;
    # it wins over `offer_deadline`.
    offer_deadline_at: dt.datetime | None = None
    zone: dt.tzinfo = dt.UTC
    sender: str = ""


def rejection_reply_text(facts: ReplyFacts) -> str:
    """A gracious reply to a rejection: thanks, the wish to be considered for future roles,
    optionally a request for feedback."""
    company = one_line(facts.company) or "the team"
    feedback = (
        "If you have a moment, I would be grateful for any feedback on my interviews; "
        "it would help me as I continue my search."
        if facts.ask_feedback
        else ""
    )
    return paragraphs(
        salutation(facts.recipient),
        f"Thank you for letting me know, and for the time you and the team spent with me "
        f"during the process for {_the_role(facts.role, facts.company)}. Of course I am "
        "disappointed, but I enjoyed learning about your work.",
        f"I would be glad to be considered for future roles at {company} that match my "
        "experience, and I hope our paths cross again.",
        feedback,
        f"With best wishes,\n{one_line(facts.sender)}".rstrip(),
    )


def offer_reply_text(facts: ReplyFacts) -> str:
    """An offer reply: thanks, the deadline confirmed, a request for the written offer and
    the time to decide."""
    by_when = deadline_phrase(facts.offer_deadline_at, facts.zone) or (
        date_phrase(facts.offer_deadline) if facts.offer_deadline else ""
    )
    deadline = (
        f"To make sure I have understood, you would like my answer by {by_when}."
        if by_when
        else "Could you let me know by when you would like my answer?"
    )
    return paragraphs(
        salutation(facts.recipient),
        f"Thank you very much for the offer for {_the_role(facts.role, facts.company)}. "
        "I am delighted, and I appreciate the time everyone spent with me.",
        f"{deadline} It would also help to have the offer in writing, with the details of "
        "the salary, benefits and start date, so I can review it carefully before I reply.",
        (
            "I will be in touch with my decision by then"
            if by_when
            else "I will be in touch with my decision as soon as I can"
        )
        + ", and I am happy to talk if anything needs clarifying in the meantime.",
        f"With thanks,\n{one_line(facts.sender)}".rstrip(),
    )


# --- Drafts of a step (reads its rows, then the pure rules above) ------------------------------


@dataclass(frozen=True)
class Draft:
    to: str
    subject: str
    body: str
    # What went into the draft, as (label, value) pairs shown beside the composer.
    ingredients: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def mailto(self) -> str:
        return mailto_url(self.to, self.subject, self.body)

    @property
    def safe_to(self) -> str:
        return plain_address(self.to)


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


def thank_you_facts(
    *, interview, interviewer, application, owner, now: dt.datetime, better_answer: bool
) -> ThankYouFacts:
    """The reader's fields of a round and one interviewer; the better answer only when chosen.

    Interviewer notes and the self-evaluation are the user's own: they never enter a note.
    """
    zone = owner.time_zone
    return ThankYouFacts(
        interviewer_name=interviewer.name if interviewer else "",
        salutation=interviewer.salutation if interviewer else "",
        mention=interviewer.mention if interviewer else "",
        role=application.role_title if application else "",
        company=application.company_name if application else "",
        round_label=interview.get_round_label_display() if interview else "",
        when=(
            when_phrase(rules.local_date(interview.ends_at, zone), rules.local_date(now, zone))
            if interview
            else ""
        ),
        materials=interview.materials_requested if interview else "",
        article_url=interview.article_url if interview else "",
        better_answer=(interview.better_answer if interview and better_answer else ""),
        sender=_sender(owner),
    )


def thank_you_draft(step: FollowUpStep, *, now: dt.datetime, better_answer: bool = False) -> Draft:
    """The thank-you note of one step: personal to its interviewer when there is one."""
    interview = round_of(step, now=now)
    application = step.application or (interview.application if interview else None)
    interviewer = step.interviewer
    facts = thank_you_facts(
        interview=interview,
        interviewer=interviewer,
        application=application,
        owner=step.owner,
        now=now,
        better_answer=better_answer,
    )
    return Draft(
        to=interviewer.email if interviewer else "",
        subject=thank_you_subject(facts.role, facts.company),
        body=thank_you_text(facts),
        ingredients=(
            ("Greeting", salutation(facts.interviewer_name, facts.salutation)),
            ("One thing to mention to them", one_line(facts.mention)),
            ("Materials they asked for", list_phrase(facts.materials)),
            ("Article to share", one_line(facts.article_url)),
            (
                "A better answer",
                one_line(facts.better_answer)
                or (
                    "not added — tick “Add a better answer” to include it"
                    if interview and interview.better_answer
                    else ""
                ),
            ),
        ),
    )


def round_near_copies(step: FollowUpStep, *, now: dt.datetime) -> list[NearCopy]:
    """Near-copies among the thank-you drafts of this step's round (one per interviewer)."""
    if step.interview_id is None:
        return []
    siblings = (
        FollowUpStep.objects.filter(interview_id=step.interview_id, kind=StepKind.THANK_YOU)
        .exclude(interviewer=None)
        .select_related("owner", "application", "interview", "interviewer")
        .order_by("interviewer__order", "pk")
    )
    drafts = [(s.interviewer.name, s.draft or thank_you_draft(s, now=now).body) for s in siblings]
    mine = step.interviewer.name if step.interviewer else ""
    return [c for c in near_copies(drafts) if mine in (c.first, c.second)]


def follow_up_draft(step: FollowUpStep, *, now: dt.datetime, better_answer: bool = False) -> Draft:
    """A short, polite follow-up that refers to the date they gave or the time since the
    thank-you; a generic one when the application has no round left."""
    interview = round_of(step, now=now)
    application = step.application or (interview.application if interview else None)
    zone = step.owner.time_zone
    recipient, address = addressee(interview)
    thanked_at = None
    if interview is not None:
        thanked = (
            FollowUpStep.objects.filter(interview=interview, kind=StepKind.THANK_YOU)
            .exclude(done_at=None)
            .order_by("done_at")
            .first()
        )
        thanked_at = thanked.done_at if thanked else interview.ends_at
    facts = FollowUpFacts(
        recipient=recipient,
        role=application.role_title if application else "",
        company=application.company_name if application else "",
        interview_day=rules.local_date(interview.starts_at, zone) if interview else None,
        decision_on=interview.expected_decision_on if interview else None,
        today=rules.local_date(now, zone),
        days_since_thank_you=(now - thanked_at).days if thanked_at else None,
        again=step.sequence > 1,
        sender=_sender(step.owner),
    )
    return Draft(
        to=address,
        subject=follow_up_subject(facts.role, again=facts.again),
        body=follow_up_text(facts),
        ingredients=(
            ("To", one_line(facts.recipient) or "the hiring team"),
            (
                "Decision date they gave",
                date_phrase(facts.decision_on) if facts.decision_on else "",
            ),
            (
                "What they said about following up",
                one_line(interview.follow_up_instructions) if interview else "",
            ),
            ("Follow-up", "the second" if facts.again else "the first"),
        ),
    )


def addressee(interview) -> tuple[str, str]:
    """(name, email) an employer email goes to: the contact they named, with the address of
    the interviewer of that name if one is on file (never someone else's address under their
    greeting), else the first interviewer with an address; ("", "") for the hiring team."""
    if interview is None:
        return "", ""
    interviewers = list(interview.interviewers.all())
    contact = one_line(interview.follow_up_contact)
    if contact:
        same = next(
            (
                i
                for i in interviewers
                if i.email and first_name(i.name).casefold() == first_name(contact).casefold()
            ),
            None,
        )
        return contact, same.email if same else ""
    with_email = next((i for i in interviewers if i.email), None)
    return (with_email.name, with_email.email) if with_email else ("", "")


def _employer_contact(application):
    """Who hears from the candidate after a decision: as for a follow-up, from the latest round."""
    return addressee(application.interviews.order_by("-starts_at", "-pk").first())


def reply_draft(application, *, kind: str, owner, ask_feedback: bool = True) -> Draft:
    """The reply to a rejection or an offer for one application."""
    name, email = _employer_contact(application)
    facts = ReplyFacts(
        recipient=name,
        role=application.role_title,
        company=application.company_name,
        ask_feedback=ask_feedback,
        offer_deadline_at=application.offer_deadline_at,
        zone=owner.zone,
        sender=_sender(owner),
    )
    role = one_line(application.role_title) or "the role"
    if kind == "offer":
        subject, body = f"Re: your offer — {role}", offer_reply_text(facts)
    else:
        subject, body = f"Thank you — {role}", rejection_reply_text(facts)
    return Draft(
        to=email,
        subject=subject,
        body=body,
        ingredients=(
            ("To", one_line(name) or "the hiring team"),
            ("Role", role),
            ("Company", one_line(application.company_name)),
        ),
    )


DRAFT_BUILDERS = {
    StepKind.THANK_YOU: thank_you_draft,
    StepKind.FOLLOW_UP: follow_up_draft,
}
