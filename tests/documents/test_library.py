"""Library and protocol pages: who sees what, filters, query budgets, reminders and notifications."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from documents import services
from documents.models import Protocol, ProtocolVersion
from portal.members.models import Profession
from portal.members.services_account import notification_preferences

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

PUBLIC = "Fiche de suivi du patient à domicile"
MEMBERS_ONLY = "Fiche de surveillance INR (AVK)"
PENDING = "Constantes et seuils d&#x27;alerte"


def test_anonymous_sees_public_protocols_only(users, client):
    page = client.get("/protocoles/").content.decode()
    assert PUBLIC in page and MEMBERS_ONLY not in page and PENDING not in page
    assert client.get("/protocoles/fiche-de-suivi-du-patient-a-domicile/").status_code == 200
    response = client.get("/protocoles/fiche-de-surveillance-inr-avk/")
    assert response.status_code == 302 and "/compte/login/" in response["Location"]


def test_member_sees_every_published_protocol(users, client_for):
    client = client_for(users["membre00@exemple.fr"])
    page = client.get("/protocoles/").content.decode()
    assert PUBLIC in page and MEMBERS_ONLY in page and PENDING not in page
    assert "À réviser" in page  # the fall protocol is past its review date
    assert "validée le" in page and "Coordination" in page
    assert client.get("/protocoles/constantes-et-seuils-dalerte/").status_code == 404
    assert client.get("/protocoles/nouveau/").status_code == 403
    assert client.get("/protocoles/validation/").status_code == 403


def test_pending_applicant_is_not_a_member(users, client_for):
    page = client_for(users["candidat@exemple.fr"]).get("/protocoles/").content.decode()
    assert PUBLIC in page and MEMBERS_ONLY not in page


def test_commission_member_sees_unpublished_protocol_of_the_commission(users, client_for):
    client = client_for(users["infirmiere@exemple.fr"])
    page = client.get("/protocoles/constantes-et-seuils-dalerte/").content.decode()
    assert "En attente de validation" in page
    assert client.get("/protocoles/nouveau/").status_code == 200


def test_filters_and_search(users, client_for):
    client = client_for(users["membre00@exemple.fr"])
    page = client.get("/protocoles/", {"category": "surveillance-inr"}).content.decode()
    assert MEMBERS_ONLY in page and PUBLIC not in page
    page = client.get("/protocoles/", {"q": "chute"}).content.decode()
    assert "devant une chute" in page and MEMBERS_ONLY not in page
    page = client.get("/protocoles/", {"q": "AVK"}).content.decode()  # a tag
    assert MEMBERS_ONLY in page
    page = client.get("/protocoles/", {"profession": "orthophonistes"}).content.decode()
    assert "Aucun protocole" in page
    page = client.get(
        "/protocoles/", {"profession": "pharmaciens", "commission": "coordination"}
    ).content.decode()
    assert MEMBERS_ONLY in page and "devant une chute" not in page


@pytest.mark.parametrize(
    "email", [None, "membre00@exemple.fr", "infirmiere@exemple.fr", "bureau@exemple.fr"]
)
def test_query_budgets(users, client, email, django_assert_max_num_queries):
    if email:
        client.force_login(users[email], backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        "/protocoles/",
        "/protocoles/?q=fiche&category=suivi-domicile&profession=infirmiers&commission=coordination",
        "/protocoles/fiche-de-suivi-du-patient-a-domicile/",
    ):
        # The library's paginator counts in SQL (1 query) instead of loading every protocol;
        # 13: a search reads the bureau's synonyms (once, then from the cache) and, for a word
        # of five letters or more, the vocabulary (typo forgiveness).
        with django_assert_max_num_queries(13):
            assert client.get(url).status_code == 200


def _add_published_protocols(count):
    """``count`` published members-only protocols, each with one professions and one tag."""
    template = Protocol.objects.get(slug="fiche-de-surveillance-inr-avk")
    version = template.current_version
    profession = Profession.objects.get(slug="infirmiers")
    for i in range(count):
        protocol = Protocol.objects.create(
            title=f"Zz protocole de charge {i:02d}",
            slug=f"zz-protocole-de-charge-{i:02d}",
            summary="Charge.",
            commission=template.commission,
            review_date=template.review_date,
        )
        protocol.target_professions.add(profession)
        protocol.tags.add(f"charge{i}")
        published = ProtocolVersion.objects.create(
            protocol=protocol,
            number="1.0",
            file=version.file.name,
            original_name=version.original_name,
            content_type=version.content_type,
            status=ProtocolVersion.Status.PUBLISHED,
            live=True,
        )
        protocol.current_version = published
        protocol.save(update_fields=["current_version"])


def test_library_paginates_in_sql(users, client_for):
    """Only the 20 protocols shown are fetched: the same queries with 5 or 45 protocols."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["membre00@exemple.fr"])
    client.get("/protocoles/")
    cache.clear()  # measure the list rendered, not the cached fragment
    with CaptureQueriesContext(connection) as few:
        assert client.get("/protocoles/").status_code == 200
    _add_published_protocols(45)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page = client.get("/protocoles/").content.decode()
    assert len(many) == len(few)
    assert page.count('class="card"') == 20 + 1  # 20 protocols and the e-mail opt-out form
    # Sorted by title: the demo protocols first, the "Zz" ones after them.
    assert MEMBERS_ONLY in page and "Zz protocole de charge 44" not in page
    last = client.get("/protocoles/", {"page": 3}).content.decode()
    assert "Zz protocole de charge 44" in last and MEMBERS_ONLY not in last
    assert "charge44" in last  # its tag, prefetched with the page
    assert len(Protocol.objects.visible_to(users["membre00@exemple.fr"])) > 40
    searched = client.get("/protocoles/", {"q": "charge4"}).content.decode()
    assert "Zz protocole de charge 40" in searched and "Zz protocole de charge 39" not in searched


def test_review_reminder(users):
    mail.outbox.clear()
    call_command("remind_protocol_reviews", stdout=open("/dev/null", "w"))  # noqa: SIM115
    fall = Protocol.objects.get(slug="conduite-a-tenir-devant-une-chute-a-domicile")
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == set(fall.commission.members.values_list("email", flat=True))
    assert all("À réviser" in m.subject and "Conduite à tenir" in m.subject for m in mail.outbox)
    assert "/protocoles/conduite-a-tenir-devant-une-chute-a-domicile/" in mail.outbox[0].body
    mail.outbox.clear()
    call_command("remind_protocol_reviews", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []  # not every day: at most every 30 days
    assert services.remind_reviews(today=datetime.date.today() + datetime.timedelta(days=31)) == 1


def test_publication_notifies_target_professions_except_opt_outs(
    users, client_for, django_capture_on_commit_callbacks
):
    nurses = Profession.objects.get(slug="infirmiers")
    protocol = Protocol.objects.get(slug="constantes-et-seuils-dalerte")
    opted_out = (
        nurses.memberships.filter(status="approved")
        .exclude(user__email="infirmiere@exemple.fr")
        .first()
        .user
    )
    client = client_for(opted_out)
    client.post("/protocoles/notifications/", {"enabled": "0"})
    assert not notification_preferences(opted_out).wants("protocols")
    assert "Recevoir à nouveau ces e-mails" in client.get("/protocoles/").content.decode()

    mail.outbox.clear()
    version = ProtocolVersion.objects.get(protocol=protocol, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(version, by=users["commission@exemple.fr"])
    recipients = {m.to[0] for m in mail.outbox if "Nouvelle version validée" in m.subject}
    expected = set(
        protocol.target_professions.filter(memberships__status="approved").values_list(
            "memberships__user__email", flat=True
        )
    ) - {opted_out.email}
    assert recipients == expected and opted_out.email not in recipients
    assert all(len(m.to) == 1 for m in mail.outbox)

    client.post("/protocoles/notifications/", {"enabled": "1"})
    assert notification_preferences(opted_out).wants("protocols")


def test_submission_tells_the_validators(users, django_capture_on_commit_callbacks):
    author = users["infirmiere@exemple.fr"]
    protocol = Protocol.objects.get(slug="fiche-de-surveillance-inr-avk")
    version = services.add_version(protocol, number="2.0", file=pdf_upload(), by=author)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(version, by=author)
    assert {m.to[0] for m in mail.outbox} == {"commission@exemple.fr", "bureau@exemple.fr"}


@pytest.mark.parametrize(
    "email", ["commission@exemple.fr", "infirmiere@exemple.fr", "bureau@exemple.fr"]
)
def test_wagtail_dashboard_still_renders_with_versions_in_workflow(users, client_for, email):
    assert client_for(users[email]).get("/admin/").status_code == 200


def test_demo_is_idempotent(users):
    from demo import documents as demo

    before = (Protocol.objects.count(), ProtocolVersion.objects.count())
    demo.load()
    assert (Protocol.objects.count(), ProtocolVersion.objects.count()) == before == (4, 5)


def test_results_are_cached_and_renewed_by_any_protocol_write(
    users, client_for, django_assert_max_num_queries
):
    from django.test import Client

    """The rendered list is kept per visibility level and renewed when what it shows changes."""
    member = client_for(users["membre00@exemple.fr"])
    member.get("/protocoles/")
    with django_assert_max_num_queries(10) as cached:
        page = member.get("/protocoles/").content.decode()
    assert MEMBERS_ONLY in page
    sql = " ".join(q["sql"] for q in cached.captured_queries)
    assert "taggit_tag" not in sql, "the cached list must not fetch and prefetch again"

    # Members and visitors never share a list.
    visitor = Client().get("/protocoles/").content.decode()
    assert PUBLIC in visitor and MEMBERS_ONLY not in visitor

    # A write on a protocol, its versions or its tags shows at once.
    protocol = Protocol.objects.get(title=MEMBERS_ONLY)
    protocol.title = "Fiche de surveillance INR, nouvelle présentation"
    protocol.save(update_fields=["title"])
    assert "nouvelle présentation" in member.get("/protocoles/").content.decode()
    protocol.tags.add("anticoagulants-oraux")
    page = member.get("/protocoles/").content.decode()
    assert "anticoagulants-oraux" in page
    # Another page of results, or other filters, is another entry.
    page = member.get("/protocoles/", {"category": "surveillance-inr"}).content.decode()
    assert "nouvelle présentation" in page and PUBLIC not in page
