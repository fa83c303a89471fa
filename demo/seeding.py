"""Demo and benchmark data: realistic applications, rounds and interviewers, in bulk.

Rows are built with the factories (Faker) and written with `bulk_create`, so a user with a
thousand applications and three thousand rounds takes seconds, not minutes. The histories
follow `rules.ALLOWED_TRANSITIONS`, as if a person had used the app.

The first user's recent rounds get their plan, and that plan is lived in: what fell due more
than a few days ago was done the way a person does it (thank-you notes by email or card,
self-evaluations written, references briefed, follow-ups sent), so the Today page shows the
handful of things that are late, due today or coming up, not weeks of abandoned steps.
"""

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass, field

import factory.random
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.choices import Channel
from evaluations.factories import EvaluationFactory
from evaluations.models import Evaluation, Growth
from followups import services as plan
from followups.models import FollowUpStep, StepKind, StepStatus
from interviews.factories import (
    QUESTIONS,
    InterviewerFactory,
    InterviewFactory,
    JobApplicationFactory,
)
from interviews.models import ApplicationStatus as S
from interviews.models import (
    Interview,
    Interviewer,
    InterviewFormat,
    JobApplication,
    NextSteps,
    RoundLabel,
    StatusChange,
)
from interviews.services import interview_settle_next_steps
from references.factories import ReferenceFactory
from references.models import ApplicationReference, Briefing, Reference, Relationship

DEMO_EMAIL = "demo@afterview.local"
DEMO_PASSWORD = "afterview-demo"
DEMO_TIME_ZONE = "Europe/London"
BATCH_SIZE = 1000
# Plan steps are computed for the first user's rounds this close to now (the ones a demo shows).
PLAN_SYNC_WINDOW = dt.timedelta(days=21)
PLAN_SYNC_LIMIT = 200
# Steps that fell due longer ago than this were done (the demo's user keeps up, mostly).
SETTLED_AFTER = dt.timedelta(days=3)
# A done follow-up makes the plan schedule the next one, which may itself be long due.
SETTLE_PASSES = 4
# Self-evaluations written for older rounds too (the insights page needs a history).
EVALUATIONS_OF_OLD_ROUNDS = 30
WENT_WELL = [
    "The system design question: I structured it and checked assumptions out loud.",
    "My story about the billing migration landed; they asked follow-up questions.",
    "I asked good questions about the team's roadmap.",
    "Stayed calm on the live coding and talked through trade-offs.",
]
WISH_SAID = [
    "That I have run on-call rotations and written the runbooks.",
    "A clearer example of leading without authority.",
    "Numbers: the latency we cut and the cost we saved.",
    "",
]
REACTIONS = [
    "Engaged, lots of nodding and follow-ups.",
    "Hard to read; they were taking notes the whole time.",
    "Warm, and they ran over time, which felt like a good sign.",
]
DEMO_REFERENCES = [
    ("Priya Natarajan", Relationship.MANAGER, "Engineering Director"),
    ("Tom Becker", Relationship.COLLEAGUE, "Staff Engineer"),
    ("Grace Okafor", Relationship.MENTOR, "VP Engineering"),
    ("Luis Fernández", Relationship.CLIENT, "Head of Product"),
]

STATUS_WEIGHTS = {
    S.APPLIED: 18,
    S.INTERVIEWING: 34,
    S.OFFER: 7,
    S.ACCEPTED: 3,
    S.REJECTED: 20,
    S.WITHDRAWN: 6,
    S.NO_RESPONSE: 12,
}
ROUND_SEQUENCE = [
    RoundLabel.PHONE_SCREEN,
    RoundLabel.TECHNICAL,
    RoundLabel.HIRING_MANAGER,
    RoundLabel.ONSITE,
    RoundLabel.FINAL,
    RoundLabel.PANEL,
]


def status_path(final_status: str, *, has_rounds: bool) -> list[str]:
    """The statuses an application went through to reach `final_status`, first one first."""
    path = [S.APPLIED]
    if has_rounds:
        path.append(S.INTERVIEWING)
    if final_status == S.ACCEPTED:
        path += [S.OFFER, S.ACCEPTED]
    elif final_status not in path:
        path.append(final_status)
    return path


def spread_rounds(statuses: list[str], total: int) -> list[int]:
    """How many rounds each application gets: none while only applied, `total` in all."""
    eligible = [i for i, s in enumerate(statuses) if s != S.APPLIED]
    counts = [0] * len(statuses)
    if not eligible:
        return counts
    base, extra = divmod(total, len(eligible))
    for position, index in enumerate(eligible):
        counts[index] = base + (1 if position < extra else 0)
    return counts


def demo_email(index: int) -> str:
    """demo@…, then demo2@…, demo3@… for the extra users of a scaled run."""
    return DEMO_EMAIL if index == 0 else DEMO_EMAIL.replace("@", f"{index + 1}@")


@dataclass
class SeedResult:
    users: list[User] = field(default_factory=list)
    applications: int = 0
    interviews: int = 0
    interviewers: int = 0
    status_changes: int = 0
    plans_synced: int = 0
    references: int = 0
    evaluations: int = 0
    steps_settled: int = 0
    seconds: float = 0.0


def seed_demo(
    *,
    users: int = 1,
    applications: int = 12,
    interviews_per_application: float = 3.0,
    seed: int = 2026,
    now: dt.datetime | None = None,
) -> SeedResult:
    """Create (or reset) `users` demo users, each with `applications` applications."""
    started = time.perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    factory.random.reseed_random(seed)
    result = SeedResult()
    for index in range(users):
        with transaction.atomic():
            user = _reset_user(demo_email(index))
            counts = _seed_user(
                user,
                applications=applications,
                interviews=round(applications * interviews_per_application),
                rng=rng,
                now=now,
            )
        result.users.append(user)
        result.applications += counts["applications"]
        result.interviews += counts["interviews"]
        result.interviewers += counts["interviewers"]
        result.status_changes += counts["status_changes"]
    if result.users:
        demo_user = result.users[0]
        with transaction.atomic():
            result.references = _seed_references(demo_user, rng=rng, now=now)
            result.evaluations = _seed_evaluations(demo_user, rng=rng, now=now)
            result.plans_synced = _sync_recent_plans(demo_user, now=now)
            result.steps_settled = _settle_old_steps(demo_user, rng=rng, now=now)
    result.seconds = time.perf_counter() - started
    return result


def _reset_user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name="Dana Demo", time_zone=DEMO_TIME_ZONE
        )
    else:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # Re-running starts the demo afresh; the rounds, plan and history cascade.
        JobApplication.objects.filter(owner=user).delete()
        Reference.objects.filter(owner=user).delete()
        FollowUpStep.objects.filter(owner=user).delete()
    # A demo address counts as confirmed, so its reminders go out (to the local mailbox).
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": True}
    )
    return user


def _seed_user(user: User, *, applications: int, interviews: int, rng, now) -> dict[str, int]:
    zone = zoneinfo.ZoneInfo(user.time_zone)
    statuses = rng.choices(
        list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()), k=applications
    )
    round_counts = spread_rounds(statuses, interviews)

    apps: list[JobApplication] = []
    schedules: list[list[tuple[dt.datetime, dt.datetime]]] = []
    for status, n_rounds in zip(statuses, round_counts, strict=True):
        schedule = _round_schedule(status, n_rounds, rng=rng, now=now, zone=zone)
        first_day = schedule[0][0].astimezone(zone).date() if schedule else now.date()
        date_applied = first_day - dt.timedelta(days=rng.randint(4, 21))
        if not schedule:
            date_applied = now.astimezone(zone).date() - dt.timedelta(days=rng.randint(0, 40))
        app = JobApplicationFactory.build(owner=user, status=status, date_applied=date_applied)
        apps.append(app)
        schedules.append(schedule)
    JobApplication.objects.bulk_create(apps, batch_size=BATCH_SIZE)

    rounds: list[Interview] = []
    changes: list[StatusChange] = []
    for app, schedule in zip(apps, schedules, strict=True):
        applied_at = dt.datetime.combine(app.date_applied, dt.time(10), tzinfo=zone)
        events = [applied_at]
        for position, (starts, ends) in enumerate(schedule):
            past = ends < now
            if past and rng.random() < 0.6:
                answer = {"with_next_steps": True}
            elif past and rng.random() < 0.5:
                answer = {"next_steps": NextSteps.NOT_GIVEN}
            else:
                answer = {}
            interview = InterviewFactory.build(
                application=app,
                owner=user,
                round_label=ROUND_SEQUENCE[min(position, len(ROUND_SEQUENCE) - 1)],
                format=rng.choice(list(InterviewFormat.values)),
                starts_at=starts,
                ends_at=ends,
                **answer,
            )
            # Written in bulk, past the services: the next-steps rules are applied here.
            interview_settle_next_steps(interview=interview)
            rounds.append(interview)
        path = status_path(app.status, has_rounds=bool(schedule))
        previous = ""
        for step, status in enumerate(path):
            if step == 0:
                at = applied_at
            elif status == S.INTERVIEWING:
                at = schedule[0][0] - dt.timedelta(days=rng.randint(1, 4))
                at = max(at, applied_at + dt.timedelta(hours=1))
            else:
                last = schedule[-1][1] if schedule else applied_at
                latest = now - dt.timedelta(hours=rng.randint(2, 72))
                at = min(last + dt.timedelta(days=rng.randint(2, 9) + step), latest)
                at = max(at, events[-1] + dt.timedelta(minutes=1))
            events.append(at)
            changes.append(
                StatusChange(application=app, from_status=previous, to_status=status, changed_at=at)
            )
            previous = status
        app.last_activity_at = max([*events, *(ends for _, ends in schedule if ends <= now)])
    Interview.objects.bulk_create(rounds, batch_size=BATCH_SIZE)
    StatusChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    JobApplication.objects.bulk_update(apps, ["last_activity_at"], batch_size=BATCH_SIZE)

    people: list[Interviewer] = []
    for interview in rounds:
        for order in range(rng.choice((1, 1, 2, 2, 3))):
            people.append(InterviewerFactory.build(interview=interview, order=order))
    Interviewer.objects.bulk_create(people, batch_size=BATCH_SIZE)
    return {
        "applications": len(apps),
        "interviews": len(rounds),
        "interviewers": len(people),
        "status_changes": len(changes),
    }


def _round_schedule(status: str, n_rounds: int, *, rng, now, zone) -> list:
    """Start and end of each round: a week or so apart, in office hours of the user's zone."""
    if not n_rounds:
        return []
    gaps = [rng.randint(3, 9) for _ in range(n_rounds - 1)]
    span = sum(gaps)
    if status == S.INTERVIEWING:
        # Open searches have their latest round between two weeks ago and ten days ahead.
        last_day_offset = rng.randint(-14, 10)
    elif status == S.NO_RESPONSE:
        last_day_offset = -rng.randint(31, 60)
    else:
        last_day_offset = -rng.randint(5, 45)
    today = now.astimezone(zone).date()
    day = today + dt.timedelta(days=last_day_offset - span)
    schedule = []
    for index in range(n_rounds):
        hour = rng.choice((9, 10, 11, 13, 14, 15, 16))
        starts = dt.datetime.combine(day, dt.time(hour, rng.choice((0, 30))), tzinfo=zone)
        starts = starts.astimezone(dt.UTC)
        ends = starts + dt.timedelta(minutes=rng.choice((30, 45, 60, 90)))
        if status != S.INTERVIEWING and ends > now:
            starts, ends = starts - dt.timedelta(days=7), ends - dt.timedelta(days=7)
        schedule.append((starts, ends))
        if index < len(gaps):
            day += dt.timedelta(days=gaps[index])
    return schedule


def _sync_recent_plans(user: User, *, now: dt.datetime) -> int:
    """Compute the plan of the rounds a demo shows first; old bulk rounds are left alone."""
    recent = (
        Interview.objects.owned_by(user)
        .filter(starts_at__gte=now - PLAN_SYNC_WINDOW)
        .select_related("application", "owner")
        .order_by("starts_at")[:PLAN_SYNC_LIMIT]
    )
    synced = 0
    for interview in recent:
        plan.plan_sync_interview(interview=interview, now=now)
        synced += 1
    return synced


def _seed_references(user: User, *, rng, now: dt.datetime) -> int:
    """A few references, given to the applications still in play, briefed when given before
    their latest round (the plan asks for a briefing on the day of the interview)."""
    references = [
        ReferenceFactory.build(
            owner=user, name=name, relationship=relationship, title=title, agreed=True
        )
        for name, relationship, title in DEMO_REFERENCES
    ]
    Reference.objects.bulk_create(references)
    in_play = list(
        JobApplication.objects.owned_by(user)
        .filter(status__in=[S.INTERVIEWING, S.OFFER])
        .order_by("-last_activity_at")[:3]
    )
    zone = zoneinfo.ZoneInfo(user.time_zone)
    given, briefings = [], []
    for application, reference in zip(in_play, rng.sample(references, len(in_play)), strict=False):
        latest = application.interviews.order_by("-starts_at").first()
        given_at = min(latest.starts_at if latest else now, now) - dt.timedelta(days=2)
        link = ApplicationReference(
            application=application,
            reference=reference,
            given_on=given_at.astimezone(zone).date(),
        )
        if latest is not None and latest.ends_at < now - SETTLED_AFTER:
            link.briefed_at = latest.starts_at - dt.timedelta(hours=rng.randint(3, 20))
            briefings.append(
                Briefing(application_reference=link, briefed_at=link.briefed_at, channel="email")
            )
        given.append(link)
    ApplicationReference.objects.bulk_create(given)
    Briefing.objects.bulk_create(briefings)
    return len(references)


def _seed_evaluations(user: User, *, rng, now: dt.datetime) -> int:
    """Self-evaluations of the rounds that ended more than a few days ago: all the recent ones
    (their plan step is long due) and a sample of older ones, for the insights page."""
    past = Interview.objects.owned_by(user).filter(ends_at__lt=now - SETTLED_AFTER)
    recent = list(past.filter(starts_at__gte=now - PLAN_SYNC_WINDOW))
    older = list(past.filter(starts_at__lt=now - PLAN_SYNC_WINDOW).order_by("-starts_at"))
    chosen = recent + rng.sample(older, min(len(older), EVALUATIONS_OF_OLD_ROUNDS))
    evaluations = []
    for interview in chosen:
        feeling = rng.randint(2, 5)
        evaluations.append(
            EvaluationFactory.build(
                interview=interview,
                owner=user,
                reaction_rating=max(1, min(5, feeling + rng.choice((-1, 0, 0, 1)))),
                confidence=rng.randint(2, 5),
                company_feeling=feeling,
                fit_rating=max(1, min(5, feeling + rng.choice((-1, 0, 1)))),
                interest_rating=max(1, min(5, feeling + rng.choice((0, 0, 1)))),
                growth=rng.choice(list(Growth.values)),
                went_well=rng.choice(WENT_WELL),
                wish_said=rng.choice(WISH_SAID),
                interviewer_reaction=rng.choice(REACTIONS),
                struggled_questions="\n".join(rng.sample(QUESTIONS, rng.choice((0, 1, 1, 2)))),
                completed_at=interview.ends_at + dt.timedelta(hours=rng.randint(1, 6)),
            )
        )
    Evaluation.objects.bulk_create(evaluations, batch_size=BATCH_SIZE)
    return len(evaluations)


def _settle_old_steps(user: User, *, rng, now: dt.datetime) -> int:
    """Close the steps that fell due more than SETTLED_AFTER ago as their owner would have,
    inside their window; the plan is then recomputed from those facts (a sent thank-you
    starts the follow-up clock), which may bring the next long-due step: a few passes."""
    settled = 0
    for _ in range(SETTLE_PASSES):
        steps = list(
            FollowUpStep.objects.owned_by(user)
            .open()
            .filter(due_at__lt=now - SETTLED_AFTER)
            .exclude(kind=StepKind.KEEP_LOOKING)
            .select_related("application")
        )
        if not steps:
            break
        closed = []
        for step in steps:
            if step.kind == StepKind.MOVE_ON:
                # Moving on records the application as "no response": through the service.
                plan.step_complete(step=step, at=_done_within(step, rng=rng, now=now))
                continue
            step.mark(StepStatus.DONE, at=_done_within(step, rng=rng, now=now))
            step.channel = _channel_for(step.kind, rng=rng)
            closed.append(step)
        FollowUpStep.objects.bulk_update(
            closed, ["status", "done_at", "next_reminder_at", "channel"], batch_size=BATCH_SIZE
        )
        _record_briefings(closed)
        for application in {step.application for step in steps if step.application_id}:
            _touch(application, closed)
            plan.plan_sync_application(application=application, now=now)
        settled += len(steps)
    return settled


def _touch(application: JobApplication, closed: list[FollowUpStep]) -> None:
    """The application's last activity is its latest step done (the bulk write skips it)."""
    latest = max(
        (s.done_at for s in closed if s.application_id == application.pk),
        default=None,
    )
    if latest and (application.last_activity_at is None or latest > application.last_activity_at):
        application.last_activity_at = latest
        application.save(update_fields=["last_activity_at"])


def _done_within(step: FollowUpStep, *, rng, now: dt.datetime) -> dt.datetime:
    """A moment inside the step's window (early rather than late), never in the future."""
    window = (step.due_at - step.opens_at).total_seconds()
    at = step.opens_at + dt.timedelta(seconds=window * rng.uniform(0.05, 0.8))
    return min(at, now - dt.timedelta(hours=1))


def _channel_for(kind: str, *, rng) -> str:
    if kind == StepKind.THANK_YOU:
        # Email for most; a handwritten card now and then, as career advice suggests.
        return rng.choice((Channel.EMAIL, Channel.EMAIL, Channel.EMAIL, Channel.HANDWRITTEN))
    if kind in (StepKind.FOLLOW_UP, StepKind.BRIEF_REFERENCES):
        return Channel.EMAIL
    return ""


def _record_briefings(steps: list[FollowUpStep]) -> None:
    """A done briefing step means the reference was briefed: say so on the reference too."""
    briefed = {
        (step.application_id, step.reference_id): step
        for step in steps
        if step.kind == StepKind.BRIEF_REFERENCES and step.reference_id
    }
    if not briefed:
        return
    links = ApplicationReference.objects.filter(
        application_id__in={key[0] for key in briefed}, briefed_at__isnull=True
    )
    updated, briefings = [], []
    for link in links:
        step = briefed.get((link.application_id, link.reference_id))
        if step is None:
            continue
        link.briefed_at = step.done_at
        updated.append(link)
        briefings.append(
            Briefing(application_reference=link, briefed_at=step.done_at, channel=step.channel)
        )
    ApplicationReference.objects.bulk_update(updated, ["briefed_at"])
    Briefing.objects.bulk_create(briefings)
