import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.factories import commission_member, pdf_file
from portal.members import services as members_services
from portal.members.factories import CommissionFactory, MembershipFactory, bureau_member


@pytest.fixture
def cast(db):
    """A commission and the people its validation workflow involves, from the factories:
    an author (member of the commission), a validator, a validator of another commission,
    a bureau member who also validates for the commission, a member outside it and a
    candidate not approved yet."""
    commission = CommissionFactory(name="Coordination", slug="coordination")
    bureau = bureau_member(user__is_demo_account=True)  # staff: no TOTP asked
    members_services.set_validator(commission, bureau)
    return SimpleNamespace(
        commission=commission,
        author=commission_member(commission),
        validator=commission_member(commission, validator=True),
        other_validator=commission_member(CommissionFactory(), validator=True),
        bureau=bureau,
        member=MembershipFactory(approved=True).user,
        candidate=MembershipFactory().user,
    )


@pytest.fixture
def docs_demo(db):
    """Members and protocols demo only (faster than the whole demo)."""
    from demo import documents as documents_demo
    from demo import members as members_demo
    from portal.members.models import User

    members_demo.load()
    documents_demo.load()
    return {u.email: u for u in User.objects.filter(email__endswith="@exemple.fr")}


@pytest.fixture
def users(docs_demo):
    return docs_demo


@pytest.fixture
def client_for(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


def pdf_upload(name="protocole.pdf", title="Protocole de test"):
    return pdf_file(name, title, "1.0", [("Section", ["Ligne de test."])])


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
XLSX_TYPES = DOCX_TYPES.replace("wordprocessingml.document.main", "spreadsheetml.sheet.main")


def docx_upload(name="fiche.docx"):
    data = zip_bytes({"[Content_Types].xml": DOCX_TYPES, "word/document.xml": "<w:document/>"})
    return SimpleUploadedFile(name, data)


def xlsx_upload(name="tableau.xlsx"):
    data = zip_bytes({"[Content_Types].xml": XLSX_TYPES, "xl/workbook.xml": "<workbook/>"})
    return SimpleUploadedFile(name, data)


def odt_upload(name="fiche.odt", mimetype="application/vnd.oasis.opendocument.text"):
    data = zip_bytes({"mimetype": mimetype, "content.xml": "<office:document-content/>"})
    return SimpleUploadedFile(name, data)


def stored_files():
    """Every file currently in the private storage."""
    from django.core.files.storage import storages

    storage = storages["private"]
    found = []

    def walk(path):
        try:
            dirs, files = storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{f}" if path else f for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    walk("")
    return sorted(found)
