from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.contrib.auth import forms as auth_forms

from .models import User
from .timezones import available_time_zones


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in available_time_zones()]


class SignUpForm(auth_forms.BaseUserCreationForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Pick the zone you live in; reminders follow it.",
    )

    class Meta:
        model = User
        fields = ("email", "full_name", "time_zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["full_name"].help_text = "Used to sign your thank-you note drafts."
        # static/js/app.js preselects the browser's zone; UTC stays when JS is off.
        self.fields["time_zone"].widget.attrs["data-detect-timezone"] = "true"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Create my account", css_class="w-100"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this email address already exists.")
        return email


class ProfileForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, help_text="Every date and reminder is shown in this zone."
    )

    class Meta:
        model = User
        fields = (
            "full_name",
            "time_zone",
            "date_order",
            "thank_you_within_hours",
            "self_evaluation_within_hours",
            "follow_up_after_days",
            "max_follow_ups",
            "follow_up_spacing_days",
            "weekly_application_target",
            "reminders_paused",
            "remind_thank_you",
            "remind_follow_up",
            "remind_references",
            "remind_evaluation",
            "remind_weekly_digest",
            "digest_weekday",
            "quiet_hours_start",
            "quiet_hours_end",
        )
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset("You", "full_name", "time_zone", "date_order"),
            Fieldset(
                "Your follow-up plan",
                HTML(
                    '<p class="text-body-secondary small">Defaults follow common career '
                    "advice; change them to suit you.</p>"
                ),
                Div(
                    Div("thank_you_within_hours", css_class="col-md-6"),
                    Div("self_evaluation_within_hours", css_class="col-md-6"),
                    Div("follow_up_after_days", css_class="col-md-4"),
                    Div("max_follow_ups", css_class="col-md-4"),
                    Div("follow_up_spacing_days", css_class="col-md-4"),
                    Div("weekly_application_target", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                "Reminder emails",
                Field("reminders_paused"),
                Div(
                    Div(
                        "remind_thank_you",
                        "remind_follow_up",
                        "remind_references",
                        css_class="col-md-6",
                    ),
                    Div("remind_evaluation", "remind_weekly_digest", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("digest_weekday", css_class="col-md-4"),
                    Div("quiet_hours_start", css_class="col-md-4"),
                    Div("quiet_hours_end", css_class="col-md-4"),
                    css_class="row",
                ),
            ),
            Submit("submit", "Save profile"),
        )


class EmailAuthenticationForm(auth_forms.AuthenticationForm):
    """Django's login form, labelled for an email address."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()
