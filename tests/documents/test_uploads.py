"""Uploads are checked by content and size; refused files leave nothing behind."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from documents import services
from documents.factories import ProtocolFactory
from documents.models import ProtocolVersion
from documents.validators import (
    MAX_UPLOAD_SIZE,
    check_protocol_file,
    display_name,
    sanitise_name,
)

from .conftest import docx_upload, odt_upload, pdf_upload, stored_files, xlsx_upload, zip_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(cast):
    return ProtocolFactory(commission=cast.commission, created_by=cast.author)


BAD_FILES = {
    "html renamed pdf": lambda: SimpleUploadedFile(
        "fiche.pdf", b"<html><script>alert(1)</script></html>"
    ),
    "png renamed pdf": lambda: SimpleUploadedFile("fiche.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "plain zip renamed docx": lambda: SimpleUploadedFile(
        "fiche.docx", zip_bytes({"a.txt": "bonjour"})
    ),
    "odt with another mimetype": lambda: odt_upload(
        mimetype="application/vnd.oasis.opendocument.presentation"
    ),
    "exe renamed xlsx": lambda: SimpleUploadedFile("tableau.xlsx", b"MZ\x90\x00" + b"\x00" * 64),
    "empty pdf": lambda: SimpleUploadedFile("vide.pdf", b""),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_wrong_content_is_refused_and_nothing_stored(cast, protocol, kind):
    before = stored_files()
    with pytest.raises(ValidationError) as info:
        services.add_version(protocol, number="9.9", file=BAD_FILES[kind](), by=cast.author)
    assert "fichier" in " ".join(info.value.messages).lower()
    assert stored_files() == before
    assert not protocol.versions.filter(number="9.9").exists()


def test_oversized_file_is_refused(cast, protocol):
    data = b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_SIZE
    before = stored_files()
    with pytest.raises(ValidationError) as info:
        services.add_version(
            protocol,
            number="9.9",
            file=SimpleUploadedFile("gros.pdf", data),
            by=cast.author,
        )
    assert "20 Mo" in info.value.messages[0]
    assert stored_files() == before


@pytest.mark.parametrize(
    ("make", "extension", "content_type"),
    [
        (pdf_upload, "pdf", "application/pdf"),
        (
            docx_upload,
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (xlsx_upload, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (odt_upload, "odt", "application/vnd.oasis.opendocument.text"),
        (
            lambda: odt_upload("t.ods", mimetype="application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
    ],
)
def test_allowed_types(make, extension, content_type):
    checked = check_protocol_file(make())
    assert (checked.extension, checked.content_type) == (extension, content_type)


def test_extension_comes_from_content_not_name():
    checked = check_protocol_file(pdf_upload("fiche.docx"))
    assert checked.extension == "pdf" and checked.safe_name.endswith(".pdf")


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.pdf",
        "..\\..\\windows\\fiche.pdf",
        "/tmp/x.pdf",  # noqa: S108
        "fi\x00che .pdf",
        "...pdf",
    ],
)
def test_path_tricks_in_names_are_neutralised(cast, protocol, name):
    version = services.add_version(protocol, number="9.9", file=pdf_upload(name), by=cast.author)
    assert version.file.name.startswith(f"protocoles/{protocol.slug}/")
    stored = version.file.name.split("/")[-1]
    assert ".." not in version.file.name and "\\" not in stored and "\x00" not in stored
    assert stored.endswith(".pdf")
    assert "/" not in version.original_name and "\\" not in version.original_name
    assert "\x00" not in version.original_name and version.original_name.endswith(".pdf")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.sampled_from(["pdf", "odt", "docx", "ods", "xlsx"]))
def test_sanitised_names_are_always_safe(name, extension):
    safe = sanitise_name(name, extension)
    assert safe.endswith(f".{extension}")
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in safe)
    assert not safe.startswith(".") and ".." not in safe


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_displayed_names_carry_no_path_and_no_control_character(name):
    shown = display_name(name)
    assert 0 < len(shown) <= 255
    assert "/" not in shown and "\\" not in shown
    assert not any(unicodedata.category(c).startswith("C") for c in shown)


def test_upload_view_shows_the_reason_in_french(cast, protocol, client_for):
    client = client_for(cast.author)
    before = stored_files()
    response = client.post(
        f"/protocoles/{protocol.slug}/versions/nouvelle/",
        {"number": "2.0", "changes": "x", "file": BAD_FILES["html renamed pdf"]()},
    )
    assert response.status_code == 200
    assert "n&#x27;est pas un document PDF, ODT, DOCX, ODS ou XLSX" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert stored_files() == before
    assert not ProtocolVersion.objects.filter(protocol=protocol, number="2.0").exists()
