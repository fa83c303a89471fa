from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url

from .models import PLAN_DEFAULT_FIELDS, REMINDER_SETTING_FIELDS, User
from .timezones import available_time_zones


def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in available_time_zones()]


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up with our profile fields; a taken address answers like a new one."""

    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        required=False,
        help_text="Used to sign your thank-you note drafts.",
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        initial="UTC",
        help_text="Pick the zone you live in; reminders follow it.",
    )
    field_order = ["email", "full_name", "time_zone", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["password2"].label = "Password confirmation"
        for name in ("password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)
        # static/js/app.js preselects the browser's zone; UTC stays when JS is off.
        self.fields["time_zone"].widget.attrs["data-detect-timezone"] = "true"
        self.helper = FormHelper()
        self.helper.form_tag = False

    def validate_unique_email(self, value: str) -> str:
        # allauth can hide a taken address only with mandatory verification; Afterview is
        # usable at once, so this form hides it itself (try_save).
        self.account_already_exists = (
            User.objects.filter(email__iexact=value).exists()
            or EmailAddress.objects.filter(email__iexact=value).exists()
        )
        return value

    def try_save(self, request):
        """A taken address: no account, a note to that address, and the same redirect as a
        new account gets (the password is hashed all the same, so the time matches too)."""
        if not self.account_already_exists:
            return super().try_save(request)
        make_password(self.cleaned_data.get("password1"))
        get_adapter().send_account_already_exists_mail(self.cleaned_data["email"])
        return None, HttpResponseRedirect(resolve_url(settings.ACCOUNT_SIGNUP_REDIRECT_URL))


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in, labelled for an email address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)


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
            *PLAN_DEFAULT_FIELDS,
            *REMINDER_SETTING_FIELDS,
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


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's email change, labelled for what it does here (one address, replaced)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
