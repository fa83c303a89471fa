"""Every URL that takes an object id, and how to build an object behind it for a given owner.

The ownership test (test_ownership.py) walks the URL configuration and fails when a URL with an
id argument has no entry here, so each new page must say how to build its object. The HTML and
accessibility checks reuse the same table to open every object page as its owner.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

from evaluations.factories import EvaluationFactory
from evaluations.models import Evaluation
from followups.factories import FollowUpStepFactory
from followups.models import FollowUpStep, ReplyDraft, StepKind
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, JobApplication, StatusChange
from pipeline.csvio import IMPORTABLE, NOT_MAPPED, guess_mapping
from pipeline.models import ImportUpload
from pipeline.services import import_set_mapping, import_upload_create
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from references.models import ApplicationReference, Reference

# Namespaces left out of the walk: the admin is for staff and checks permissions itself.
EXEMPT_NAMESPACES = {"admin"}
# What a careless view would write if it skipped the owner filter: a value for every field
# name any form of the project uses for its main text, status, dates or choices.
HOSTILE_POST = {
    "company_name": "Taken over",
    "role_title": "Taken over",
    "status": "offer",
    "notes": "taken over",
    "name": "Taken over",
    "draft": "taken over",
    "channel": "email",
    "until": "2031-01-01T09:00",
    "went_well": "taken over",
    "reaction_rating": "1",
    "confidence": "1",
    "agreed": "",
    "reference": "1",
    "starts_at": "2031-01-01T09:00",
    "ends_at": "2031-01-01T10:00",
}


@dataclass
class Target:
    """What a builder made: the URL's keyword arguments and the rows to watch.

    `intruder_post`, when given, builds the form another user would send to take the object
    over: valid in every field the intruder can fill with their own rows (their own reference
    to attach, say), so a view that skipped the owner filter would act on it.
    """

    kwargs: dict
    watched: list[models.Model]
    counted: tuple[type[models.Model], ...] = ()
    intruder_post: Callable[..., dict] | None = None


# What a URL answers: an HTML page, a file to download, or an action that only takes a POST.
PAGE, DOWNLOAD, ACTION = "page", "download", "action"
GET_OR_405 = frozenset({404, 405})


@dataclass(frozen=True)
class ObjectUrlCase:
    url_name: str
    build: Callable[..., Target]
    label: str = ""
    kind: str = PAGE
    post_data: dict = field(default_factory=lambda: dict(HOSTILE_POST))
    # A view that only answers GET (or only POST) may refuse the other method with 405 before
    # any lookup: that reveals nothing about the object, so it is accepted alongside 404.
    get_statuses: frozenset[int] = frozenset({404})
    post_statuses: frozenset[int] = frozenset({404})
    # The control for an action: what its owner posts to have it work (a redirect or a page).
    owner_post: dict = field(default_factory=dict)
    # A form that writes: the rest of a valid submission for the object built, so that the
    # hostile POST would go through if the view forgot the owner filter (a control test
    # proves it does, as the owner).
    extra_post: Callable[[Target], dict] | None = None
    writes: bool = True

    def hostile_post(self, target: Target, poster) -> dict:
        """What `poster` sends: the hostile fields, the case's valid rest, the poster's rows."""
        data = dict(self.post_data)
        if self.extra_post:
            data.update(self.extra_post(target))
        if target.intruder_post:
            data.update(target.intruder_post(poster))
        return data

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.label}]" if self.label else self.url_name


def _application(owner) -> Target:
    application = JobApplicationFactory(owner=owner, status="interviewing")
    return Target({"pk": application.pk}, [application], (StatusChange, Interview))


def _application_deletable(owner) -> Target:
    target = _application(owner)
    return Target(target.kwargs, target.watched, (JobApplication, *target.counted))


def _interview(owner) -> Target:
    interview = InterviewFactory(application__owner=owner)
    interviewer = InterviewerFactory(interview=interview)
    return Target(
        {"pk": interview.pk},
        [interview, interviewer, interview.application],
        (Interview, Interviewer, FollowUpStep),
    )


def _thank_you_step(owner) -> FollowUpStep:
    interview = InterviewFactory(application__owner=owner)
    return FollowUpStepFactory(
        interview=interview, interviewer=InterviewerFactory(interview=interview)
    )


def _thank_you_composer(owner) -> Target:
    step = _thank_you_step(owner)
    return Target({"pk": step.pk}, [step, step.interviewer])


def _reply_composer(owner) -> Target:
    application = JobApplicationFactory(owner=owner, status="rejected")
    return Target({"pk": application.pk, "kind": "rejection"}, [application], (ReplyDraft,))


def _follow_up_composer(owner) -> Target:
    interview = InterviewFactory(application__owner=owner, application__status="interviewing")
    step = FollowUpStepFactory(
        interview=interview,
        application=interview.application,
        owner=owner,
        kind=StepKind.FOLLOW_UP,
        opens_at=timezone.now() - dt.timedelta(days=1),
    )
    return Target({"pk": step.pk}, [step, interview.application], (StatusChange,))


def _offer_step(owner) -> Target:
    application = JobApplicationFactory(owner=owner, status="offer")
    step = FollowUpStepFactory(
        application=application,
        owner=owner,
        kind=StepKind.OFFER_DECIDE,
        key=f"offer_decide:application:{application.pk}",
        opens_at=timezone.now() - dt.timedelta(hours=1),
    )
    return Target({"pk": step.pk}, [step, application], (StatusChange,))


def _follow_up_without_round(owner) -> Target:
    """A follow-up step whose round is gone: the composer drafts from the application."""
    application = JobApplicationFactory(owner=owner, status="interviewing")
    step = FollowUpStepFactory(
        interview=None,
        application=application,
        owner=owner,
        kind=StepKind.FOLLOW_UP,
        opens_at=timezone.now() - dt.timedelta(days=1),
    )
    return Target({"pk": step.pk}, [step, application], (StatusChange,))


def _step_action(action: str) -> Callable[..., Target]:
    def build(owner) -> Target:
        step = _thank_you_step(owner)
        return Target({"pk": step.pk, "action": action}, [step])

    return build


def _reference(owner) -> Target:
    reference = ReferenceFactory(owner=owner)
    return Target({"pk": reference.pk}, [reference], (Reference, ApplicationReference))


def _attach(owner) -> Target:
    application = JobApplicationFactory(owner=owner, status="interviewing")

    def intruder_post(intruder) -> dict:
        theirs = ReferenceFactory(owner=intruder)
        return {"reference": theirs.pk, "given_on": timezone.localdate().isoformat()}

    return Target(
        {"application_pk": application.pk},
        [application],
        (ApplicationReference, FollowUpStep),
        intruder_post,
    )


def _given(owner) -> Target:
    link = ApplicationReferenceFactory(reference__owner=owner)
    return Target(
        {"pk": link.pk},
        [link, link.reference, link.application],
        (ApplicationReference, FollowUpStep),
        lambda intruder: {
            "contacted_on": timezone.localdate().isoformat(),
            "channel": "email",
        },
    )


def _briefing(owner) -> Target:
    link = ApplicationReferenceFactory(reference__owner=owner)
    step = FollowUpStepFactory(
        interview=None,
        application=link.application,
        owner=owner,
        reference=link.reference,
        kind=StepKind.BRIEF_REFERENCES,
        opens_at=timezone.now() - dt.timedelta(hours=1),
    )
    return Target({"step_pk": step.pk}, [step, link, link.reference])


def _evaluation_new(owner) -> Target:
    interview = InterviewFactory(application__owner=owner)
    return Target({"interview_pk": interview.pk}, [interview], (Evaluation,))


def _evaluation_existing(owner) -> Target:
    evaluation = EvaluationFactory(interview__application__owner=owner, completed_at=None)
    return Target({"interview_pk": evaluation.interview_id}, [evaluation], (Evaluation,))


def _interview_ics(owner) -> Target:
    interview = InterviewFactory(application__owner=owner)
    return Target({"pk": interview.pk}, [interview, interview.application])


def _recently(hour: int) -> str:
    day = timezone.localdate() - dt.timedelta(days=2)
    return f"{day.isoformat()}T{hour:02d}:00"


def _application_form(target: Target) -> dict:
    return {
        "company_name": "Taken over",
        "role_title": "Taken over",
        "date_applied": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
    }


def _round_form(target: Target) -> dict:
    """A valid round with no interviewer rows (a new round) or its one row kept (an edit)."""
    data = {
        "round_label": "final",
        "format": "video",
        "starts_at": _recently(10),
        "ends_at": _recently(11),
        "interviewers-TOTAL_FORMS": "0",
        "interviewers-INITIAL_FORMS": "0",
        "interviewers-MIN_NUM_FORMS": "0",
        "interviewers-MAX_NUM_FORMS": "1000",
    }
    interviewer = next((row for row in target.watched if isinstance(row, Interviewer)), None)
    if interviewer is not None:
        data.update(
            {
                "interviewers-TOTAL_FORMS": "1",
                "interviewers-INITIAL_FORMS": "1",
                "interviewers-0-id": str(interviewer.pk),
                "interviewers-0-interview": str(interviewer.interview_id),
                "interviewers-0-name": "Taken over",
            }
        )
    return data


def _reference_form(target: Target) -> dict:
    return {"name": "Taken over", "relationship": "colleague", "preferred_contact": "linkedin"}


def _mapping_form(target: Target) -> dict:
    # Swapped columns: a real change from the mapping the upload was given; the hostile
    # fields that are also column names ("status", "notes") are left unmapped.
    unmapped = {column.name: NOT_MAPPED for column in IMPORTABLE}
    return {**unmapped, "company_name": "Role", "role_title": "Company"}


IMPORT_CSV = (
    b"Company,Role,Applied on\r\n"
    b"Initech,Analyst,2026-01-05\r\n"
    b"Hooli,Platform Engineer,2026-01-09\r\n"
)


def _import_upload(owner) -> Target:
    upload = import_upload_create(user=owner, filename="mine.csv", raw=IMPORT_CSV)
    import_set_mapping(upload=upload, mapping=guess_mapping(upload.headers))
    return Target({"pk": upload.pk}, [upload], (ImportUpload, JobApplication))


CASES: list[ObjectUrlCase] = [
    # interviews
    ObjectUrlCase("interviews:application_detail", _application, writes=False),
    ObjectUrlCase("interviews:application_update", _application, extra_post=_application_form),
    ObjectUrlCase("interviews:application_delete", _application_deletable),
    ObjectUrlCase(
        "interviews:application_status",
        _application,
        kind=ACTION,
        get_statuses=GET_OR_405,
        owner_post={"status": "offer"},
    ),
    ObjectUrlCase("interviews:interview_create", _application, extra_post=_round_form),
    ObjectUrlCase("interviews:interview_detail", _interview, writes=False),
    ObjectUrlCase("interviews:interview_update", _interview, extra_post=_round_form),
    ObjectUrlCase("interviews:interview_delete", _interview),
    ObjectUrlCase("interviews:interview_cancel", _interview, kind=ACTION, get_statuses=GET_OR_405),
    # followups
    ObjectUrlCase("followups:thank_you_composer", _thank_you_composer),
    ObjectUrlCase("followups:follow_up_composer", _follow_up_composer),
    ObjectUrlCase("followups:follow_up_composer", _follow_up_without_round, label="no round"),
    ObjectUrlCase(
        "followups:they_replied", _follow_up_composer, kind=ACTION, get_statuses=GET_OR_405
    ),
    ObjectUrlCase("followups:offer_step", _offer_step, writes=False),
    ObjectUrlCase("followups:reply_composer", _reply_composer),
    *(
        ObjectUrlCase(
            "followups:step_action",
            _step_action(action),
            label=action,
            kind=ACTION,
            get_statuses=GET_OR_405,
        )
        for action in ("done", "skip", "snooze")
    ),
    # references
    ObjectUrlCase("references:detail", _reference, writes=False),
    ObjectUrlCase("references:edit", _reference, extra_post=_reference_form),
    ObjectUrlCase("references:delete", _reference),
    ObjectUrlCase("references:attach", _attach),
    ObjectUrlCase("references:detach", _given),
    ObjectUrlCase("references:employer_contact", _given),
    ObjectUrlCase("references:brief_given", _given),
    ObjectUrlCase("references:briefing", _briefing),
    # evaluations
    ObjectUrlCase("evaluations:form", _evaluation_new, label="new"),
    ObjectUrlCase("evaluations:form", _evaluation_existing, label="draft"),
    # pipeline
    ObjectUrlCase(
        "pipeline:move",
        _application,
        kind=ACTION,
        get_statuses=GET_OR_405,
        owner_post={"status": "offer"},
    ),
    ObjectUrlCase(
        "pipeline:interview_ics",
        _interview_ics,
        kind=DOWNLOAD,
        post_statuses=GET_OR_405,
        writes=False,
    ),
    ObjectUrlCase("pipeline:import_mapping", _import_upload, extra_post=_mapping_form),
    ObjectUrlCase(
        "pipeline:import_preview", _import_upload, post_statuses=GET_OR_405, writes=False
    ),
    ObjectUrlCase("pipeline:import_commit", _import_upload, kind=ACTION, get_statuses=GET_OR_405),
    ObjectUrlCase(
        "pipeline:import_skipped_csv",
        _import_upload,
        kind=DOWNLOAD,
        post_statuses=GET_OR_405,
        writes=False,
    ),
]

# What the owner opens with a GET: HTML pages and downloads (actions only take a POST).
OWNER_PAGES = [case for case in CASES if case.kind == PAGE]
OWNER_DOWNLOADS = [case for case in CASES if case.kind == DOWNLOAD]
OWNER_ACTIONS = [case for case in CASES if case.kind == ACTION]


@dataclass(frozen=True)
class RouteInfo:
    name: str
    route: str
    id_kwargs: tuple[str, ...]
    callback: Callable


def iter_routes(resolver=None, namespace: str = "", prefix: str = "") -> Iterator[RouteInfo]:
    """Every URL pattern of the project with its full name, full route and id arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            if inner.split(":")[0] in EXEMPT_NAMESPACES:
                continue
            yield from iter_routes(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            full_name = f"{namespace}:{name}" if namespace and name else name
            route = prefix + str(entry.pattern)
            yield RouteInfo(full_name or route, route, _id_kwargs(entry), entry.callback)


def _id_kwargs(pattern: URLPattern) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", {})
    names = [n for n, c in converters.items() if isinstance(c, IntConverter | UUIDConverter)]
    # re_path(r"(?P<pk>\d+)/") carries no converter: look at the group's own expression.
    regex = pattern.pattern.regex
    for group in regex.groupindex:
        if f"(?P<{group}>\\d+)" in regex.pattern or f"(?P<{group}>[0-9]+)" in regex.pattern:
            names.append(group)
    return tuple(dict.fromkeys(names))


def routes_with_object_ids() -> list[RouteInfo]:
    return [route for route in iter_routes() if route.id_kwargs]


def snapshot(rows: list[models.Model]) -> list[dict]:
    """Every stored column of each row, fresh from the database.

    Stricter than model_to_dict: it includes non-editable columns such as `updated_at`, so
    even a save() that changes nothing visible is caught.
    """
    result = []
    for row in rows:
        fresh = type(row)._base_manager.get(pk=row.pk)
        result.append({f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields})
    return result


def counts(model_classes) -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in model_classes}
