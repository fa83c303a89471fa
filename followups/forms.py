from django import forms

from core.choices import Channel

from . import rules

SENT_CHANNELS = {
    "thank_you": [Channel.EMAIL, Channel.HANDWRITTEN, Channel.LINKEDIN],
    "follow_up": [Channel.EMAIL, Channel.PHONE, Channel.LINKEDIN],
    "rejection": [Channel.EMAIL, Channel.LINKEDIN],
    "offer": [Channel.EMAIL, Channel.PHONE],
    "brief_references": [Channel.EMAIL, Channel.PHONE, Channel.LINKEDIN, Channel.IN_PERSON],
}


class StepActionForm(forms.Form):
    """The optional extras of a one-click step action."""

    channel = forms.ChoiceField(choices=[("", "—"), *Channel.choices], required=False)
    snooze_for = forms.ChoiceField(choices=rules.SNOOZE_CHOICES, required=False)
    next = forms.CharField(max_length=2000, required=False)
    show_context = forms.BooleanField(required=False)
    token = forms.CharField(max_length=2000, required=False)  # what Undo takes back


class DraftForm(forms.Form):
    """The composer: the editable draft, and how it was sent when the user says so."""

    draft = forms.CharField(
        label="Your note",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
        error_messages={"required": "The note is empty — write something or reset the draft."},
    )
    channel = forms.ChoiceField(choices=[("", "—"), *Channel.choices], required=False)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", "—")] + [
            (c.value, c.label) for c in SENT_CHANNELS[kind]
        ]
