"""Celery interface of the reminders: the beat tick. It takes no arguments and holds no state;
what is due lives in the database, so a lost or doubled tick changes nothing."""

from celery import shared_task

from followups import services as plan

from . import services

# Retries wait 30 s, 60 s, 120 s … with jitter, never longer than RETRY_BACKOFF_MAX, which
# stays far below the Redis visibility_timeout (3600 s): a retry countdown longer than that
# would be redelivered by Redis and run twice.
RETRY_BACKOFF_MAX = 600
# A retry is a new message built from the request, `expires` included: beat's "expires: 55"
# (a tick that waited a minute is superseded by the next one) would make every retry after
# 55 s "Discarding revoked task". Retries carry no expiry of their own.
RETRY_KWARGS = {"expires": None}


@shared_task(
    name="reminders.tasks.tick",
    autoretry_for=(services.TransportError,),
    retry_backoff=30,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    retry_kwargs=RETRY_KWARGS,
    max_retries=5,
    ignore_result=True,
)
def tick():
    """One beat tick: start the new week's keep-looking steps (so their reminders go out
    with this pass), then send the reminders that fell due; retried while the mail server
    is down."""
    plan.plan_roll_keep_looking()
    result = services.dispatch_pass()
    if result.transport_error:
        raise services.TransportError(result.transport_error)
    return result.emails
