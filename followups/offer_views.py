"""The offer steps' page: the drafts to send, the decision checklist, the deadline."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render

from interviews.models import JobApplication

from .models import FollowUpStep, StepKind
from .offer_drafts import decision_rows, offer_confirm_draft, offer_news_draft

OFFER_KINDS = (
    StepKind.OFFER_CONFIRM,
    StepKind.OFFER_DECIDE,
    StepKind.OFFER_RESPOND,
    StepKind.OFFER_NEWS,
)


def _offer_of(step: FollowUpStep, user) -> JobApplication:
    """The application holding the offer: the step's own, or (for "tell them") the one its
    key names — "offer_news:application:<this>:offer:<offer>"."""
    if step.kind != StepKind.OFFER_NEWS:
        return step.application
    offer_id = step.key.rpartition(":")[2]
    if not offer_id.isdigit():
        raise Http404("No offer for this step")
    return get_object_or_404(JobApplication.objects.owned_by(user), pk=int(offer_id))


def offer_step(request, pk: int):
    """The page of an offer step (GET); another user's step is a 404 whatever the method."""
    step = get_object_or_404(
        FollowUpStep.objects.owned_by(request.user)
        .select_related("application")
        .filter(kind__in=OFFER_KINDS, application__isnull=False),
        pk=pk,
    )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    offer = _offer_of(step, request.user)
    context = {"step": step, "application": step.application, "offer": offer}
    if step.kind == StepKind.OFFER_NEWS:
        context["draft"] = offer_news_draft(
            application=step.application, offer=offer, user=request.user
        )
    elif step.kind == StepKind.OFFER_CONFIRM:
        context["draft"] = offer_confirm_draft(offer=offer, user=request.user)
    elif step.kind == StepKind.OFFER_DECIDE:
        context["rows"] = decision_rows(offer=offer, user=request.user)
    return render(request, "followups/offer_step.html", context)
