"""The reference-briefing composer: the plan's "brief references" step, or a given reference.

The composer works on plan steps, so it is the plan's (references, below it, never reads
steps). Its URLs stay where reminder emails and pages have always pointed — under
/references/, named `references:briefing` and `references:brief_given` — by being mounted in
the references namespace (config/urls.py, `briefing_urlpatterns`).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.redirects import next_field, next_url
from interviews.models import Interview
from references import services as references
from references.drafts import briefing_draft
from references.models import ApplicationReference

from . import services
from .drafts import Draft
from .forms import DraftForm
from .models import FollowUpStep, StepKind


def _owned_given(request, **lookup) -> ApplicationReference:
    return get_object_or_404(
        ApplicationReference.objects.owned_by(request.user).select_related(
            "application", "reference"
        ),
        **lookup,
    )


def _briefing_step(given: ApplicationReference) -> FollowUpStep | None:
    """The plan's briefing step for this reference at this employer: the open one if any,
    else the most recent one."""
    steps = list(
        FollowUpStep.objects.filter(
            application_id=given.application_id,
            reference_id=given.reference_id,
            kind=StepKind.BRIEF_REFERENCES,
        ).order_by("-opens_at", "-pk")
    )
    return next((step for step in steps if step.is_open), steps[0] if steps else None)


def _briefing_interview(*, application, step: FollowUpStep | None) -> Interview | None:
    """The interview a briefing is about: the step's own, else the application's latest."""
    if step is not None and step.interview_id:
        return step.interview
    return Interview.objects.filter(application=application).order_by("-starts_at", "-pk").first()


def _composer(request, *, given: ApplicationReference, step: FollowUpStep | None):
    """The briefing composer, from the plan's step or straight from an attached reference:
    the same layout as every other draft (Save draft keeps the text on the plan's step)."""
    interview = _briefing_interview(application=given.application, step=step)
    generated = briefing_draft(
        reference=given.reference,
        application=given.application,
        interview=interview,
        sender=request.user,
    )
    kind = StepKind.BRIEF_REFERENCES
    form = DraftForm(request.POST or None, kind=kind)
    if request.method == "POST":
        if request.POST.get("intent") == "reset" and step is not None:
            services.step_save_draft(step=step, draft="")
            messages.info(request, "The draft is back to the suggested text.")
            return redirect(request.get_full_path())
        if form.is_valid():
            if step is not None:
                services.step_save_draft(step=step, draft=form.cleaned_data["draft"])
            channel = form.cleaned_data["channel"]
            if channel:
                # The plan hears of it (references.signals.reference_briefed), closes its steps.
                references.reference_record_briefing(application_reference=given, channel=channel)
                messages.success(
                    request,
                    f"{given.reference} is briefed about {given.application.company_name}.",
                )
                return redirect(next_url(request, given.application.get_absolute_url()))
            messages.success(request, "Draft saved.")
            return redirect(request.get_full_path())
    else:
        saved = step.draft if step is not None else ""
        form = DraftForm(initial={"draft": saved or generated.body}, kind=kind)
    body = form["draft"].value() or generated.body
    application = given.application
    draft = Draft(
        to=given.reference.email,
        subject=generated.subject,
        body=body,
        ingredients=(
            ("Role", application.role_title),
            ("What the company does", application.company_description),
            (
                "Interview",
                f"{interview.get_round_label_display()}, {interview.starts_at:%d %b %Y}"
                if interview
                else "",
            ),
            ("Who may call", interview.follow_up_contact if interview else ""),
            (
                "Decision expected",
                f"{interview.expected_decision_on:%d %b %Y}"
                if interview and interview.expected_decision_on
                else "",
            ),
        ),
    )
    return render(
        request,
        "followups/briefing.html",
        {
            "given": given,
            "reference": given.reference,
            "application": application,
            "interview": interview,
            "step": step,
            "draft": draft,
            "form": form,
            "is_edited": bool(step and step.draft),
            "no_save": step is None,  # the text is kept on the plan's step
            "sent_verb": "Briefed",
            "can_mark_sent": True,
            "briefings": list(given.briefings.all()),
            "next_url": next_field(request),
        },
        status=400 if form.errors else 200,
    )


def briefing(request, step_pk):
    """The composer for one of the plan's "brief references" steps."""
    step = get_object_or_404(
        FollowUpStep.objects.owned_by(request.user).select_related("interview"),
        pk=step_pk,
        kind=StepKind.BRIEF_REFERENCES,
    )
    given = _owned_given(
        request, application_id=step.application_id, reference_id=step.reference_id
    )
    return _composer(request, given=given, step=step)


def briefing_for_given(request, pk):
    """Brief an attached reference: a GET goes to the plan's step for them when there is one
    (the open one, else the latest), a POST records the briefing either way."""
    given = _owned_given(request, pk=pk)
    if request.method == "GET":
        step = _briefing_step(given)
        if step is not None:
            return redirect(reverse("references:briefing", args=[step.pk]))
    step = services.open_briefing_steps(application_reference=given).first()
    return _composer(request, given=given, step=step)
