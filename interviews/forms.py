"""Forms of the applications and interview pages: validation only, saving is the services'."""

import datetime as dt
import zoneinfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.timezones import available_time_zones, is_valid_time_zone
from core import dates

from . import rules
from .models import ApplicationStatus, Interview, Interviewer, JobApplication
from .services import APPLICATION_FORM_FIELDS, INTERVIEW_FORM_FIELDS, InterviewerData

DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
MAX_INTERVIEWERS = 20
UNKNOWN_ZONE = "“%(value)s” is not a time zone we know. Pick one from the list, e.g. Europe/Berlin."


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class WallClockDateTimeField(forms.DateTimeField):
    """A `datetime-local` value kept naive: the form reads it in the zone the user picked."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT)
    input_formats = [DATETIME_LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=None)
        for fmt in self.input_formats:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt)  # noqa: DTZ007 (wall clock)
            except ValueError:
                continue
        raise ValidationError("Enter a date and time, e.g. 2026-03-14 09:30.", code="invalid")


def _check_window(form: forms.Form, field: str, today: dt.date) -> None:
    value = form.cleaned_data.get(field)
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    problem = rules.date_in_window_problem(day, today)
    if problem:
        form.add_error(field, problem)


class ApplicationForm(forms.ModelForm):
    """The details of an application; on creation also the status it starts in."""

    status = forms.ChoiceField(
        label="Where it stands",
        choices=ApplicationStatus.choices,
        initial=ApplicationStatus.APPLIED,
        help_text="Later changes go through the buttons on the application page.",
    )

    class Meta:
        model = JobApplication
        fields = APPLICATION_FORM_FIELDS
        widgets = {
            "date_applied": DateInput(),
            "company_description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["status"]
        self.fields["company_website"].widget.attrs["placeholder"] = "https://"
        self.fields["job_posting_url"].widget.attrs["placeholder"] = "https://"
        self.fields["salary_range"].widget.attrs["placeholder"] = "e.g. €70-80k"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "The company",
                Div(
                    Div("company_name", css_class="col-md-6"),
                    Div("company_website", css_class="col-md-6"),
                    css_class="row",
                ),
                "company_description",
            ),
            Fieldset(
                "The role",
                Div(
                    Div("role_title", css_class="col-md-6"),
                    Div("job_posting_url", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("location", css_class="col-md-4"),
                    Div("work_mode", css_class="col-md-4"),
                    Div("salary_range", css_class="col-md-4"),
                    css_class="row",
                ),
                Div(
                    Div("source", css_class="col-md-4"),
                    Div("date_applied", css_class="col-md-4"),
                    *([Div("status", css_class="col-md-4")] if "status" in self.fields else []),
                    css_class="row",
                ),
            ),
            Fieldset("Notes", Field("notes")),
        )

    def clean_date_applied(self):
        value = self.cleaned_data["date_applied"]
        problem = rules.date_applied_problem(value, timezone.localdate())
        if problem:
            raise ValidationError(problem)
        return value

    def service_fields(self) -> dict:
        """The cleaned values the services take (status apart)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class Details(Fieldset):
    """An optional section, collapsed (`<details>`) until wanted or already filled in."""

    template = "interviews/layout/details.html"

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        names = [pointer.name for pointer in self.get_field_names()]
        filled = any(form[name].value() not in (None, "", []) for name in names)
        context.update({"section_open": filled or any(name in form.errors for name in names)})
        return super().render(form, context, template_pack, **kwargs)


def shown_when(field: str, value: str, *fields, **kwargs) -> Div:
    """Fields shown only while `field` has `value` (static/interviews/interviews.js hides and
    disables them otherwise; without JavaScript they stay visible)."""
    return Div(*fields, data_shown_when=field, data_shown_value=value, **kwargs)


# Presets of the round's length; "other" shows the end time.
DURATION_CHOICES = [
    ("30", "30 min"),
    ("45", "45 min"),
    ("60", "1 hour"),
    ("90", "1½ hours"),
    ("other", "Another end time…"),
]


def time_zone_choices():
    return [("", "My time zone"), *((n, n.replace("_", " ")) for n in available_time_zones())]


class InterviewForm(forms.ModelForm):
    """One round: when, how, what was said, and what they said about next steps."""

    starts_at = WallClockDateTimeField(label="Starts")
    duration = forms.ChoiceField(
        label="Length", choices=DURATION_CHOICES, initial="60", required=False
    )
    ends_at = WallClockDateTimeField(
        label="Ends", required=False, help_text="Only for a length not in the list."
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=time_zone_choices,
        required=False,
        error_messages={"invalid_choice": UNKNOWN_ZONE},
        help_text="The zone of the times above; leave it for your own.",
    )

    class Meta:
        model = Interview
        fields = INTERVIEW_FORM_FIELDS
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "questions_asked": forms.Textarea(attrs={"rows": 3}),
            "materials_requested": forms.Textarea(attrs={"rows": 2}),
            "better_answer": forms.Textarea(attrs={"rows": 2}),
            "follow_up_instructions": forms.Textarea(attrs={"rows": 2}),
            "expected_decision_on": DateInput(),
            "do_not_contact_before": DateInput(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["time_zone"].choices = [
            ("", f"Mine ({user.time_zone})"),
            *self.fields["time_zone"].choices[1:],
        ]
        if self.instance.pk and not self.is_bound:
            # Show the stored UTC instants as the wall-clock times they were entered in.
            zone = self.instance.zone
            self.initial["starts_at"] = self.instance.starts_at.astimezone(zone).replace(
                tzinfo=None
            )
            self.initial["ends_at"] = self.instance.ends_at.astimezone(zone).replace(tzinfo=None)
            minutes = (self.instance.ends_at - self.instance.starts_at) // dt.timedelta(minutes=1)
            preset = str(minutes)
            self.initial["duration"] = preset if preset in dict(DURATION_CHOICES) else "other"
        self.fields["article_url"].widget.attrs["placeholder"] = "https://"
        self.fields["location"].widget.attrs["placeholder"] = "Office address or meeting link"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                "When and where",
                Div(
                    Div("round_label", css_class="col-md-6"),
                    Div("format", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("starts_at", css_class="col-sm-6 col-md-4"),
                    Div("duration", css_class="col-sm-6 col-md-3"),
                    shown_when("duration", "other", "ends_at", css_class="col-sm-6 col-md-5"),
                    css_class="row",
                ),
                Details("Time zone and place", "time_zone", "location"),
            ),
            Details(
                "What happened (topics, questions, materials)",
                "topics",
                "questions_asked",
                "materials_requested",
                "article_url",
                "better_answer",
            ),
            Fieldset(
                "Next steps (you asked, didn't you?)",
                "next_steps",
                shown_when(
                    "next_steps",
                    "given",
                    Div("expected_decision_on", css_class="col-md-6"),
                    Div("do_not_contact_before", css_class="col-md-6"),
                    css_class="row",
                ),
                Details(
                    "Their instructions and who to follow up with",
                    "follow_up_instructions",
                    "follow_up_contact",
                ),
            ),
        )

    def clean_time_zone(self):
        value = self.cleaned_data["time_zone"]
        if value and not is_valid_time_zone(value):
            raise ValidationError(UNKNOWN_ZONE, params={"value": value})
        return value

    def clean(self):
        cleaned = super().clean()
        zone = (
            zoneinfo.ZoneInfo(cleaned["time_zone"]) if cleaned.get("time_zone") else self.user.zone
        )
        today = timezone.localdate(timezone=zone)
        # An end time typed in wins (the field shows only for "another end time", or always
        # without JavaScript); else the length preset sets it.
        duration = cleaned.get("duration")
        if cleaned.get("ends_at") is None and "ends_at" not in self.errors:
            if duration and duration != "other" and cleaned.get("starts_at") is not None:
                cleaned["ends_at"] = cleaned["starts_at"] + dt.timedelta(minutes=int(duration))
            elif "starts_at" not in self.errors:
                self.add_error("ends_at", "When did it end?")
        for name in ("starts_at", "ends_at"):
            wall = cleaned.get(name)
            if wall is None:
                continue
            # The range first: reading year 1 or 9999 in a zone overflows (issue 14).
            problem = dates.range_problem(wall) or rules.date_in_window_problem(wall.date(), today)
            resolved = None if problem else rules.resolve_local_time(wall, zone)
            if problem or resolved.problem:
                self.add_error(name, problem or resolved.problem)
            else:
                cleaned[name] = resolved.instant
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        both_resolved = all(isinstance(v, dt.datetime) and v.tzinfo for v in (starts, ends))
        if both_resolved and (problem := rules.round_times_problem(starts, ends)):
            self.add_error("ends_at", problem)
        for name in ("expected_decision_on", "do_not_contact_before"):
            _check_window(self, name, today)
        # What was said about next steps is the services' to read and check
        # (services.interview_settle_next_steps): every path that writes a round obeys it.
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class InterviewerForm(forms.ModelForm):
    class Meta:
        model = Interviewer
        fields = ("name", "title", "email", "notes", "mention", "salutation")
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "notes": "What you discussed with them",
            "mention": "One thing to mention to them",
            "salutation": "Greeting",
        }
        help_texts = {
            "notes": "Your own notes; they never go into a draft.",
            "mention": "As you would say it to them, e.g. “I enjoyed hearing how your team "
            "moved to weekly releases.” It goes into their thank-you note as written.",
            "salutation": "Leave blank for “Dear” and their first name; or write “Hi Priya” or "
            "“Dear Ms Raman”.",
        }


class BaseInterviewerFormSet(forms.BaseInlineFormSet):
    def interviewer_data(self) -> list[InterviewerData]:
        """The rows the user kept, in order, for `services.interview_create/update`."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            rows.append(
                InterviewerData(
                    id=form.instance.pk,
                    name=data["name"],
                    title=data.get("title", ""),
                    email=data.get("email", ""),
                    notes=data.get("notes", ""),
                    salutation=data.get("salutation", ""),
                    mention=data.get("mention", ""),
                )
            )
        return rows


InterviewerFormSet = forms.inlineformset_factory(
    Interview,
    Interviewer,
    form=InterviewerForm,
    formset=BaseInterviewerFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_INTERVIEWERS,
    validate_max=True,
    absolute_max=MAX_INTERVIEWERS,
)


class PickApplicationForm(forms.Form):
    """The first part of "Log an interview": an existing application or a new one."""

    application = forms.ModelChoiceField(
        queryset=JobApplication.objects.none(),
        required=False,
        empty_label="+ A new application",
        label="Which application is this round for?",
        error_messages={"invalid_choice": "Pick one of your applications from the list."},
    )
    company_name = JobApplication._meta.get_field("company_name").formfield(required=False)
    role_title = JobApplication._meta.get_field("role_title").formfield(required=False)
    company_description = JobApplication._meta.get_field("company_description").formfield(
        widget=forms.Textarea(attrs={"rows": 3})
    )
    applied_when = forms.ChoiceField(
        label="When did you apply?",
        choices=[
            ("earlier", "Before this week (I don't remember exactly)"),
            ("on", "On this date:"),
        ],
        initial="earlier",
        required=False,  # left out: they don't remember
        widget=forms.RadioSelect,
        help_text="Your weekly goal counts the applications you sent that week.",
    )
    date_applied = forms.DateField(label="Date applied", required=False, widget=DateInput())

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda application: (
            f"{application.company_name} — {application.role_title}"
        )
        self.fields["application"].widget.attrs["data-new-application-toggle"] = "1"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "application",
            Div(
                Div(
                    Div("company_name", css_class="col-md-6"),
                    Div("role_title", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("applied_when", css_class="col-md-7"),
                    shown_when("applied_when", "on", "date_applied", css_class="col-md-5"),
                    css_class="row",
                ),
                Details("What they do (optional)", "company_description"),
                css_id="new-application-fields",
                css_class="border-start border-3 border-primary-subtle ps-3",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("application") is None and "application" not in self.errors:
            for name in ("company_name", "role_title"):
                if not cleaned.get(name):
                    self.add_error(name, "Needed for a new application.")
            if cleaned.get("applied_when") == "on":
                applied = cleaned.get("date_applied")
                if applied is None:
                    if "date_applied" not in self.errors:
                        self.add_error("date_applied", "Which day did you apply?")
                elif problem := rules.date_applied_problem(applied, timezone.localdate()):
                    self.add_error("date_applied", problem)
        return cleaned

    def new_application_fields(self) -> dict:
        """What the user typed for a new application (ignored when they picked one); its
        `date_applied` is None when they don't remember (the service picks a day)."""
        fields = {
            name: self.cleaned_data.get(name, "")
            for name in ("company_name", "role_title", "company_description")
        }
        on_a_date = self.cleaned_data.get("applied_when") == "on"
        fields["date_applied"] = self.cleaned_data.get("date_applied") if on_a_date else None
        return fields


class StatusChangeForm(forms.Form):
    """A status move from the application page; only moves the rules allow are offered.

    A move to "offer" also takes the offer's deadline, a wall-clock time in the owner's zone.
    """

    status = forms.ChoiceField(choices=())
    note = forms.CharField(max_length=500, required=False)
    offer_deadline = WallClockDateTimeField(label="Offer deadline", required=False)

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = application.owner.zone
        allowed = rules.allowed_next_statuses(application.status)
        if application.status == ApplicationStatus.OFFER:
            # "Offer" again only records (or corrects) the offer's deadline.
            allowed = [ApplicationStatus.OFFER, *allowed]
        self.fields["status"].choices = [(s, ApplicationStatus(s).label) for s in allowed]
        self.fields["status"].error_messages["invalid_choice"] = (
            f"An application that is “{application.get_status_display()}” cannot move there."
        )

    def clean_offer_deadline(self):
        wall = self.cleaned_data.get("offer_deadline")
        if wall is None:
            return None
        resolved = rules.resolve_local_time(wall, self.zone)
        if resolved.problem:
            raise ValidationError(resolved.problem)
        return resolved.instant
