"""The admin home tells a validator how many submitted protocol versions wait for them."""

import datetime

import pytest

from documents import services
from documents.models import Protocol, ProtocolVersion
from portal.members.models import Commission

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

TITLE = "Protocoles à valider"


@pytest.fixture
def submitted(users):
    protocol = services.create_protocol(
        title="Prise en charge de la douleur",
        summary="Évaluation et réévaluation de la douleur à domicile.",
        category=Protocol.Category.COURSE_OF_ACTION,
        commission=Commission.objects.get(slug="coordination"),
        review_date=datetime.date(2030, 1, 1),
        by=users["infirmiere@exemple.fr"],
    )
    version = services.add_version(
        protocol,
        number="1.0",
        changes="Création.",
        file=pdf_upload(),
        by=users["infirmiere@exemple.fr"],
    )
    return services.submit(version, by=users["infirmiere@exemple.fr"])


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def _waiting(validator):
    return ProtocolVersion.objects.awaiting_validation_by(validator).count()


def test_validator_sees_versions_waiting(users, client_for, submitted):
    validator = users["commission@exemple.fr"]
    validator.is_demo_account = True
    validator.save(update_fields=["is_demo_account"])
    count = _waiting(validator)
    assert submitted in ProtocolVersion.objects.awaiting_validation_by(validator)
    body = client_for(validator).get("/admin/").content.decode()
    assert TITLE in body
    assert f"{count} version" in body and "attend" in body
    assert 'href="/protocoles/validation/"' in body


def test_author_is_not_asked_to_validate_own_version(users, client_for, submitted):
    author = users["infirmiere@exemple.fr"]
    response = client_for(author).get("/admin/")
    assert TITLE not in response.content.decode()


def test_no_panel_when_nothing_waits(users, client_for):
    validator = users["commission@exemple.fr"]
    validator.is_demo_account = True
    validator.save(update_fields=["is_demo_account"])
    ProtocolVersion.objects.filter(status=ProtocolVersion.Status.SUBMITTED).update(
        status=ProtocolVersion.Status.DRAFT
    )
    assert _waiting(validator) == 0
    response = client_for(validator).get("/admin/")
    assert response.status_code == 200
    assert TITLE not in response.content.decode()
