"""Writes to self-evaluations; a finished one is announced through `evaluations.signals`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from interviews.services import interview_set_better_answer

from . import signals
from .models import Evaluation
from .rules import KEY_ANSWERS, missing_key_answers

ANSWER_FIELDS = (
    "went_well",
    "wish_said",
    "interviewer_reaction",
    "reaction_rating",
    "confidence",
    "confidence_why",
    "company_feeling",
    "growth",
    "fit_rating",
    "interest_rating",
    "struggled_questions",
)


def _store(*, interview, answers: dict) -> Evaluation:
    evaluation, _ = Evaluation.objects.select_for_update().get_or_create(
        interview=interview, defaults={"owner_id": interview.owner_id}
    )
    for name in ANSWER_FIELDS:
        if name in answers:
            setattr(evaluation, name, answers[name])
    if "better_answer" in answers:
        interview_set_better_answer(interview=interview, text=answers["better_answer"])
    return evaluation


@transaction.atomic
def evaluation_save_draft(*, interview, answers: dict) -> Evaluation:
    """Save whatever is filled in so far; a draft stays a draft (completed_at untouched)."""
    evaluation = _store(interview=interview, answers=answers)
    evaluation.full_clean(exclude=["owner", "interview"])
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_finish(*, interview, answers: dict, at: dt.datetime | None = None) -> Evaluation:
    """Save the answers and mark the evaluation complete (the first completion time is kept
    when it is edited later); the plan, told by `signals.evaluation_finished`, closes its
    self-evaluation step."""
    at = at or timezone.now()
    evaluation = _store(interview=interview, answers=answers)
    missing = missing_key_answers({name: getattr(evaluation, name) for name in KEY_ANSWERS})
    if missing:
        raise ValidationError(dict.fromkeys(missing, "Answer this to finish the evaluation."))
    if evaluation.completed_at is None:
        evaluation.completed_at = at
    evaluation.full_clean(exclude=["owner", "interview"])
    evaluation.save()
    signals.evaluation_finished.send(
        sender=Evaluation, interview=interview, evaluation=evaluation, at=at
    )
    return evaluation
