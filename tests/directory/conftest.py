"""Directory fixtures: an entry whose every contact value has a distinct visibility."""

import pytest

from directory.factories import PracticeSiteFactory, ProfileFactory
from directory.models import Visibility
from portal.members.factories import MembershipFactory, UserFactory

# Values that must never reach someone who may not see them.
PUBLIC_EMAIL = "public.cabinet@exemple.test"
MEMBERS_MOBILE = "+33611223344"
MEMBERS_MOBILE_FR = "06 11 22 33 44"
HIDDEN_MSSANTE = "secret.soignant@infirmier.mssante.fr"
HIDDEN_WEBSITE = "https://cache.exemple.test/"
MEMBERS_ADDRESS = "17 rue des Membres"
PUBLIC_SITE_PHONE = "+33467960000"
HIDDEN_SITE_PHONE = "+33467112299"
HIDDEN_SITE_PHONE_FR = "04 67 11 22 99"


@pytest.fixture
def entry(db):
    """An approved nurse in Gignac with public, members-only and hidden values."""
    membership = MembershipFactory(
        approved=True,
        user=UserFactory(first_name="Odile", last_name="Vernhes", email="odile@exemple.test"),
        commune="Gignac",
    )
    profile = ProfileFactory(
        user=membership.user,
        email=PUBLIC_EMAIL,
        email_visibility=Visibility.PUBLIC,
        mobile=MEMBERS_MOBILE,
        mobile_visibility=Visibility.MEMBERS,
        mssante=HIDDEN_MSSANTE,
        mssante_visibility=Visibility.HIDDEN,
        website=HIDDEN_WEBSITE,
        website_visibility=Visibility.HIDDEN,
        home_visits=True,
        specialties=["plaies et cicatrisation"],
    )
    profile.sites.all().delete()
    PracticeSiteFactory(
        profile=profile,
        name="Cabinet infirmier des Platanes",
        address=MEMBERS_ADDRESS,
        address_visibility=Visibility.MEMBERS,
        commune="Gignac",
        postcode="34150",
        latitude=43.6601,
        longitude=3.5601,
        phone=PUBLIC_SITE_PHONE,
        phone_visibility=Visibility.PUBLIC,
    )
    PracticeSiteFactory(
        profile=profile,
        name="Antenne d'Aniane",
        address="1 place Aniane",
        address_visibility=Visibility.PUBLIC,
        commune="Aniane",
        postcode="34150",
        phone=HIDDEN_SITE_PHONE,
        phone_visibility=Visibility.HIDDEN,
        position=1,
    )
    return profile


@pytest.fixture
def member(db):
    """Another approved member (a colleague)."""
    return ProfileFactory().user


@pytest.fixture
def pending_user(db):
    return MembershipFactory(user=UserFactory(email="attente@exemple.test")).user


@pytest.fixture
def bureau_user(db):
    from portal.members import services

    user = ProfileFactory().user
    services.make_bureau(user)
    # Staff accounts must use two-factor authentication, except demo accounts.
    user.is_demo_account = True
    user.save(update_fields=["is_demo_account"])
    from django.contrib.auth.models import Permission

    bureau = services.bureau_group()
    bureau.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="members", codename="change_membership"),
    )
    return user
