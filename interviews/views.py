"""Pages of applications and interview rounds. Every lookup goes through `owned_by`.

The applications list is pipeline's (`pipeline.views.application_list`, mounted under this
app's URL names by config/urls.py): its rows show the plan's next steps, which live above."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core import pagecache

from . import rules, selectors, services
from .forms import (
    ApplicationForm,
    InterviewerFormSet,
    InterviewForm,
    PickApplicationForm,
    StatusChangeForm,
)
from .invite_forms import InviteUploadForm, interview_initial, interviewer_initial
from .models import ApplicationStatus, Interview, JobApplication

PAGE_SIZE = 25


def _posted(request):
    """The POST data to bind forms to; None on GET (an empty POST still validates)."""
    return request.POST if request.method == "POST" else None


def _show_refusal(form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on the form: by field where the form has the field,
    above the form otherwise."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _owned_application(request, pk: int) -> JobApplication:
    return get_object_or_404(JobApplication.objects.owned_by(request.user), pk=pk)


def _owned_interview(request, pk: int) -> Interview:
    interview = get_object_or_404(selectors.interviews_for_detail(user=request.user), pk=pk)
    return selectors.owned_by_user(interview, user=request.user)


def application_detail(request, pk: int):
    application = get_object_or_404(selectors.application_for_detail(user=request.user, pk=pk))
    actions = [
        (status, rules.transition_label(application.status, status))
        for status in rules.allowed_next_statuses(application.status)
    ]
    rounds = list(application.interviews.all())
    return render(
        request,
        "interviews/application_detail.html",
        {
            "application": application,
            "rounds": rounds,
            "history": list(application.status_changes.all()),
            "status_actions": actions,
            "now": timezone.now(),
        },
    )


@require_http_methods(["GET", "POST"])
def application_create(request):
    form = ApplicationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        application = services.application_create(
            owner=request.user,
            status=form.cleaned_data["status"],
            **fields,
        )
        messages.success(request, f"Saved {application}. Log its first round when you have one.")
        return redirect(application)
    return render(request, "interviews/application_form.html", {"form": form, "application": None})


@require_http_methods(["GET", "POST"])
def application_update(request, pk: int):
    application = _owned_application(request, pk)
    form = ApplicationForm(_posted(request), instance=application)
    if request.method == "POST" and form.is_valid():
        services.application_update(application=application, **form.service_fields())
        messages.success(request, "Application saved.")
        return redirect(application)
    return render(
        request, "interviews/application_form.html", {"form": form, "application": application}
    )


@require_http_methods(["GET", "POST"])
def application_delete(request, pk: int):
    application = _owned_application(request, pk)
    if request.method == "POST":
        name = str(application)
        services.application_delete(application=application)
        messages.success(request, f"Deleted {name} and everything logged under it.")
        return redirect("interviews:application_list")
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "object": application,
            "kind": "application",
            "summary": selectors.application_delete_summary(application=application),
            "cancel_url": application.get_absolute_url(),
        },
    )


def application_status(request, pk: int):
    application = _owned_application(request, pk)
    # Looked up first, so another user's id is a 404 whatever the method.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = StatusChangeForm(request.POST, application=application)
    if form.is_valid():
        try:
            deadline_only = application.status == ApplicationStatus.OFFER
            if form.cleaned_data["status"] == ApplicationStatus.OFFER:
                services.application_record_offer(
                    application=application,
                    deadline_at=form.cleaned_data["offer_deadline"],
                    note=form.cleaned_data["note"],
                )
            else:
                services.application_set_status(
                    application=application,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if deadline_only and application.status == ApplicationStatus.OFFER:
                messages.success(request, "Saved the offer's deadline.")
            else:
                messages.success(request, f"Status is now “{application.get_status_display()}”.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(application)


@require_http_methods(["GET", "POST"])
def interview_create(request, pk: int):
    application = _owned_application(request, pk)
    interview = Interview(owner=request.user, application=application)
    form = InterviewForm(_posted(request), instance=interview, user=request.user)
    formset = InterviewerFormSet(_posted(request), instance=interview, prefix="interviewers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            interview = services.interview_create(
                application=application,
                interviewers=formset.interviewer_data(),
                **form.service_fields(),
            )
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, "Round saved. Your follow-up plan is ready below.")
            return redirect(interview)
    return render(
        request,
        "interviews/interview_form.html",
        {"form": form, "formset": formset, "application": application, "interview": None},
    )


@require_http_methods(["GET", "POST"])
def interview_update(request, pk: int):
    interview = _owned_interview(request, pk)
    form = InterviewForm(_posted(request), instance=interview, user=request.user)
    formset = InterviewerFormSet(_posted(request), instance=interview, prefix="interviewers")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.interview_update(
                interview=interview,
                interviewers=formset.interviewer_data(),
                **form.service_fields(),
            )
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, "Round saved; its follow-up plan is up to date.")
            return redirect(interview)
    return render(
        request,
        "interviews/interview_form.html",
        {
            "form": form,
            "formset": formset,
            "application": interview.application,
            "interview": interview,
        },
    )


@require_http_methods(["GET", "POST"])
def interview_delete(request, pk: int):
    interview = _owned_interview(request, pk)
    application = interview.application
    if request.method == "POST":
        services.interview_delete(interview=interview)
        messages.success(request, "Round deleted.")
        return redirect(application)
    return render(
        request,
        "interviews/confirm_delete.html",
        {
            "object": interview,
            "kind": "interview round",
            "summary": selectors.interview_delete_summary(interview=interview),
            "cancel_url": interview.get_absolute_url(),
        },
    )


def interview_detail(request, pk: int):
    interview = _owned_interview(request, pk)  # another user's id: a 404, cache or not
    page = {"interview": interview, "application": interview.application}

    def context() -> dict:
        return {
            **page,
            "interviewers": list(interview.interviewers.all()),
            "shown_in_other_zone": interview.zone.key != request.user.zone.key,
        }

    # Served from the page cache while the user's data and the minute stay the same.
    page["parts"] = pagecache.parts(
        request,
        "interview",
        {"body": "interviews/_interview_detail_body.html"},
        context,
        now=timezone.now(),
    )
    return render(request, "interviews/interview_detail.html", page)


@require_http_methods(["GET", "POST"])
def log_interview(request):
    """One form: pick or create the application, then the round and its interviewers."""
    data = _posted(request)
    initial = {}
    preselected = request.GET.get("application", "")
    if preselected.isdigit():
        initial["application"] = preselected
    pick = PickApplicationForm(
        data,
        prefix="app",
        initial=initial,
        applications=selectors.application_choices(user=request.user),
    )
    interview = Interview(owner=request.user)
    form = InterviewForm(data, instance=interview, user=request.user)
    formset = InterviewerFormSet(data, instance=interview, prefix="interviewers")
    if request.method == "POST":
        forms_valid = [pick.is_valid(), form.is_valid(), formset.is_valid()]
        if all(forms_valid):
            try:
                interview = services.interview_log(
                    owner=request.user,
                    application=pick.cleaned_data["application"],
                    new_application=pick.new_application_fields(),
                    interviewers=formset.interviewer_data(),
                    invite_uid=request.POST.get("invite_uid", ""),
                    **form.service_fields(),
                )
            except ValidationError as error:
                _show_refusal(form, error)
            else:
                messages.success(request, "Interview logged. Here is what to do next.")
                return redirect(interview)
    return render(
        request,
        "interviews/log_interview.html",
        {
            "pick": pick,
            "form": form,
            "formset": formset,
            "invite_form": InviteUploadForm(user=request.user),
            "invite_uid": request.POST.get("invite_uid", "")[:255],
        },
    )


@require_http_methods(["POST"])
def log_from_invite(request):
    """Read an uploaded or pasted invite and show "Log an interview" filled in from it, for
    review; nothing is saved until the user saves the form."""
    invite_form = InviteUploadForm(request.POST, request.FILES, user=request.user)
    context = {"invite_form": invite_form, "invite": None, "invite_uid": ""}
    pick_initial, round_initial, people = {}, {}, []
    if invite_form.is_valid():
        invite = invite_form.cleaned_data["invite"]
        known = selectors.interview_for_invite(user=request.user, uid=invite.uid)
        matched = (
            known.application
            if known
            else selectors.application_for_invite(
                user=request.user, domain=invite.company_domain, company_name=invite.company_name
            )
        )
        if matched is not None:
            pick_initial["application"] = matched.pk
        else:
            pick_initial["company_name"] = invite.company_name
        round_initial = interview_initial(invite, user_zone=request.user.time_zone or "UTC")
        people = interviewer_initial(invite)
        context.update(
            invite=invite, known_round=known, matched_application=matched, invite_uid=invite.uid
        )
    pick = PickApplicationForm(
        prefix="app",
        initial=pick_initial,
        applications=selectors.application_choices(user=request.user),
    )
    interview = Interview(owner=request.user)
    form = InterviewForm(instance=interview, user=request.user, initial=round_initial)
    formset = InterviewerFormSet(instance=interview, prefix="interviewers", initial=people)
    formset.extra = len(people) + 1
    context.update(pick=pick, form=form, formset=formset)
    return render(request, "interviews/log_interview.html", context)


def interview_cancel(request, pk: int):
    """Mark a round cancelled, as its invite's CANCEL offered (POST)."""
    interview = _owned_interview(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.interview_cancel(interview=interview)
    messages.success(request, "Round marked cancelled; its follow-up steps are no longer needed.")
    return redirect(interview)
