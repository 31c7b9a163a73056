"""factory_boy factories for directory entries and territorial resources."""

from datetime import timedelta

import factory
from django.utils import timezone

from portal.members.factories import MembershipFactory
from portal.members.validators import luhn_check_digit

from .models import LocumPeriod, PracticeSite, Profile, Resource, Visibility


def make_finess(seed):
    body = f"34{seed % 1000000:06d}"
    return body + luhn_check_digit(body)


class ProfileFactory(factory.django.DjangoModelFactory):
    """An approved member's entry (approval creates it; the factory then fills it in)."""

    class Meta:
        model = Profile
        skip_postgeneration_save = True

    user = factory.LazyFunction(lambda: MembershipFactory(approved=True).user)
    civility = Profile.Civility.MME
    languages = "fr"
    mobile = "+33612345678"
    mobile_visibility = Visibility.MEMBERS
    email = factory.LazyAttribute(lambda o: f"cabinet.{o.user.pk}@exemple.test")
    email_visibility = Visibility.PUBLIC
    home_visits = True
    accepts_new_patients = True
    # A filled-in entry its member has confirmed (a never confirmed one shows nothing publicly).
    confirmed_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Approval already made the entry: update it rather than clash on the one-to-one.
        user = kwargs.pop("user")
        profile, _created = model_class.objects.get_or_create(user=user)
        for name, value in kwargs.items():
            setattr(profile, name, value)
        profile.save()
        return profile

    @factory.post_generation
    def specialties(self, create, extracted, **kwargs):
        if create and extracted:
            self.specialties.set(extracted)


class PracticeSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeSite

    profile = factory.SubFactory(ProfileFactory)
    name = "Cabinet de la Place"
    address = "2 place de la République"
    postcode = "34800"
    commune = "Clermont-l'Hérault"
    latitude = 43.6275
    longitude = 3.4319
    phone = "+33467960000"
    phone_visibility = Visibility.PUBLIC
    address_visibility = Visibility.PUBLIC


class LocumPeriodFactory(factory.django.DjangoModelFactory):
    """A period when the member is available for locums (two weeks, in ten days by default)."""

    class Meta:
        model = LocumPeriod

    profile = factory.SubFactory(ProfileFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=14))


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"Service de soins infirmiers à domicile {n}")
    category = Resource.Category.SSIAD
    finess = factory.Sequence(make_finess)
    communes_covered = "Clermont-l'Hérault, Canet, Nébian"
    address = "1 rue de la Gare"
    postcode = "34800"
    commune = "Clermont-l'Hérault"
    latitude = 43.6275
    longitude = 3.4319
    phone = "+33467880000"
    email = "contact@ssiad.exemple.test"
    opening_hours = "Du lundi au vendredi, 8 h 30 – 17 h"
    is_published = True
