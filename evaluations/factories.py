import factory
from django.utils import timezone

from interviews.factories import InterviewFactory

from .models import Evaluation


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    interview = factory.SubFactory(InterviewFactory)
    owner = factory.SelfAttribute("interview.owner")
    went_well = factory.Faker("sentence")
    wish_said = factory.Faker("sentence")
    interviewer_reaction = factory.Faker("sentence")
    reaction_rating = 4
    confidence = 3
    company_feeling = 4
    growth = "yes"
    fit_rating = 4
    interest_rating = 5
    struggled_questions = "Tell me about a time you failed."
    completed_at = factory.LazyFunction(timezone.now)
