from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.choices import Channel
from core.querysets import OwnedQuerySet


class Relationship(models.TextChoices):
    MANAGER = "manager", "Former manager"
    COLLEAGUE = "colleague", "Colleague"
    REPORT = "report", "Someone you managed"
    CLIENT = "client", "Client"
    PROFESSOR = "professor", "Professor or teacher"
    MENTOR = "mentor", "Mentor"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    LINKEDIN = "linkedin", "LinkedIn"


class Reference(models.Model):
    """Someone who agreed (or may agree) to vouch for the candidate."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="references"
    )
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    company = models.CharField("their company", max_length=200, blank=True)
    title = models.CharField("their title", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method",
        max_length=10,
        choices=ContactMethod.choices,
        default=ContactMethod.EMAIL,
    )
    agreed = models.BooleanField("agreed to be a reference", default=False)
    notes = models.TextField(max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("references:detail", args=[self.pk])


class ApplicationReferenceQuerySet(OwnedQuerySet):
    owner_path = "reference__owner"


class ApplicationReference(models.Model):
    """A reference given to one employer, and when they were briefed about it."""

    application = models.ForeignKey(
        "interviews.JobApplication", on_delete=models.CASCADE, related_name="given_references"
    )
    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="given_to")
    given_on = models.DateField(default=timezone.localdate)
    briefed_at = models.DateTimeField(null=True, blank=True)
    employer_contacted_on = models.DateField("employer contacted them on", null=True, blank=True)
    notes = models.TextField(max_length=2000, blank=True)

    objects = ApplicationReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reference"], name="reference_given_once_per_application"
            )
        ]

    def __str__(self):
        return f"{self.reference} for {self.application}"


class BriefingQuerySet(OwnedQuerySet):
    owner_path = "application_reference__reference__owner"


class Briefing(models.Model):
    """One time the candidate briefed a reference about an employer (there may be several:
    a first heads-up at the interview, a second one when the employer is about to call)."""

    application_reference = models.ForeignKey(
        ApplicationReference, on_delete=models.CASCADE, related_name="briefings"
    )
    briefed_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=12, choices=Channel.choices, blank=True)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-briefed_at", "-pk"]

    def __str__(self):
        return f"Briefed {self.application_reference} on {self.briefed_at:%Y-%m-%d}"
