"""One-click links from reminder emails: a GET shows a confirmation, only a POST acts.

Mail scanners open every link in a message, so a GET never changes anything. The links
work without a session (the signed token says who and what); a signed-in visitor who is
not the token's user gets the "no longer valid" page, never an action.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from followups import services as followups
from followups.models import FollowUpStep

from . import emails, rules, services, tokens

SNOOZE_FOR = dt.timedelta(days=1)


def _invalid(request):
    return render(request, "reminders/link_invalid.html", status=400)


def _token_user(request, user_id: int):
    """The token's active user, or None when it is gone or someone else is signed in."""
    if request.user.is_authenticated and request.user.pk != user_id:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


@login_not_required
@require_http_methods(["GET", "POST"])
def step_action(request, token):
    """Mark a step done or snooze it for a day, from a signed link in a reminder."""
    try:
        action = tokens.read_step_action(token)
    except tokens.InvalidLink:
        return _invalid(request)
    user = _token_user(request, action.user_id)
    if user is None:
        return _invalid(request)
    step = (
        FollowUpStep.objects.owned_by(user)
        .select_related("application", "interview", "interviewer", "reference")
        .filter(pk=action.step_id)
        .first()
    )
    if step is None:
        return _invalid(request)
    now = timezone.now()
    item = emails.describe(
        emails.Item(step=step, kind=rules.STEP_REMINDER_KIND.get(step.kind, step.kind)),
        user=user,
        now=now,
    )
    context = {"step": step, "item": item, "action": action.action, "token_user": user}
    if not step.is_open:
        return render(request, "reminders/step_action_closed.html", context)
    if request.method == "POST":
        if action.action == "done":
            followups.step_complete(step=step, at=now)
        else:
            context["until"] = now + SNOOZE_FOR
            followups.step_snooze(step=step, until=context["until"])
        return render(request, "reminders/step_action_done.html", context)
    return render(request, "reminders/step_action_confirm.html", context)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session.
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Pause every reminder email of the token's user (List-Unsubscribe one-click)."""
    try:
        user_id = tokens.read_unsubscribe(token)
    except tokens.InvalidLink:
        return _invalid(request)
    user = _token_user(request, user_id)
    if user is None:
        return _invalid(request)
    if request.method == "POST":
        services.reminders_pause(user_id=user.pk)
        return render(request, "reminders/unsubscribed.html", {"token_user": user})
    return render(request, "reminders/unsubscribe_confirm.html", {"token_user": user})
