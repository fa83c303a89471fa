"""Reading a calendar invite on "Log an interview": the upload form and the pre-fill.

The parsing is `interviews.invites` (pure); here the upload is validated and the result is
turned into the log form's initial values for the user to review. Nothing is saved.
"""

from django import forms
from django.core.exceptions import ValidationError

from .invites import MAX_INVITE_BYTES, Invite, InviteError, parse_invite

ROUND_LABELS = {
    "onsite",
    "final",
    "panel",
    "take_home",
    "technical",
    "hiring_manager",
    "recruiter",
    "phone_screen",
}


class InviteUploadForm(forms.Form):
    """An .ics or .eml file, or the invite's text pasted."""

    file = forms.FileField(
        label="Invite file (.ics or .eml)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,.eml,text/calendar,message/rfc822"}),
        error_messages={
            "empty": "That file is empty. Pick the .ics or .eml file again, or paste the invite."
        },
    )
    text = forms.CharField(
        label="…or paste the invite's text",
        required=False,
        max_length=MAX_INVITE_BYTES,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "BEGIN:VCALENDAR…"}),
        error_messages={"max_length": "That text is over 1 MB; an invite is a few kilobytes."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text", "")
        if self.errors:
            return cleaned
        if upload is None and not text.strip():
            raise ValidationError("Pick an invite file or paste the invite's text.")
        if upload is not None:
            if upload.size > MAX_INVITE_BYTES:
                raise ValidationError(
                    "That file is over 1 MB; an invite is a few kilobytes. Nothing was saved."
                )
            data = upload.read(MAX_INVITE_BYTES + 1)
        else:
            data = text
        try:
            cleaned["invite"] = parse_invite(
                data, user_zone=self.user.time_zone or "UTC", own_addresses=[self.user.email]
            )
        except InviteError as error:
            raise ValidationError(str(error)) from error
        return cleaned


def interview_initial(invite: Invite, *, user_zone: str) -> dict:
    """The round form's initial values from an invite (times as wall clock in its zone;
    the zone left blank, "mine", when it is the user's own)."""
    initial: dict = {"location": invite.meeting_place}
    if invite.starts_local is not None:
        initial["starts_at"] = invite.starts_local
        initial["ends_at"] = invite.ends_local
        initial["time_zone"] = "" if invite.time_zone == user_zone else invite.time_zone
    if invite.round_label in ROUND_LABELS:
        initial["round_label"] = invite.round_label
    if invite.format:
        initial["format"] = invite.format
    return initial


def interviewer_initial(invite: Invite) -> list[dict]:
    """One interviewer row per person on the invite (name and address)."""
    return [{"name": person.name, "email": person.email} for person in invite.interviewers]
