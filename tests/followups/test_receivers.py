"""The signal contract: each lower app's domain signal reaches the plan service it stands for.

The services of interviews, references, evaluations and accounts send these signals instead of
calling followups (the layers of docs/ARCHITECTURE.md); these tests pin who listens and with
which arguments, so a renamed keyword or a lost connection fails here, not in a journey.
"""

import datetime as dt

import pytest

from accounts import signals as accounts_signals
from evaluations import signals as evaluations_signals
from followups import services
from followups.models import StepKind
from interviews import signals as interviews_signals
from references import signals as references_signals

AT = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
APPLICATION, INTERVIEW, GIVEN, USER = object(), object(), object(), object()

CONTRACT = [
    (
        interviews_signals.application_changed,
        {"application": APPLICATION},
        "plan_sync_application",
        {"application": APPLICATION, "now": AT},
    ),
    (
        interviews_signals.application_status_changed,
        {"application": APPLICATION},
        "plan_on_status_change",
        {"application": APPLICATION, "now": AT},
    ),
    (
        interviews_signals.interview_changed,
        {"interview": INTERVIEW},
        "plan_sync_interview",
        {"interview": INTERVIEW, "now": AT},
    ),
    (
        interviews_signals.interview_deleted,
        {"application": APPLICATION},
        "plan_sync_application",
        {"application": APPLICATION, "now": AT},
    ),
    (
        references_signals.application_references_changed,
        {"application": APPLICATION},
        "plan_sync_application",
        {"application": APPLICATION, "now": AT},
    ),
    (
        references_signals.reference_briefed,
        {"application_reference": GIVEN, "channel": "phone"},
        "briefing_steps_complete",
        {"application_reference": GIVEN, "channel": "phone", "at": AT},
    ),
    (
        evaluations_signals.evaluation_finished,
        {"interview": INTERVIEW, "evaluation": object()},
        "complete_steps_of_kind",
        {"interview": INTERVIEW, "kind": StepKind.SELF_EVALUATION, "at": AT},
    ),
    (
        accounts_signals.plan_preferences_changed,
        {"user": USER},
        "plan_sync_keep_looking",
        {"user": USER, "now": AT},
    ),
]


@pytest.mark.parametrize(
    ("signal", "sent", "service", "called"),
    CONTRACT,
    ids=[f"{service}-{i}" for i, (_, _, service, _) in enumerate(CONTRACT)],
)
def test_each_domain_signal_calls_its_plan_service(monkeypatch, signal, sent, service, called):
    calls = []
    monkeypatch.setattr(services, service, lambda **kwargs: calls.append(kwargs))
    signal.send(sender=None, at=AT, **sent)
    assert calls == [called]
