"""The Today page, one-click step actions and the two composers.

Views only look things up (always scoped to the signed-in user), validate and call the
services; the rules and the drafts live elsewhere.
"""

import datetime as dt

from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from core import pagecache
from interviews.models import JobApplication

from . import rules, selectors, services
from .drafts import DRAFT_BUILDERS, Draft, reply_draft, round_near_copies, round_of
from .forms import DraftForm, StepActionForm
from .models import FollowUpStep, ReplyDraft, ReplyKind, StepKind
from .presenters import NOTICE_KEY

ACTIONS = ("done", "skip", "snooze", "undo")
TODAY_PARTS = {
    "header": "followups/_today_header.html",
    "plan": "followups/_today_plan.html",
    "aside": "followups/_today_aside.html",
}


@require_http_methods(["GET", "HEAD"])
def today(request):
    """Home after login: what is overdue, due today and opening soon.

    A read only: the keep-looking step is kept current where its facts change (the plan
    services on every application change, and the weekly roll-over in the beat tick).
    Each group lists its most urgent steps; `?group=<slug>` pages through all of one group.
    """
    now = timezone.now()
    context = {
        "now": now,
        "next": request.get_full_path(),
        "notice": request.session.pop(NOTICE_KEY, None),
    }

    def plan_context() -> dict:
        plan = selectors.today_for(request.user, now=now)
        slug = request.GET.get("group", "")
        if slug not in selectors.TODAY_GROUP_SLUGS:
            return {**context, "plan": plan}
        group = next(g for g in [*plan.groups, plan.snoozed_group] if g.slug == slug)
        paginator = Paginator(
            selectors.today_group_steps(request.user, slug=slug, now=now),
            selectors.TODAY_PAGE_SIZE,
        )
        page = paginator.get_page(request.GET.get("page"))
        group.steps = list(page.object_list)
        group.total, group.cap = paginator.count, None  # exact here, not "99+"
        return {**context, "plan": plan, "focus": group, "page_obj": page}

    # The plan's parts come from the page cache while the user's data and the minute stay
    # the same (core/pagecache.py); the notice of the action that led here is never cached.
    context["parts"] = pagecache.parts(request, "today", TODAY_PARTS, plan_context, now=now)
    return render(request, "followups/today.html", context)


def _owned_steps(request):
    return FollowUpStep.objects.owned_by(request.user).select_related(
        "owner", "application", "interview", "interviewer", "reference"
    )


def _safe_next(request, candidate: str, default: str) -> str:
    # Only a path on this site: redirect() would take a bare word ("0") for a view name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _default_return(step: FollowUpStep) -> str:
    if step.interview_id:
        return step.interview.get_absolute_url()
    return reverse("today")


# How long a Done / Skip / Snooze can be taken back with its Undo button.
UNDO_SECONDS = 60
_UNDO_SALT = "followups.step_undo"


def _undo_token(step: FollowUpStep) -> str:
    """A signed note of what a step was before an action, for its Undo button."""
    return signing.dumps(
        {
            "pk": step.pk,
            "snoozed_until": step.snoozed_until.isoformat() if step.snoozed_until else None,
            "next_reminder_at": (
                step.next_reminder_at.isoformat() if step.next_reminder_at else None
            ),
        },
        salt=_UNDO_SALT,
    )


def _moment(value: str | None):
    return dt.datetime.fromisoformat(value) if value else None


def _undo(request, step: FollowUpStep, token: str, now) -> tuple[FollowUpStep, str, bool]:
    try:
        before = signing.loads(token, salt=_UNDO_SALT, max_age=UNDO_SECONDS)
    except signing.BadSignature:
        return step, "Too late to undo that; the step stays as it is.", False
    if before.get("pk") != step.pk:
        return step, "Too late to undo that; the step stays as it is.", False
    step = services.step_undo(
        step=step,
        snoozed_until=_moment(before["snoozed_until"]),
        next_reminder_at=_moment(before["next_reminder_at"]),
        at=now,
    )
    return step, f"Back on your plan: {step.title}.", True


@require_http_methods(["GET", "POST"])
def step_action(request, pk: int, action: str):
    """Done / Skip / Snooze (and their Undo) from a checklist row.

    On Today, htmx and plain POSTs alike end with a redirect back (htmx swaps the page's plan
    from it), where the message and its Undo button show; an interview's or application's
    checklist swaps the one row, the message and Undo inside it.
    """
    step = get_object_or_404(_owned_steps(request), pk=pk)
    if action not in ACTIONS:
        raise Http404("Unknown action")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StepActionForm(request.POST)
    form.is_valid()  # every field is optional; an invalid one is simply dropped
    data = form.cleaned_data
    now = timezone.now()
    token, ok = "", True
    if action == "undo":
        step, message, ok = _undo(request, step, data.get("token", ""), now)
    elif (
        action == "done"
        and step.is_open
        and not rules.can_complete(opens_at=step.opens_at, now=now)
    ):
        opens = formats.date_format(timezone.localtime(step.opens_at), "D j M, H:i")
        message, ok = f"Not yet: “{step.title}” opens {opens}; mark it done from then.", False
    else:
        token = _undo_token(step)
        if action == "done":
            step = services.step_complete(step=step, channel=data.get("channel", ""), at=now)
            message = f"Done: {step.title}."
            if step.kind == StepKind.MOVE_ON:
                token = ""  # the application is closed as "no response": undo that there
        elif action == "skip":
            step = services.step_skip(step=step, at=now)
            message = f"Skipped: {step.title}."
        else:
            until = rules.snooze_until(
                now=now, option=data.get("snooze_for") or "tomorrow", zone=request.user.time_zone
            )
            step = services.step_snooze(step=step, until=until)
            wakes = formats.date_format(timezone.localtime(until), "D j M, H:i")
            message = f"Snoozed until {wakes}: {step.title}."
    step = _owned_steps(request).get(pk=step.pk)
    next_url = _safe_next(request, data.get("next", ""), _default_return(step))
    notice = {"message": message, "ok": ok, "token": token, "pk": step.pk}
    if request.htmx and request.htmx.target != "today-plan":
        return render(
            request,
            "followups/_step_row.html",
            {
                "steps": [step],
                "now": now,
                "next": next_url,
                "show_context": data.get("show_context", False),
                "just_changed": action,
                "notice": notice,
            },
        )
    request.session[NOTICE_KEY] = notice  # shown once by the page it returns to
    return redirect(next_url)


def _composer(request, pk: int, kind: str, template: str):
    step = get_object_or_404(
        _owned_steps(request).filter(kind=kind).select_related("interview__application"),
        pk=pk,
    )
    now = timezone.now()
    # "Add a better answer" is an explicit choice per note: ?better_answer=1 (or the
    # composer's checkbox) rebuilds the suggested text with it; nothing else adds it.
    source = request.POST if request.method == "POST" else request.GET
    better_answer = source.get("better_answer") == "1"
    rebuilding = request.method == "GET" and "better_answer" in request.GET
    generated = DRAFT_BUILDERS[kind](step, now=now, better_answer=better_answer)
    if request.method == "POST":
        if request.POST.get("intent") == "reset":
            services.step_save_draft(step=step, draft="")
            messages.info(request, "The draft is back to the suggested text.")
            return redirect(request.path)
        form = DraftForm(request.POST, kind=kind)
        if form.is_valid():
            services.step_save_draft(step=step, draft=form.cleaned_data["draft"])
            channel = form.cleaned_data["channel"]
            if channel and step.is_open:
                services.step_complete(step=step, channel=channel, at=now)
                messages.success(request, _sent_message(step))
                return redirect(_default_return(step))
            messages.success(request, "Draft saved.")
            return redirect(request.path)
    else:
        text = generated.body if rebuilding or not step.draft else step.draft
        form = DraftForm(initial={"draft": text}, kind=kind)
    body = form["draft"].value() or generated.body
    draft = Draft(
        to=generated.to, subject=generated.subject, body=body, ingredients=generated.ingredients
    )
    interview = round_of(step, now=now)
    return render(
        request,
        template,
        {
            "step": step,
            # The step's round, or the application's latest when the step has none.
            "interview": interview,
            "application": step.application,
            "form": form,
            "draft": draft,
            "is_edited": bool(step.draft) and not rebuilding,
            "can_mark_sent": step.is_open,
            "rebuilding": rebuilding and bool(step.draft),
            "better_answer": better_answer,
            "can_add_better_answer": kind == StepKind.THANK_YOU
            and bool(interview and interview.better_answer),
            "near_copies": round_near_copies(step, now=now) if kind == StepKind.THANK_YOU else [],
            "now": now,
        },
        status=400 if form.errors else 200,
    )


def _sent_message(step: FollowUpStep) -> str:
    if step.kind == StepKind.THANK_YOU:
        return "Thank-you note marked as sent. The follow-up clock has started."
    return "Follow-up marked as sent. We'll pace the next one for you."


@require_http_methods(["GET", "POST"])
def thank_you_composer(request, pk: int):
    """Write, copy, email or mark sent the thank-you note of one step."""
    return _composer(request, pk, StepKind.THANK_YOU, "followups/thank_you_composer.html")


@require_http_methods(["GET", "POST"])
def follow_up_composer(request, pk: int):
    """Write, copy, email or mark sent a follow-up email to the employer."""
    return _composer(request, pk, StepKind.FOLLOW_UP, "followups/follow_up_composer.html")


@require_http_methods(["GET", "POST"])
def reply_composer(request, pk: int, kind: str):
    """Write, copy, email or mark sent a reply to the employer's rejection or offer."""
    if kind not in ReplyKind.values:
        raise Http404("Unknown reply")
    application = get_object_or_404(JobApplication.objects.owned_by(request.user), pk=pk)
    reply = ReplyDraft.objects.filter(application=application, kind=kind).first()
    # Asking a rejecting employer for feedback is optional: ?feedback=0 leaves it out.
    ask_feedback = request.GET.get("feedback") != "0"
    rebuilding = "feedback" in request.GET
    generated = reply_draft(application, kind=kind, owner=request.user, ask_feedback=ask_feedback)
    if request.method == "POST":
        if request.POST.get("intent") == "reset":
            services.reply_save(application=application, kind=kind, draft="")
            messages.info(request, "The draft is back to the suggested text.")
            return redirect(request.path)
        form = DraftForm(request.POST, kind=kind)
        if form.is_valid():
            channel = form.cleaned_data["channel"]
            services.reply_save(
                application=application,
                kind=kind,
                draft=form.cleaned_data["draft"],
                channel=channel,
                at=timezone.now(),
            )
            if channel:
                messages.success(request, "Reply marked as sent.")
                return redirect(application.get_absolute_url())
            messages.success(request, "Draft saved.")
            return redirect(request.path)
    else:
        saved = "" if rebuilding else (reply.draft if reply else "")
        form = DraftForm(initial={"draft": saved or generated.body}, kind=kind)
    body = form["draft"].value() or generated.body
    return render(
        request,
        "followups/reply_composer.html",
        {
            "application": application,
            "kind": kind,
            "kind_label": ReplyKind(kind).label,
            "ask_feedback": ask_feedback,
            "reply": reply,
            "form": form,
            "draft": Draft(
                to=generated.to,
                subject=generated.subject,
                body=body,
                ingredients=generated.ingredients,
            ),
            "is_edited": bool(reply and reply.draft),
            "can_mark_sent": not (reply and reply.sent_at),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )
