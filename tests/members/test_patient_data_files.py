"""Uploaded files: their text is read and checked for anything shaped like a NIR before storing.

Every format the portal accepts, on every upload path (protocol versions, forum attachments):
refused with a French message and nothing stored; clean files accepted; a file whose text
cannot be read is refused unless its type carries no text (images).
"""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_conversation.models import Topic

from documents import services as documents_services
from documents.models import Protocol
from documents.validators import check_protocol_file
from forum.forms import validate_attachment
from forum.tree import ensure_forum_tree, forum_for
from portal.members.factories import MembershipFactory
from portal.members.filetext import file_text
from portal.members.validators import check_upload_text

NIRS = ["1 85 05 78 006 084 36", "2850578006084", "1.69.12.2B.033.120", "2 90 01 971 23 456 78"]
CLEAN = "INR cible entre 2 et 3. RPPS 10101010101. Tél. 04 67 96 00 00."


def pdf_bytes(*lines, title="Protocole"):
    pdf = FPDF()
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_bytes(text, part="word/document.xml"):
    # Word splits text into runs: the number is cut in two, as Word does when typing.
    half = len(text) // 2
    body = (
        '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Consigne</w:t></w:r></w:p>'
        f"<w:p><w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:t>{text[half:]}</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    entries = {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": "<w:document/>"}
    entries[part] = body
    return _zip(entries)


def xlsx_bytes(text):
    types = DOCX_TYPES.replace("wordprocessingml.document.main", "spreadsheetml.sheet.main")
    return _zip(
        {
            "[Content_Types].xml": types,
            "xl/workbook.xml": "<workbook/>",
            "xl/sharedStrings.xml": f"<sst><si><t>Patient</t></si><si><t>{text}</t></si></sst>",
        }
    )


def odf_bytes(text, mimetype="application/vnd.oasis.opendocument.text"):
    content = (
        "<office:document-content><office:body><office:text><text:p>Relais</text:p>"
        f"<text:p>{text.replace(' ', '<text:s/>')}</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    return _zip({"mimetype": mimetype, "content.xml": content})


FORMATS = {
    "pdf": (lambda t: pdf_bytes("Relais de soins", t), "fiche.pdf"),
    "pdf-title": (lambda t: pdf_bytes("Relais", title=t), "fiche.pdf"),
    "docx": (docx_bytes, "fiche.docx"),
    "docx-footnote": (lambda t: docx_bytes(t, part="word/footnotes.xml"), "fiche.docx"),
    "xlsx": (xlsx_bytes, "tableau.xlsx"),
    "odt": (odf_bytes, "fiche.odt"),
    "ods": (
        lambda t: odf_bytes(t, "application/vnd.oasis.opendocument.spreadsheet"),
        "tableau.ods",
    ),
}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("nir", NIRS)
def test_a_nir_in_any_accepted_format_is_refused(fmt, nir):
    make, name = FORMATS[fmt]
    with pytest.raises(ValidationError) as exc:
        check_protocol_file(SimpleUploadedFile(name, make(f"Patient {nir} a voir")))
    assert exc.value.code == "nir_in_file"
    assert "sécurité sociale" in exc.value.messages[0]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_clean_files_are_accepted_and_their_text_read(fmt):
    make, name = FORMATS[fmt]
    upload = SimpleUploadedFile(name, make(CLEAN))
    checked = check_protocol_file(upload)
    assert "RPPS 10101010101" in file_text(make(CLEAN), checked.content_type).replace("\n", " ")


def test_a_pdf_that_cannot_be_read_is_refused():
    damaged = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        check_protocol_file(SimpleUploadedFile("fiche.pdf", damaged))
    assert exc.value.code == "unreadable"
    assert "ne peut pas être lu" in exc.value.messages[0]


def test_an_encrypted_pdf_is_refused():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Consigne"))))
    writer.encrypt(user_password="secret", owner_password="secret")  # noqa: S106
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as exc:
        check_upload_text(SimpleUploadedFile("f.pdf", buffer.getvalue()), "application/pdf")
    assert exc.value.code == "unreadable"


def test_images_carry_no_text_and_are_accepted_unread():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # not even a whole image
    check_upload_text(SimpleUploadedFile("photo.png", png), "image/png")
    validate_attachment(SimpleUploadedFile("photo.png", png))


def test_forum_attachment_pdf_with_a_nir_is_refused():
    upload = SimpleUploadedFile("fiche.pdf", pdf_bytes("NIR 1 85 05 78 006 084 36"))
    with pytest.raises(ValidationError) as exc:
        validate_attachment(upload)
    assert exc.value.code == "nir_in_file"


# --- upload paths, end to end: nothing stored ---------------------------------------------


def _stored(storage_name):
    storage = storages[storage_name]
    found = []

    def walk(path):
        try:
            dirs, files = storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    walk("")
    return sorted(found)


@pytest.mark.django_db
def test_protocol_version_with_a_nir_stores_nothing():
    from portal.members.factories import CommissionFactory
    from portal.members.services import add_commission_member

    author = MembershipFactory(approved=True).user
    commission = CommissionFactory()
    add_commission_member(commission, author)
    protocol = documents_services.create_protocol(
        title="Relais insuline",
        summary="Qui prévenir.",
        category=Protocol.Category.OTHER,
        commission=commission,
        review_date=date(2030, 1, 1),
        by=author,
    )
    before, versions = _stored("private"), protocol.versions.count()
    for make, name in FORMATS.values():
        with pytest.raises(ValidationError):
            documents_services.add_version(
                protocol,
                number="9.9",
                file=SimpleUploadedFile(name, make("Patient 1 85 05 78 006 084 36")),
                by=author,
            )
    assert _stored("private") == before
    assert protocol.versions.count() == versions


@pytest.mark.django_db
def test_forum_attachment_with_a_nir_stores_nothing_and_keeps_the_message(client):
    ensure_forum_tree()
    forum = forum_for("association")
    member = MembershipFactory(approved=True).user
    client.force_login(member)
    before = _stored("default")
    response = client.post(
        reverse(
            "forum_conversation:topic_create",
            kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
        ),
        {
            "subject": "Fiche de liaison type",
            "content": "Le modèle vierge que nous utilisons.",
            "topic_type": 0,
            "attachment-TOTAL_FORMS": "1",
            "attachment-INITIAL_FORMS": "0",
            "attachment-0-comment": "modèle",
            "attachment-0-file": SimpleUploadedFile(
                "fiche.pdf", pdf_bytes("Mme X", "1 85 05 78 006 084 36")
            ),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "sécurité sociale" in page
    assert "Le modèle vierge que nous utilisons." in page  # nothing typed is lost
    assert not Topic.objects.filter(subject="Fiche de liaison type").exists()
    assert not Attachment.objects.filter(comment="modèle").exists()
    assert _stored("default") == before
