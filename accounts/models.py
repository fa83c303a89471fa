import secrets
import zoneinfo
from datetime import time

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef

from .timezones import is_valid_time_zone


def validate_time_zone(value: str) -> None:
    if not is_valid_time_zone(value):
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Pick one from the list, e.g. Europe/Berlin.",
            params={"value": value},
        )


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


def new_unsubscribe_key() -> str:
    return secrets.token_urlsafe(16)


class UserQuerySet(models.QuerySet):
    def with_verified_email(self):
        """Users whose primary address is verified: the only ones reminder emails may reach.

        allauth keeps addresses in `EmailAddress`; the primary one is `User.email`.
        """
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(
            user=OuterRef("pk"), primary=True, verified=True, email__iexact=OuterRef("email")
        )
        return self.filter(Exists(verified))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class User(AbstractUser):
    """A job seeker. Logs in with an email address; every date they see is in `time_zone`."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("your name", max_length=150, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Every date and reminder is shown in this zone.",
    )
    # How dates like 03/11/2026 in imported spreadsheets are read; blank means "as people
    # write them in the time zone's country" (core.dates.day_first_for).
    date_order = models.CharField(
        "dates in my files look like",
        max_length=3,
        choices=[
            ("", "Guess from my time zone"),
            ("dmy", "31/12/2026 (day first)"),
            ("mdy", "12/31/2026 (month first)"),
        ],
        default="",
        blank=True,
        help_text="How a CSV import reads dates such as 03/11/2026.",
    )

    # Plan defaults (CAREER-RULES.md); each user may change them on the profile page.
    thank_you_within_hours = models.PositiveSmallIntegerField(
        "send thank-you notes within (hours)",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(168)],
    )
    self_evaluation_within_hours = models.PositiveSmallIntegerField(
        "fill in the self-evaluation within (hours)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )
    follow_up_after_days = models.PositiveSmallIntegerField(
        "follow up after (days) when no timeline was given",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    max_follow_ups = models.PositiveSmallIntegerField(
        "follow-ups per application at most",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    follow_up_spacing_days = models.PositiveSmallIntegerField(
        "days between follow-ups at least",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    weekly_application_target = models.PositiveSmallIntegerField(
        "new applications a week (goal)",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    # Reminder preferences (the reminders app reads them on every pass).
    reminders_paused = models.BooleanField("pause all reminder emails", default=False)
    remind_thank_you = models.BooleanField("thank-you note reminders", default=True)
    remind_follow_up = models.BooleanField("employer follow-up reminders", default=True)
    remind_references = models.BooleanField("reference briefing reminders", default=True)
    remind_evaluation = models.BooleanField("self-evaluation reminders", default=True)
    remind_weekly_digest = models.BooleanField("weekly “keep looking” digest", default=True)
    digest_weekday = models.PositiveSmallIntegerField(
        "digest day", choices=Weekday.choices, default=Weekday.MONDAY
    )
    quiet_hours_start = models.TimeField("quiet hours start", default=time(21, 0))
    quiet_hours_end = models.TimeField("quiet hours end", default=time(8, 0))

    calendar_token = models.CharField(
        max_length=64, unique=True, default=new_calendar_token, editable=False
    )
    # What a reminder email's unsubscribe link names instead of the user's id (reminders.tokens).
    unsubscribe_key = models.CharField(
        max_length=32, unique=True, default=new_unsubscribe_key, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]

    @property
    def has_verified_email(self) -> bool:
        """Whether the primary address is confirmed (reminder emails go only there)."""
        return type(self).objects.filter(pk=self.pk).with_verified_email().exists()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The user's zone as a ZoneInfo (UTC if the stored name ever became unknown)."""
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")


# The settings a person chooses on the profile page, in its order: the profile form, the admin
# and the data export (pipeline.selectors) list them from here.
PLAN_DEFAULT_FIELDS = (
    "thank_you_within_hours",
    "self_evaluation_within_hours",
    "follow_up_after_days",
    "max_follow_ups",
    "follow_up_spacing_days",
    "weekly_application_target",
)
REMINDER_SETTING_FIELDS = (
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
