"""factory_boy factories shared by tests, demo content and the scale generator."""

import random

import factory
from django.utils import timezone

from .models import Commission, Commune, Membership, Profession, User
from .validators import luhn_check_digit

DEMO_PASSWORD = "demo-maillage-2026"  # noqa: S105 - documented demo password


def make_rpps(seed=None):
    rng = random.Random(seed)
    body = "10" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return body + luhn_check_digit(body)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    username = factory.LazyAttribute(lambda o: o.email)

    @factory.post_generation
    def password(self, create, extracted, hashed=None, **kwargs):
        """The demo password unless another is given; ``password__hashed`` stores a ready hash
        (the demo hashes its shared password once for all its accounts)."""
        if hashed:
            self.password = hashed
        else:
            self.set_password(extracted or DEMO_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Mark the e-mail verified, as allauth would after the link is clicked."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
            self.save()


class ProfessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profession
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Profession {n}")
    plural = factory.LazyAttribute(lambda o: f"{o.name.lower()}s")
    slug = factory.Sequence(lambda n: f"profession-{n}")
    code = factory.Sequence(lambda n: str(100 + n))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    profession = factory.SubFactory(ProfessionFactory)
    # Bodies starting with "2" never collide with the demo's ("10...").
    rpps = factory.Sequence(lambda n: f"2{n:09d}" + luhn_check_digit(f"2{n:09d}"))
    commune = "Clermont-l'Hérault"
    charter_accepted_at = factory.LazyFunction(timezone.now)
    status = Membership.Status.PENDING

    @factory.post_generation
    def approved(self, create, extracted, **kwargs):
        """``MembershipFactory(approved=True)`` goes through the real approval service."""
        if create and extracted:
            from .services import approve

            approve(self, notify=False)


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Commission {n}")
    slug = factory.Sequence(lambda n: f"commission-{n}")
    purpose = "Rédiger et valider les protocoles partagés."


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of the territory; give real coordinates when distances matter."""

    class Meta:
        model = Commune
        django_get_or_create = ("insee",)

    insee = factory.Sequence(lambda n: f"99{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune-Test-{n}")
    department = factory.LazyAttribute(lambda o: o.insee[:2])
    postcodes = factory.LazyAttribute(lambda o: f"{o.insee}")
    latitude = 43.6
    longitude = 3.5
    in_territory = True


def bureau_member(**membership):
    """An approved member the bureau counts (``services.make_bureau``: group and staff)."""
    from .services import make_bureau

    user = MembershipFactory(approved=True, **membership).user
    make_bureau(user)
    return user
