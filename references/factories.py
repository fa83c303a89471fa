import factory

from accounts.factories import UserFactory
from interviews.factories import JobApplicationFactory

from .models import ApplicationReference, Reference, Relationship


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    owner = factory.SubFactory(UserFactory)
    name = factory.Faker("name")
    relationship = Relationship.MANAGER
    company = factory.Faker("company")
    title = factory.Faker("job")
    email = factory.Faker("email")
    phone = factory.Faker("phone_number")
    agreed = True


class ApplicationReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationReference

    reference = factory.SubFactory(ReferenceFactory)
    application = factory.SubFactory(
        JobApplicationFactory, owner=factory.SelfAttribute("..reference.owner")
    )
