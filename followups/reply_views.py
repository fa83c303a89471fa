"""“They replied” on a follow-up step: the employer answered, so the chase stops."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect

from . import services
from .models import FollowUpStep, StepKind


def they_replied(request, pk: int):
    """Record the employer's answer from a follow-up (or move-on) step (POST)."""
    step = get_object_or_404(
        FollowUpStep.objects.owned_by(request.user)
        .select_related("application")
        .filter(kind__in=(StepKind.FOLLOW_UP, StepKind.MOVE_ON)),
        pk=pk,
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.step_they_replied(step=step)
    messages.success(
        request,
        f"Noted: {step.application.company_name} answered. No more follow-ups are planned "
        "for this round; update the status when you know the outcome.",
    )
    return redirect(step.application)
