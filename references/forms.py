from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.utils import timezone

from core.choices import Channel

from .models import Reference
from .services import REFERENCE_FIELDS


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = Reference
        fields = REFERENCE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "agreed": "Only give employers the names of people who said yes.",
            "notes": "What they can speak to: projects, strengths, dates you worked together.",
        }

    def __init__(self, *args, submit_label="Save reference", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        # input_type, not an attrs entry: the widget writes its own type="text" otherwise,
        # and a duplicated attribute is invalid HTML.
        self.fields["phone"].widget.input_type = "tel"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "Who they are",
                Div(
                    Div("name", css_class="col-md-6"),
                    Div("relationship", css_class="col-md-6"),
                    Div("company", css_class="col-md-6"),
                    Div("title", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                "How to reach them",
                Div(
                    Div("email", css_class="col-md-6"),
                    Div("phone", css_class="col-md-6"),
                    Div("preferred_contact", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset("Their agreement", Field("agreed"), "notes"),
            Submit("submit", submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_contact")
        if method == "email" and not cleaned.get("email"):
            self.add_error("email", "Add an email address, or pick another contact method.")
        if method in ("phone", "text") and not cleaned.get("phone"):
            self.add_error("phone", "Add a phone number, or pick another contact method.")
        return cleaned


class AttachReferenceForm(forms.Form):
    """Give one of the user's own references to an employer."""

    reference = forms.ModelChoiceField(
        queryset=Reference.objects.none(),
        empty_label="Choose a reference…",
        error_messages={"invalid_choice": "Pick one of your own references from the list."},
    )
    given_on = forms.DateField(
        label="Given to the employer on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].queryset = Reference.objects.owned_by(user).exclude(
            pk__in=exclude_ids
        )
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise forms.ValidationError("This date is in the future.")
        return given_on


BRIEFING_CHANNELS = [
    (value, label) for value, label in Channel.choices if value != Channel.HANDWRITTEN
]


class BriefingForm(forms.Form):
    channel = forms.ChoiceField(
        label="How did you brief them?",
        choices=BRIEFING_CHANNELS,
        initial=Channel.EMAIL,
    )


class EmployerContactForm(forms.Form):
    contacted_on = forms.DateField(
        label="Employer contacted them on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to clear.",
    )

    def clean_contacted_on(self):
        contacted_on = self.cleaned_data["contacted_on"]
        if contacted_on and contacted_on > timezone.localdate():
            raise forms.ValidationError("This date is in the future.")
        return contacted_on
