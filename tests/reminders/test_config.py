"""Celery configuration the reminders rely on."""

import subprocess
import sys

from django.conf import settings

from config.celery_app import app
from reminders import services, tasks

from .conftest import ROOT


def test_beat_ticks_every_minute_in_utc_on_a_fixed_interval():
    entry = app.conf.beat_schedule["reminders-tick"]
    assert entry["task"] == "reminders.tasks.tick" == tasks.tick.name
    assert entry["schedule"] == 60.0
    assert entry["options"]["expires"] < 60  # a tick that waited a minute is superseded
    assert app.conf.timezone == "UTC"


def test_retries_back_off_with_jitter_below_the_redis_visibility_timeout():
    """A retry countdown longer than visibility_timeout would be redelivered and run twice."""
    probe = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "print(settings.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])"
    )
    env = {
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    visibility_timeout = int(out.stdout.strip().splitlines()[-1])
    assert visibility_timeout == 3600

    assert tasks.tick.autoretry_for == (services.TransportError,)
    assert tasks.tick.retry_backoff
    assert tasks.tick.retry_jitter is True
    assert 0 < tasks.tick.retry_backoff_max < visibility_timeout
    assert tasks.tick.max_retries is not None


def test_the_lease_length_comes_from_the_environment():
    probe = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "print(settings.REMINDER_LEASE_SECONDS)"
    )
    base = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": ""}
    for extra, expected in (({}, "900"), ({"REMINDER_LEASE_SECONDS": "5"}, "5")):
        out = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env={**base, **extra},
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout.strip().splitlines()[-1] == expected


def test_retries_carry_no_expiry_of_their_own():
    """Beat's `expires: 55` would otherwise travel with every retry and discard it."""
    assert tasks.tick.retry_kwargs == {"expires": None}


def test_late_acks_so_a_killed_worker_leaves_its_tick_on_the_broker():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


def test_the_claim_lease_outlasts_a_batch_and_failed_sends_back_off():
    assert services.lease_length().total_seconds() >= 10 * 60
    # Half the lease (the longest one message's send may take) is far above EMAIL_TIMEOUT.
    assert services.lease_length().total_seconds() / 2 > 10 * settings.EMAIL_TIMEOUT
    assert [services.retry_backoff(n).total_seconds() for n in (1, 2, 3)] == [60, 120, 240]
    assert services.retry_backoff(50) == services.MAX_BACKOFF


def test_the_tick_starts_the_new_weeks_keep_looking_steps_first(monkeypatch):
    calls = []
    monkeypatch.setattr(
        tasks.plan, "plan_roll_keep_looking", lambda **kw: calls.append("roll") or 0
    )
    result = type("Pass", (), {"transport_error": "", "emails": 0})()
    monkeypatch.setattr(services, "dispatch_pass", lambda: calls.append("dispatch") or result)
    tasks.tick.run()
    assert calls == ["roll", "dispatch"]
