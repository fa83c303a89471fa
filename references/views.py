from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from core.redirects import next_field, next_url
from interviews.models import JobApplication

from . import selectors, services
from .forms import AttachReferenceForm, EmployerContactForm, ReferenceForm
from .models import ApplicationReference, Reference


def _owned_given(request, pk) -> ApplicationReference:
    return get_object_or_404(
        ApplicationReference.objects.owned_by(request.user).select_related(
            "application", "reference"
        ),
        pk=pk,
    )


def reference_list(request):
    rows = selectors.reference_rows(user=request.user, today=timezone.localdate())
    return render(request, "references/list.html", {"rows": rows})


def reference_create(request):
    form = ReferenceForm(request.POST or None, submit_label="Add reference")
    if request.method == "POST" and form.is_valid():
        reference = services.reference_create(owner=request.user, **form.cleaned_data)
        messages.success(request, f"{reference} is on your reference list.")
        return redirect(reference)
    return render(request, "references/form.html", {"form": form, "reference": None})


def reference_edit(request, pk):
    reference = get_object_or_404(Reference.objects.owned_by(request.user), pk=pk)
    form = ReferenceForm(request.POST or None, instance=reference, submit_label="Save changes")
    if request.method == "POST" and form.is_valid():
        services.reference_update(reference=reference, **form.cleaned_data)
        messages.success(request, f"{reference} is saved.")
        return redirect(reference)
    return render(request, "references/form.html", {"form": form, "reference": reference})


def reference_delete(request, pk):
    reference = get_object_or_404(Reference.objects.owned_by(request.user), pk=pk)
    if request.method == "POST":
        name = str(reference)
        services.reference_delete(reference=reference)
        messages.success(request, f"{name} was removed from your references.")
        return redirect("references:list")
    given_count = reference.given_to.count()
    return render(
        request,
        "references/confirm_delete.html",
        {"reference": reference, "given_count": given_count},
    )


def reference_detail(request, pk):
    reference = get_object_or_404(Reference.objects.owned_by(request.user), pk=pk)
    history = selectors.reference_history(reference=reference)
    recent_employers, warning = selectors.reference_usage(
        reference=reference, today=timezone.localdate(), history=history
    )
    briefed = [entry.given.briefed_at for entry in history if entry.given.briefed_at]
    return render(
        request,
        "references/detail.html",
        {
            "reference": reference,
            "history": history,
            "recent_employers": recent_employers,
            "warning": warning,
            "last_briefed_at": max(briefed, default=None),
            "contacted_count": sum(1 for e in history if e.given.employer_contacted_on),
        },
    )


def attach(request, application_pk):
    application = get_object_or_404(
        JobApplication.objects.owned_by(request.user), pk=application_pk
    )
    card = selectors.application_references(
        application=application, user=request.user, today=timezone.localdate()
    )
    given_ids = [entry.given.reference_id for entry in card.entries]
    form = AttachReferenceForm(request.POST or None, user=request.user, exclude_ids=given_ids)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"]
        try:
            services.reference_attach(
                application=application,
                reference=reference,
                given_on=form.cleaned_data["given_on"],
            )
        except ValidationError as error:
            form.add_error("reference", error)
        else:
            messages.success(request, f"{reference} is given to {application.company_name}.")
            option = next((o for o in card.options if o.reference.pk == reference.pk), None)
            if option and option.warning_if_attached:
                messages.warning(
                    request,
                    f"Go easy on {reference}: they have now been given to "
                    f"{option.warning_if_attached.employers} employers in "
                    f"{option.warning_if_attached.window_days} days.",
                )
            return redirect(next_url(request, application.get_absolute_url()))
    return render(
        request,
        "references/attach.html",
        {"application": application, "card": card, "form": form, "next_url": next_field(request)},
        status=400 if form.errors else 200,
    )


def detach(request, pk):
    given = _owned_given(request, pk)
    application = given.application
    if request.method == "POST":
        services.reference_detach(application_reference=given)
        messages.success(
            request, f"{given.reference} is no longer listed for {application.company_name}."
        )
        return redirect(next_url(request, application.get_absolute_url()))
    return render(
        request,
        "references/confirm_detach.html",
        {"given": given, "next_url": next_field(request)},
    )


def employer_contact(request, pk):
    given = _owned_given(request, pk)
    form = EmployerContactForm(
        request.POST or None, initial={"contacted_on": given.employer_contacted_on}
    )
    if request.method == "POST" and form.is_valid():
        services.reference_record_employer_contact(
            application_reference=given, contacted_on=form.cleaned_data["contacted_on"]
        )
        if form.cleaned_data["contacted_on"]:
            messages.success(
                request, f"Noted: {given.application.company_name} contacted {given.reference}."
            )
        else:
            messages.info(request, "The contact date is cleared.")
        return redirect(next_url(request, given.reference.get_absolute_url()))
    return render(
        request,
        "references/employer_contact.html",
        {"given": given, "form": form, "next_url": next_field(request)},
        status=400 if form.errors else 200,
    )
