from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.querysets import OwnedQuerySet

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Growth(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class Evaluation(models.Model):
    """The candidate's own look back at one interview, filled while memory is fresh."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluations"
    )
    interview = models.OneToOneField(
        "interviews.Interview", on_delete=models.CASCADE, related_name="evaluation"
    )
    went_well = models.TextField("what went well", max_length=5000, blank=True)
    wish_said = models.TextField("what you wish you had said", max_length=5000, blank=True)
    interviewer_reaction = models.TextField(
        "how the interviewer reacted", max_length=5000, blank=True
    )
    reaction_rating = models.PositiveSmallIntegerField(
        "interviewer reaction", null=True, blank=True, validators=SCALE
    )
    confidence = models.PositiveSmallIntegerField(
        "how confident you felt", null=True, blank=True, validators=SCALE
    )
    confidence_why = models.TextField("why", max_length=5000, blank=True)
    company_feeling = models.PositiveSmallIntegerField(
        "how you feel about the company", null=True, blank=True, validators=SCALE
    )
    growth = models.CharField(
        "could you grow there?", max_length=5, choices=Growth.choices, blank=True
    )
    fit_rating = models.PositiveSmallIntegerField(
        "fit with your career goals", null=True, blank=True, validators=SCALE
    )
    interest_rating = models.PositiveSmallIntegerField(
        "overall interest in the job", null=True, blank=True, validators=SCALE
    )
    struggled_questions = models.TextField(
        "questions you struggled with",
        max_length=5000,
        blank=True,
        help_text="One question per line, to practise.",
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the evaluation is a draft."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reaction_rating__isnull=True)
                | models.Q(reaction_rating__gte=1, reaction_rating__lte=5),
                name="evaluation_reaction_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True)
                | models.Q(confidence__gte=1, confidence__lte=5),
                name="evaluation_confidence_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(company_feeling__isnull=True)
                | models.Q(company_feeling__gte=1, company_feeling__lte=5),
                name="evaluation_company_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(fit_rating__isnull=True)
                | models.Q(fit_rating__gte=1, fit_rating__lte=5),
                name="evaluation_fit_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(interest_rating__isnull=True)
                | models.Q(interest_rating__gte=1, interest_rating__lte=5),
                name="evaluation_interest_1_5",
            ),
        ]

    def __str__(self):
        return f"Evaluation of {self.interview}"

    @property
    def is_draft(self) -> bool:
        return self.completed_at is None
