"""A filled locum request in the browser (issue 15, item 7): the requester and the chosen
colleague each see the other's professional contact details; answers say which part of the
period they cover. Plus a newly approved member's entry form. Data from factories."""

from datetime import timedelta

import pytest

from tests.e2e.conftest import ensure_wagtail_roots
from tests.e2e.test_contrast import check_contrast


@pytest.fixture
def filled_request(transactional_db, live_server):
    from django.utils import timezone

    from community import services
    from community.factories import LocumRequestFactory, LocumResponseFactory
    from directory.factories import PracticeSiteFactory, ProfileFactory
    from directory.models import Visibility
    from portal.members.factories import MembershipFactory, UserFactory

    ensure_wagtail_roots()

    def member(first, last, **fields):
        user = UserFactory(first_name=first, last_name=last, email=f"{last.lower()}@exemple.test")
        MembershipFactory(approved=True, user=user, profession=profession, commune="Gignac")
        return ProfileFactory(user=user, **fields)

    from portal.members.factories import ProfessionFactory

    profession = ProfessionFactory(name="Infirmier", plural="infirmiers", slug="infirmiers")
    author = member(
        "Hélène",
        "Roux",
        mobile="+33612345678",
        mobile_visibility=Visibility.MEMBERS,
        mssante="helene.roux@infirmier.mssante.fr",
        mssante_visibility=Visibility.MEMBERS,
    )
    chosen = member("Julien", "Marty", civility="m", mobile="", email="")
    PracticeSiteFactory(profile=chosen, commune="Aniane", postcode="34150")
    partial = member("Camille", "Brun", civility="m")
    start = timezone.localdate() + timedelta(days=20)
    locum = LocumRequestFactory(
        author=author.user,
        profession=profession,
        start=start,
        end=start + timedelta(days=13),
        contact_preference="phone",
    )
    LocumResponseFactory(
        request=locum,
        responder=partial.user,
        available_from=start + timedelta(days=3),
        available_to=start + timedelta(days=5),
        message="Seulement en milieu de période.",
    )
    LocumResponseFactory(request=locum, responder=chosen.user, message="")
    services.mark_filled(locum, by=author.user, chosen_user=chosen.user)
    return {"locum": locum, "author": author, "chosen": chosen}


def test_requester_and_chosen_colleague_see_each_other(web, filled_request):
    page = web.page
    locum, author, chosen = (filled_request[k] for k in ("locum", "author", "chosen"))

    web.login(author.user.email)
    web.goto(locum.get_absolute_url())
    card = page.locator(".contact-card")
    assert "Julien Marty" in card.inner_text()
    assert chosen.user.email in card.inner_text()
    responses = page.locator(".responses__item").all_inner_texts()
    assert "toute la période (14 jours)" in responses[0]  # most of the period first
    assert "3 jours sur 14" in responses[1]
    assert check_contrast(web, locum.get_absolute_url(), "requester") == []
    web.logout()

    web.login(chosen.user.email)
    web.goto(locum.get_absolute_url())
    text = page.locator(".contact-card").inner_text()
    assert "helene.roux@infirmier.mssante.fr" in text and author.user.email in text
    assert "Téléphone" in text
    assert check_contrast(web, locum.get_absolute_url(), "chosen") == []


def test_new_member_entry_form(web, transactional_db, live_server):
    from portal.members.factories import MembershipFactory

    ensure_wagtail_roots()
    user = MembershipFactory(approved=True, commune="Gignac").user
    web.login(user.email)
    assert check_contrast(web, "/annuaire/moi/", "entry-form") == []
    main = web.page.locator("main").inner_text()
    assert "vous, les personnes à qui vous déléguez votre fiche" in main
    assert web.page.locator("#id_fiche-accepts_new_patients_0").is_checked()
