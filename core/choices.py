"""Choices shared by several apps (stored by value, so moving them needs no migration)."""

from django.db import models


class Channel(models.TextChoices):
    """How the candidate reached someone: a thank-you note, a follow-up, a briefing."""

    EMAIL = "email", "Email"
    HANDWRITTEN = "handwritten", "Handwritten card"
    LINKEDIN = "linkedin", "LinkedIn"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
