from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from interviews.models import ApplicationSource, ApplicationStatus
from interviews.selectors import LIST_SORTS

from . import csvio, rules
from .selectors import SAVED_VIEWS, ListFilters


class MoveForm(forms.Form):
    """Where a board card goes; the no-JS twin of drag and drop."""

    status = forms.ChoiceField(label="Move to", choices=ApplicationStatus.choices)


class QuickAddForm(forms.Form):
    """The board's "+" line: an application (or a saved posting) straight into a column."""

    status = forms.ChoiceField(
        choices=[(key, key) for key in rules.OPEN_COLUMNS], widget=forms.HiddenInput
    )
    company_name = forms.CharField(label="Company", max_length=200)
    role_title = forms.CharField(label="Role", max_length=200)
    job_posting_url = forms.URLField(label="Job posting link", max_length=1000, required=False)


class ApplicationListForm(forms.Form):
    """The applications list's search, filters, saved view and sort (GET). A field with a bad
    value falls back to its default on its own: a hand-edited URL still shows a list."""

    q = forms.CharField(label="Search", max_length=100, required=False)
    view = forms.ChoiceField(
        choices=[("", "")] + [(key, label) for key, (label, _) in SAVED_VIEWS.items()],
        required=False,
    )
    status = forms.ChoiceField(
        choices=[("", "All statuses"), ("open", "Open (not closed)"), *ApplicationStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    source = forms.ChoiceField(
        choices=[("", "Any source"), *ApplicationSource.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    interview = forms.ChoiceField(
        label="Interviews",
        choices=[("", "With or without"), ("yes", "Has an interview"), ("no", "No interview yet")],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    stale = forms.BooleanField(label="Stale only", required=False)
    sort = forms.ChoiceField(choices=[(key, key) for key in LIST_SORTS], required=False)

    def filters(self) -> ListFilters:
        """The selector's filters; a saved view's filters come on top of the others."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {
            "query": cleaned.get("q", ""),
            "status": cleaned.get("status", ""),
            "source": cleaned.get("source", ""),
            "stale": bool(cleaned.get("stale")),
            "has_interview": {"yes": True, "no": False}.get(cleaned.get("interview", "")),
            "sort": cleaned.get("sort") or "activity",
        }
        if cleaned.get("view"):
            values.update(SAVED_VIEWS[cleaned["view"]][1])
        return ListFilters(**values)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            f"UTF-8 CSV, up to {csvio.MAX_IMPORT_BYTES // (1024 * 1024)} MB. Our own export "
            "imports as it is; a spreadsheet from another tracker gets a column-matching step."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csvio.MAX_IMPORT_BYTES:
            raise forms.ValidationError(csvio.too_big_message(upload.size))
        return upload


class MappingForm(forms.Form):
    """One select per application field: which column of the file holds it."""

    def __init__(self, *args, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(csvio.NOT_MAPPED, "— not in this file —")] + [(h, h) for h in headers if h]
        for column in csvio.IMPORTABLE:
            self.fields[column.name] = forms.ChoiceField(
                label=column.label + (" (required)" if column.required else ""),
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] += " is-invalid"
                attrs["aria-describedby"] = f"id_{name}-error"

    def clean(self):
        cleaned = super().clean()
        for name in csvio.REQUIRED:
            if not cleaned.get(name):
                self.add_error(name, "Pick the column that holds this; it is required.")
        used: dict[str, str] = {}
        for column in csvio.IMPORTABLE:
            header = cleaned.get(column.name)
            if not header:
                continue
            if header in used:
                self.add_error(
                    column.name, f"“{header}” is already used for {used[header].lower()}."
                )
            used[header] = column.label
        return cleaned


class DeleteAccountForm(forms.Form):
    email = forms.CharField(
        label="Type your email address to confirm",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("submit", "Delete my account and all my data", css_class="btn-danger")
        )

    def clean_email(self):
        typed = self.cleaned_data["email"].strip()
        if typed.lower() != self.user.email.lower():
            raise forms.ValidationError(
                "That is not your email address. Type it exactly to confirm."
            )
        return typed
