"""factory_boy factories for the locum and mutual-aid boards (tests and demo share them)."""

from datetime import timedelta

import factory
from django.utils import timezone

from portal.members.factories import ProfessionFactory, UserFactory

from .models import LocumOffer, LocumRequest, LocumResponse, MutualAidRequest, MutualAidResponse


class LocumRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocumRequest

    author = factory.SubFactory(UserFactory)
    profession = factory.SubFactory(ProfessionFactory)
    kind = LocumRequest.Kind.OCCASIONAL
    start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=13))
    commune = "Gignac"
    fee_share = 70
    conditions = "Tournée à domicile le matin, cabinet l'après-midi."


class LocumResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocumResponse

    request = factory.SubFactory(LocumRequestFactory)
    responder = factory.SubFactory(UserFactory)
    message = "Disponible sur toute la période."
    available_from = factory.LazyAttribute(lambda o: o.request.start)
    available_to = factory.LazyAttribute(lambda o: o.request.end)


class LocumOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocumOffer

    author = factory.SubFactory(UserFactory)
    profession = factory.SubFactory(ProfessionFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=30))
    communes = "Clermont-l'Hérault, Gignac"


class MutualAidRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MutualAidRequest

    author = factory.SubFactory(UserFactory)
    profession_needed = factory.SubFactory(ProfessionFactory)
    commune = "Lodève"
    start = factory.LazyFunction(timezone.localdate)
    duration_days = 3
    urgency = MutualAidRequest.Urgency.TWO_DAYS
    description = "Relais pour des injections d'insuline à domicile, matin et soir."


class MutualAidResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MutualAidResponse

    request = factory.SubFactory(MutualAidRequestFactory)
    responder = factory.SubFactory(UserFactory)
    message = "Je peux passer matin et soir."
