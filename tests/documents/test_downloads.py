"""Nobody fetches a file that is not validated and in force, whatever URL they guess."""

import pytest
from django.contrib.auth.models import AnonymousUser

from documents.factories import ProtocolFactory, ProtocolVersionFactory
from documents.models import DownloadStat, Protocol, ProtocolVersion

pytestmark = pytest.mark.django_db
S = ProtocolVersion.Status


@pytest.fixture
def every_status(cast):
    """One version in each status: a members-only protocol in force with versions in every
    other state, another waiting for validation, and the only public protocol (1.1 in force,
    1.0 superseded)."""
    members_only = ProtocolFactory(commission=cast.commission, created_by=cast.author)

    def version(status, number, protocol=members_only):
        return ProtocolVersionFactory(
            protocol=protocol, number=number, status=status, validated_by=cast.validator
        )

    version(S.PUBLISHED, "1.0")  # in force

    public = ProtocolFactory(
        title="Fiche de suivi du patient à domicile",
        commission=cast.commission,
        created_by=cast.author,
        is_public=True,
    )
    superseded = version(S.PUBLISHED, "1.0", public)
    return {
        S.DRAFT: version(S.DRAFT, "2.0-brouillon"),
        S.CHANGES_REQUESTED: version(S.CHANGES_REQUESTED, "2.0-corrections"),
        S.REJECTED: version(S.REJECTED, "2.0-refusee"),
        S.SUBMITTED: version(
            S.SUBMITTED,
            "1.0",
            ProtocolFactory(commission=cast.commission, created_by=cast.author),
        ),
        S.SUPERSEDED: superseded,
        S.PUBLISHED: version(S.PUBLISHED, "1.1", public),
    }


def test_each_state_is_there(every_status):
    for status, version in every_status.items():
        version.refresh_from_db()
        assert version.status == status


def test_member_gets_only_the_published_version(cast, every_status, client_for):
    client = client_for(cast.member)
    for status, version in every_status.items():
        response = client.get(f"/protocoles/{version.protocol.slug}/telecharger/{version.pk}/")
        expected = 200 if status == S.PUBLISHED else 404
        assert response.status_code == expected, status
        # The review URL is closed to ordinary members, whatever the status.
        response = client.get(f"/protocoles/{version.protocol.slug}/relire/{version.pk}/")
        assert response.status_code == 404, status


def test_published_download_is_an_attachment_and_is_counted(cast, every_status, client_for):
    member = cast.member
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


def test_guessed_urls_never_reach_another_file(cast, every_status, client_for):
    client = client_for(cast.member)
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


def test_queryset_rule(cast, every_status):
    member = cast.member
    allowed = set(ProtocolVersion.objects.downloadable_by(member))
    assert every_status[S.PUBLISHED] in allowed
    assert all(v.status == S.PUBLISHED for v in allowed)
    public = set(ProtocolVersion.objects.downloadable_by(AnonymousUser()))
    assert public == {every_status[S.PUBLISHED]}  # the only public protocol
    # A pending applicant is not a member yet: public protocols only.
    assert set(ProtocolVersion.objects.downloadable_by(cast.candidate)) == public


def test_anonymous_access(cast, every_status, client):
    public = every_status[S.PUBLISHED]
    assert client.get(public.get_download_url()).status_code == 200
    members_only = Protocol.objects.get(pk=every_status[S.DRAFT].protocol_id).current_version
    response = client.get(members_only.get_download_url())
    assert response.status_code == 302 and "/compte/login/" in response["Location"]
    draft = every_status[S.DRAFT]
    assert (
        client.get(f"/protocoles/{draft.protocol.slug}/telecharger/{draft.pk}/").status_code == 404
    )
    response = client.get(f"/protocoles/{draft.protocol.slug}/relire/{draft.pk}/")
    assert response.status_code == 302


def test_commission_and_bureau_review_drafts(cast, every_status, client_for):
    for role in ("author", "validator", "bureau"):
        client = client_for(getattr(cast, role))
        for status, version in every_status.items():
            response = client.get(f"/protocoles/{version.protocol.slug}/relire/{version.pk}/")
            assert response.status_code == 200, (role, status)
            # ...but the ordinary download URL still serves only the published version.
            response = client.get(f"/protocoles/{version.protocol.slug}/telecharger/{version.pk}/")
            assert response.status_code == (200 if status == S.PUBLISHED else 404)
    # A validator of another commission is not a reviewer of this one.
    client = client_for(cast.other_validator)
    draft = every_status[S.DRAFT]
    assert client.get(f"/protocoles/{draft.protocol.slug}/relire/{draft.pk}/").status_code == 404


def test_superseded_history_only_for_commission_and_bureau(cast, every_status, client_for):
    superseded = every_status[S.SUPERSEDED]
    url = superseded.protocol.get_absolute_url()
    client = client_for(cast.member)
    page = client.get(url).content.decode()
    assert superseded.get_review_url() not in page
    assert "Toutes les versions" not in page
    for reviewer in (cast.bureau, cast.validator):
        page = client_for(reviewer).get(url).content.decode()
        assert superseded.get_review_url() in page
        assert "Remplacée" in page
