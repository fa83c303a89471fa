import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.querysets import OwnedQuerySet


class ApplicationStatus(models.TextChoices):
    # A posting saved to apply to later: not yet sent, so not counted as an application.
    WISHLIST = "wishlist", "Wishlist"
    APPLIED = "applied", "Applied"
    INTERVIEWING = "interviewing", "Interviewing"
    OFFER = "offer", "Offer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_RESPONSE = "no_response", "No response"

    @classmethod
    def closed(cls) -> frozenset[str]:
        """Statuses after which nothing is awaited from the employer."""
        return frozenset({cls.ACCEPTED, cls.REJECTED, cls.WITHDRAWN, cls.NO_RESPONSE})

    @classmethod
    def awaiting_decision(cls) -> frozenset[str]:
        return frozenset({cls.APPLIED, cls.INTERVIEWING})


class WorkMode(models.TextChoices):
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class ApplicationSource(models.TextChoices):
    REFERRAL = "referral", "Referral"
    JOB_BOARD = "job_board", "Job board"
    COMPANY_SITE = "company_site", "Company website"
    RECRUITER = "recruiter", "Recruiter"
    NETWORKING = "networking", "Networking"
    OTHER = "other", "Other"


class JobApplication(models.Model):
    """The job being pursued; interview rounds hang off it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    company_name = models.CharField("company", max_length=200)
    company_website = models.URLField(max_length=500, blank=True)
    company_description = models.TextField(
        "what the company does",
        max_length=2000,
        blank=True,
        help_text="One paragraph. Reused when you brief your references.",
    )
    role_title = models.CharField("role", max_length=200)
    job_posting_url = models.URLField("job posting", max_length=1000, blank=True)
    location = models.CharField(max_length=200, blank=True)
    work_mode = models.CharField(
        "on-site / remote", max_length=10, choices=WorkMode.choices, blank=True
    )
    salary_range = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=20, choices=ApplicationSource.choices, blank=True)
    date_applied = models.DateField(default=timezone.localdate)
    # False when the user did not remember the day ("Before this week" on the log form): the
    # stored day is only a placeholder (`rules.default_date_applied`), so no week's goal
    # counts the application (issue 15). Giving a real day later sets it again.
    date_applied_known = models.BooleanField(default=True)
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    notes = models.TextField(max_length=10_000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by the services on any change to the application, its rounds or its plan:
    # the list sorts by it and the pipeline flags applications that went quiet.
    last_activity_at = models.DateTimeField(default=timezone.now)
    # When the employer last answered ("they replied" on a follow-up); an offer or a
    # rejection is an answer too, read from the status history. Insights compare it with
    # the decision date they promised.
    answer_received_at = models.DateTimeField(null=True, blank=True)
    # The offer's deadline (UTC), asked for when the application moves to "offer": the plan
    # schedules the offer steps and tells every other open process before it.
    offer_deadline_at = models.DateTimeField("offer deadline", null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at"]
        indexes = [
            models.Index(fields=["owner", "-last_activity_at"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["owner", "date_applied"]),
        ]

    def __str__(self):
        return f"{self.role_title} at {self.company_name}"

    def get_absolute_url(self):
        return reverse("interviews:application_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in ApplicationStatus.closed()


class StatusChangeQuerySet(OwnedQuerySet):
    owner_path = "application__owner"


class StatusChange(models.Model):
    """One transition of an application's status, kept for its history."""

    application = models.ForeignKey(
        JobApplication, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    changed_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=500, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or 'new'} → {self.get_to_status_display()}"


class RoundLabel(models.TextChoices):
    PHONE_SCREEN = "phone_screen", "Phone screen"
    RECRUITER = "recruiter", "Recruiter call"
    HIRING_MANAGER = "hiring_manager", "Hiring manager"
    TECHNICAL = "technical", "Technical"
    TAKE_HOME = "take_home", "Take-home review"
    PANEL = "panel", "Panel"
    ONSITE = "onsite", "Onsite"
    FINAL = "final", "Final"
    OTHER = "other", "Other"


class InterviewFormat(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    IN_PERSON = "in_person", "In person"


class NextSteps(models.TextChoices):
    """What the candidate learned when they asked about next steps."""

    NOT_RECORDED = "", "Not recorded yet"
    GIVEN = "given", "They gave a timeline or instructions"
    NOT_GIVEN = "not_given", "No timeline was given"


class InterviewQuerySet(OwnedQuerySet):
    pass


class Interview(models.Model):
    """One round of an application."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interviews"
    )
    application = models.ForeignKey(
        JobApplication, on_delete=models.CASCADE, related_name="interviews"
    )
    round_label = models.CharField(
        "round", max_length=20, choices=RoundLabel.choices, default=RoundLabel.PHONE_SCREEN
    )
    format = models.CharField(
        max_length=10, choices=InterviewFormat.choices, default=InterviewFormat.VIDEO
    )
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    # The zone the times were entered in (blank: the owner's own zone); edits show them
    # in it again, so an interview abroad keeps its local wall-clock time.
    time_zone = models.CharField(max_length=64, blank=True)
    location = models.CharField("location or meeting link", max_length=500, blank=True)
    topics = models.TextField("topics discussed", max_length=5000, blank=True)
    questions_asked = models.TextField("questions you were asked", max_length=5000, blank=True)
    materials_requested = models.TextField(
        "materials they asked you to send", max_length=2000, blank=True
    )
    better_answer = models.TextField(
        "a question you'd like to answer better",
        max_length=2000,
        blank=True,
        help_text="In the words you'd send; a thank-you note can add it when you choose.",
    )
    article_url = models.URLField(
        "a relevant article to share",
        max_length=1000,
        blank=True,
        help_text="A link on a topic you discussed, for the thank-you note.",
    )
    # "Ask about next steps": what they said, in their words, and what it implies.
    next_steps = models.CharField(
        "next steps", max_length=10, choices=NextSteps.choices, blank=True
    )
    expected_decision_on = models.DateField("expected decision date", null=True, blank=True)
    follow_up_instructions = models.TextField(
        "follow-up instructions, in their words", max_length=2000, blank=True
    )
    follow_up_contact = models.CharField("person to follow up with", max_length=200, blank=True)
    do_not_contact_before = models.DateField(null=True, blank=True)
    # The calendar invite's UID when the round was logged from one: a second upload of the
    # same invite updates this round, and its CANCEL finds it.
    invite_uid = models.CharField(max_length=255, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["owner", "starts_at"]),
            models.Index(fields=["application", "starts_at"]),
            models.Index(
                fields=["owner", "invite_uid"],
                name="interview_invite_uid_idx",
                condition=~models.Q(invite_uid=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="interview_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.get_round_label_display()} — {self.application}"

    def get_absolute_url(self):
        return reverse("interviews:interview_detail", args=[self.pk])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The zone the round's times were entered in; the owner's zone when none was."""
        if self.time_zone:
            try:
                return zoneinfo.ZoneInfo(self.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                pass
        return self.owner.zone

    @property
    def is_upcoming(self) -> bool:
        return self.starts_at > timezone.now()


class InterviewerQuerySet(OwnedQuerySet):
    owner_path = "interview__owner"


class Interviewer(models.Model):
    """A person met in a round; each gets a personal thank-you note."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="interviewers")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField("what you discussed", max_length=2000, blank=True)
    # Written for the reader, unlike the notes: the thank-you note uses these as they are.
    salutation = models.CharField(
        "greeting", max_length=200, blank=True, help_text="Leave blank to greet them by first name."
    )
    mention = models.CharField(
        "one thing to mention to them",
        max_length=500,
        blank=True,
        help_text="What you talked about with this person, as you would say it to them.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = InterviewerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.title})" if self.title else self.name
