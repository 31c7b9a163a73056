"""Nobody fetches a file that is not validated and in force, whatever URL they guess."""

import pytest
from django.contrib.auth.models import AnonymousUser

from documents import services
from documents.models import DownloadStat, Protocol, ProtocolVersion

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db
S = ProtocolVersion.Status


@pytest.fixture
def every_status(users):
    """One version in each status, on the demo's Coordination protocols."""
    author, validator = users["infirmiere@exemple.fr"], users["commission@exemple.fr"]
    inr = Protocol.objects.get(slug="fiche-de-surveillance-inr-avk")
    draft = services.add_version(inr, number="2.0-brouillon", file=pdf_upload(), by=author)
    changes = services.add_version(inr, number="2.0-corrections", file=pdf_upload(), by=author)
    services.submit(changes, by=author)
    services.request_changes(changes, by=validator, comment="À reprendre")
    rejected = services.add_version(inr, number="2.0-refusee", file=pdf_upload(), by=author)
    services.submit(rejected, by=author)
    services.reject(rejected, by=validator, comment="Non")
    follow_up = Protocol.objects.get(slug="fiche-de-suivi-du-patient-a-domicile")
    return {
        S.DRAFT: draft,
        S.CHANGES_REQUESTED: changes,
        S.REJECTED: rejected,
        S.SUBMITTED: ProtocolVersion.objects.get(status=S.SUBMITTED),
        S.SUPERSEDED: follow_up.versions.get(number="1.0"),
        S.PUBLISHED: follow_up.versions.get(number="1.1"),
    }


def test_demo_has_each_state(every_status):
    for status, version in every_status.items():
        version.refresh_from_db()
        assert version.status == status


def test_member_gets_only_the_published_version(users, every_status, client_for):
    client = client_for(users["membre00@exemple.fr"])
    for status, version in every_status.items():
        response = client.get(f"/protocoles/{version.protocol.slug}/telecharger/{version.pk}/")
        expected = 200 if status == S.PUBLISHED else 404
        assert response.status_code == expected, status
        # The review URL is closed to ordinary members, whatever the status.
        response = client.get(f"/protocoles/{version.protocol.slug}/relire/{version.pk}/")
        assert response.status_code == 404, status


def test_published_download_is_an_attachment_and_is_counted(users, every_status, client_for):
    member = users["membre00@exemple.fr"]
    version = every_status[S.PUBLISHED]
    client = client_for(member)
    response = client.get(version.get_download_url())
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    assert "fiche-de-suivi-du-patient-a-domicile-v1.1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    client.get(version.get_download_url())
    version.refresh_from_db()
    assert version.download_count == 2
    stat = DownloadStat.objects.get(version=version)
    assert (stat.profession, stat.count) == (member.membership.profession, 2)


def test_guessed_urls_never_reach_another_file(users, every_status, client_for):
    client = client_for(users["membre00@exemple.fr"])
    slugs = list(Protocol.objects.values_list("slug", flat=True))
    all_pks = list(ProtocolVersion.objects.values_list("pk", flat=True))
    for pk in [*all_pks, max(all_pks) + 1, 0]:
        for slug in slugs:
            response = client.get(f"/protocoles/{slug}/telecharger/{pk}/")
            version = ProtocolVersion.objects.filter(pk=pk).first()
            ok = (
                version is not None
                and version.status == S.PUBLISHED
                and version.protocol.slug == slug
            )
            assert response.status_code == (200 if ok else 404), (slug, pk)


def test_queryset_rule(users, every_status):
    member = users["membre00@exemple.fr"]
    allowed = set(ProtocolVersion.objects.downloadable_by(member))
    assert every_status[S.PUBLISHED] in allowed
    assert all(v.status == S.PUBLISHED for v in allowed)
    public = set(ProtocolVersion.objects.downloadable_by(AnonymousUser()))
    assert public == {every_status[S.PUBLISHED]}  # the only public protocol
    # A pending applicant is not a member yet: public protocols only.
    assert set(ProtocolVersion.objects.downloadable_by(users["candidat@exemple.fr"])) == public


def test_anonymous_access(users, every_status, client):
    public = every_status[S.PUBLISHED]
    assert client.get(public.get_download_url()).status_code == 200
    members_only = Protocol.objects.get(slug="fiche-de-surveillance-inr-avk").current_version
    response = client.get(members_only.get_download_url())
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    draft = every_status[S.DRAFT]
    assert (
        client.get(f"/protocoles/{draft.protocol.slug}/telecharger/{draft.pk}/").status_code == 404
    )
    response = client.get(f"/protocoles/{draft.protocol.slug}/relire/{draft.pk}/")
    assert response.status_code == 302


def test_commission_and_bureau_review_drafts(users, every_status, client_for):
    for email in ("infirmiere@exemple.fr", "commission@exemple.fr", "bureau@exemple.fr"):
        client = client_for(users[email])
        for status, version in every_status.items():
            response = client.get(f"/protocoles/{version.protocol.slug}/relire/{version.pk}/")
            assert response.status_code == 200, (email, status)
            # ...but the ordinary download URL still serves only the published version.
            response = client.get(f"/protocoles/{version.protocol.slug}/telecharger/{version.pk}/")
            assert response.status_code == (200 if status == S.PUBLISHED else 404)
    # A validator of another commission is not a reviewer of this one.
    client = client_for(users["medecin@exemple.fr"])
    draft = every_status[S.DRAFT]
    assert client.get(f"/protocoles/{draft.protocol.slug}/relire/{draft.pk}/").status_code == 404


def test_superseded_history_only_for_commission_and_bureau(users, every_status, client_for):
    superseded = every_status[S.SUPERSEDED]
    url = superseded.protocol.get_absolute_url()
    client = client_for(users["membre00@exemple.fr"])
    page = client.get(url).content.decode()
    assert superseded.get_review_url() not in page
    assert "Toutes les versions" not in page
    for email in ("bureau@exemple.fr", "commission@exemple.fr"):
        page = client_for(users[email]).get(url).content.decode()
        assert superseded.get_review_url() in page
        assert "Remplacée" in page
