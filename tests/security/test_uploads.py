"""Uploads through the real views: refused by content with the reason, nothing stored.

Covers the protocol versions (documents) and the forum attachments (forum).
"""

import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.pdf import build_pdf

# A real PDF: its text is read (and checked for patient data) before it is stored.
PDF = build_pdf("Fiche de liaison", "1.0", [("Section", ["Ligne de test."])])
BAD_FILES = {
    "html behind .pdf": ("protocole.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
    "exe behind .pdf": ("protocole.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    "svg with script behind .png": (
        "schema.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "html/pdf polyglot (HTML first)": (
        "fiche.pdf",
        b"<html><body><script>alert(1)</script>\n%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF</body></html>",
    ),
    "zip that is no office file, named .docx": (
        "fiche.docx",
        b"PK\x03\x04" + b"\x00" * 120,
    ),
    "empty": ("vide.pdf", b""),
}


def stored_files():
    root = storages["private"].location
    found = set()
    for folder, _dirs, files in os.walk(root):
        found.update(os.path.join(folder, f) for f in files)
    return found


@pytest.fixture
def protocol_upload(people, login):
    from documents.factories import ProtocolFactory, ProtocolVersionFactory

    # A protocol of the Coordination commission with a validated version; the nurse, a
    # member of the commission, uploads its next version.
    protocol = ProtocolFactory(commission=people.commission, created_by=people.infirmiere)
    ProtocolVersionFactory(protocol=protocol, number="1.0", validated_by=people.commission_member)
    client = login(people.infirmiere)
    url = f"/protocoles/{protocol.slug}/versions/nouvelle/"

    def post(name, content):
        upload = SimpleUploadedFile(name, content, content_type="application/pdf")
        return client.post(url, {"number": "9.9", "changes": "Essai", "file": upload})

    return post, protocol


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_protocol_upload_refused(protocol_upload, case):
    post, protocol = protocol_upload
    before_files, before_versions = stored_files(), protocol.versions.count()
    response = post(*BAD_FILES[case])
    assert response.status_code == 200, f"{case}: {response.status_code}"
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and ("vide" in html or "contenu" in html), case
    assert protocol.versions.count() == before_versions
    assert stored_files() == before_files


def test_protocol_oversized_refused(protocol_upload):
    post, protocol = protocol_upload
    before_files, before_versions = stored_files(), protocol.versions.count()
    response = post("gros.pdf", PDF + b"0" * (20 * 1024 * 1024))
    assert response.status_code == 200
    assert "20 Mo" in response.content.decode()
    assert protocol.versions.count() == before_versions
    assert stored_files() == before_files


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf", "a\x00b.pdf"],
)
def test_path_tricks_are_neutralised(protocol_upload, name):
    post, protocol = protocol_upload
    before = stored_files()
    response = post(name, PDF)
    # Accepted (redirect to the protocol) under a safe name, whatever the name given.
    assert response.status_code == 302
    root = os.path.realpath(storages["private"].location)
    for path in stored_files() - before:
        real = os.path.realpath(path)
        assert real.startswith(root + os.sep), f"{name!r} stored outside: {real}"
        assert ".." not in os.path.relpath(real, root)


def test_pdf_first_polyglot_is_only_ever_served_as_a_download(protocol_upload, people, login):
    """A PDF that also carries HTML passes the type check; it must never render as a page."""
    post, protocol = protocol_upload
    polyglot = PDF + b"<html><script>alert(1)</script></html>"
    response = post("fiche.pdf", polyglot)
    assert response.status_code == 302
    version = protocol.versions.order_by("-pk").first()
    client = login(people.infirmiere)
    download = client.get(f"/protocoles/{protocol.slug}/relire/{version.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_forum_attachment_refused(people, login, case):
    from machina.apps.forum_conversation.models import Topic

    tree = pytest.importorskip("forum.tree")
    forum = tree.forum_for("entraide")
    client = login(people.infirmiere)
    name, content = BAD_FILES[case]
    before = stored_files()
    response = client.post(
        f"/forum/forum/{forum.slug}-{forum.pk}/topic/create/",
        {
            "subject": f"Pièce jointe {case}",
            "content": "Voir le document.",
            "topic_type": 0,
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "0",
            "attachment-0-comment": "",
            "attachment-0-file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200, case
    assert not Topic.objects.filter(subject=f"Pièce jointe {case}").exists()
    assert stored_files() == before
