"""Space documents: uploaded by a space editor, downloadable only by that profession and the bureau."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.views.static import serve as static_serve
from wagtail.documents import get_document_model

from portal.members.factories import MembershipFactory, bureau_member
from portal.members.models import Profession
from portal.pages import services
from portal.pages.models import ProfessionSpacePage
from tests.refusals import assert_sent_to_admin_home, assert_sent_to_admin_login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def member(slug, **user):
    """An approved member of the profession ``slug`` (a space ``setup_portal`` made)."""
    profession = Profession.objects.get(slug=slug)
    return MembershipFactory(approved=True, profession=profession, **user).user


@pytest.fixture
def nurses_space(db):
    return ProfessionSpacePage.objects.get(profession__slug="infirmiers")


@pytest.fixture
def nurse_editor(nurses_space):
    """A nurse who edits her profession's space (marked as a demo account: the admin then
    asks her no TOTP, as for the demo's)."""
    editor = member("infirmiers", user__is_demo_account=True)
    services.add_space_editor(nurses_space, editor)
    return editor


@pytest.fixture
def other_nurse(db):
    return member("infirmiers")


@pytest.fixture
def doctor(db):
    return member("medecins")


@pytest.fixture
def bureau_user(db):
    return bureau_member(user__is_demo_account=True)  # staff: no TOTP asked, as in the demo


def _upload(client, collection, title="Fiche plaies 2027"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "collection": collection.pk,
            "file": SimpleUploadedFile("fiche-plaies.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_space_is_set_up(nurses_space):
    restriction = nurses_space.documents_collection.get_view_restrictions().get()
    assert {g.name for g in restriction.groups.all()} == {"Profession : Infirmier", "Bureau"}
    assert nurses_space.editors_group.name == "Éditeurs : Infirmier"


def test_editor_publishes_a_document_only_the_profession_downloads(
    client, login, nurses_space, other_nurse, nurse_editor, doctor, bureau_user
):
    editor = login(nurse_editor)
    assert editor.get(reverse("wagtaildocs:add")).status_code == 200
    response = _upload(editor, nurses_space.documents_collection)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = get_document_model().objects.get(title="Fiche plaies 2027")
    assert document.collection_id == nurses_space.documents_collection_id

    # Stored in the private storage, outside MEDIA_ROOT: even the DEBUG media route
    # (django.views.static.serve on MEDIA_ROOT) cannot reach it.
    assert document.file.storage is storages["private"]
    path = Path(document.file.path).resolve()
    assert path.is_file()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(Http404):
        static_serve(
            RequestFactory().get("/"), document.file.name, document_root=settings.MEDIA_ROOT
        )
    assert document.url == f"/documents/{document.pk}/{document.filename}"

    # The space lists it.
    assert "Fiche plaies 2027" in editor.get(nurses_space.url).content.decode()

    # Another nurse downloads it.
    client.logout()
    response = login(other_nurse).get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF

    # The bureau too.
    client.logout()
    assert login(bureau_user).get(document.url).status_code == 200

    # A doctor is refused with the reason.
    client.logout()
    response = login(doctor).get(document.url)
    assert response.status_code == 403
    assert "Cet espace est réservé aux infirmiers." in response.content.decode()

    # A visitor is sent to login.
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")

    # And nothing under /media/ serves it.
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_editor_cannot_upload_into_another_space(login, nurse_editor):
    doctors_space = ProfessionSpacePage.objects.get(profession__slug="medecins")
    _upload(login(nurse_editor), doctors_space.documents_collection, title="Intrus")
    # Wagtail offers an editor only the collections they may add to: with a single one the
    # choice is dropped and the upload lands in the editor's own space, never the doctors'.
    assert (
        not get_document_model()
        .objects.filter(collection=doctors_space.documents_collection, title="Intrus")
        .exists()
    )
    assert set(
        get_document_model().objects.filter(title="Intrus").values_list("collection", flat=True)
    ) <= {ProfessionSpacePage.objects.get(profession__slug="infirmiers").documents_collection_id}


def test_editor_edits_only_their_space(login, nurse_editor, nurses_space):
    doctors_space = ProfessionSpacePage.objects.get(profession__slug="medecins")
    editor = login(nurse_editor)
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[nurses_space.pk])).status_code == 200
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[doctors_space.pk]))
    assert_sent_to_admin_home(response)


def test_removed_editor_loses_the_admin(login, client, nurse_editor, nurses_space):
    services.remove_space_editor(nurses_space, nurse_editor)
    url = reverse("wagtailadmin_pages:edit", args=[nurses_space.pk])
    # No admin access left: back to the admin login, told why.
    assert_sent_to_admin_login(login(nurse_editor).get(url), url)
