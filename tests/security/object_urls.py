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
from followups.models import FollowUpStep, StepKind
from interviews.factories import InterviewerFactory, InterviewFactory, JobApplicationFactory
from interviews.models import Interview, Interviewer, StatusChange
from references.factories import ApplicationReferenceFactory, ReferenceFactory
from references.models import ApplicationReference

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
    """What a builder made: the URL's keyword arguments and the rows to watch."""

    kwargs: dict
    watched: list[models.Model]
    counted: tuple[type[models.Model], ...] = ()


@dataclass(frozen=True)
class ObjectUrlCase:
    url_name: str
    build: Callable[..., Target]
    label: str = ""
    post_data: dict = field(default_factory=lambda: dict(HOSTILE_POST))
    # A view that only answers GET (or only POST) may refuse the other method with 405 before
    # any lookup: that reveals nothing about the object, so it is accepted alongside 404.
    get_statuses: frozenset[int] = frozenset({404})
    post_statuses: frozenset[int] = frozenset({404})

    @property
    def id(self) -> str:
        return f"{self.url_name}[{self.label}]" if self.label else self.url_name


def _application(owner) -> Target:
    application = JobApplicationFactory(owner=owner)
    return Target({"pk": application.pk}, [application], (StatusChange, Interview))


def _interview(owner) -> Target:
    interview = InterviewFactory(application__owner=owner)
    interviewer = InterviewerFactory(interview=interview)
    return Target(
        {"pk": interview.pk}, [interview, interviewer, interview.application], (Interviewer,)
    )


def _thank_you_step(owner) -> FollowUpStep:
    interview = InterviewFactory(application__owner=owner)
    return FollowUpStepFactory(
        interview=interview, interviewer=InterviewerFactory(interview=interview)
    )


def _thank_you_composer(owner) -> Target:
    step = _thank_you_step(owner)
    return Target({"pk": step.pk}, [step, step.interviewer])


def _follow_up_composer(owner) -> Target:
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
    return Target({"pk": reference.pk}, [reference], (ApplicationReference,))


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
    return Target({"pk": interview.pk}, [interview])


CASES: list[ObjectUrlCase] = [
    ObjectUrlCase("interviews:application_detail", _application),
    ObjectUrlCase("interviews:interview_detail", _interview),
    ObjectUrlCase("followups:thank_you_composer", _thank_you_composer),
    ObjectUrlCase("followups:follow_up_composer", _follow_up_composer),
    *(
        ObjectUrlCase(
            "followups:step_action",
            _step_action(action),
            label=action,
            get_statuses=frozenset({404, 405}),
        )
        for action in ("done", "skip", "snooze")
    ),
    ObjectUrlCase("references:detail", _reference),
    ObjectUrlCase("references:briefing", _briefing),
    ObjectUrlCase("evaluations:form", _evaluation_new, label="new"),
    ObjectUrlCase("evaluations:form", _evaluation_existing, label="draft"),
    ObjectUrlCase("pipeline:interview_ics", _interview_ics, post_statuses=frozenset({404, 405})),
]

# Pages a person opens (GET) as the owner; actions that only take a POST are left out.
OWNER_PAGES = [case for case in CASES if case.url_name != "followups:step_action"]


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


def is_placeholder(callback) -> bool:
    """True for a section whose feature has not landed yet (config.placeholder)."""
    return getattr(callback, "__module__", "") == "config.placeholder"


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
