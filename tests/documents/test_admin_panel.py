"""The admin home tells a validator how many submitted protocol versions wait for them."""

import pytest

from documents.factories import ProtocolFactory, ProtocolVersionFactory
from documents.models import ProtocolVersion

pytestmark = pytest.mark.django_db

TITLE = "Protocoles à valider"


@pytest.fixture
def submitted(cast):
    protocol = ProtocolFactory(commission=cast.commission, created_by=cast.author)
    return ProtocolVersionFactory(protocol=protocol, status=ProtocolVersion.Status.SUBMITTED)


def test_anonymous_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def _waiting(validator):
    return ProtocolVersion.objects.awaiting_validation_by(validator).count()


def test_validator_sees_versions_waiting(cast, client_for, submitted):
    validator = cast.validator
    validator.is_demo_account = True
    validator.save(update_fields=["is_demo_account"])
    count = _waiting(validator)
    assert submitted in ProtocolVersion.objects.awaiting_validation_by(validator)
    body = client_for(validator).get("/admin/").content.decode()
    assert TITLE in body
    assert f"{count} version" in body and "attend" in body
    assert 'href="/protocoles/validation/"' in body


def test_author_is_not_asked_to_validate_own_version(cast, client_for, submitted):
    author = cast.author
    response = client_for(author).get("/admin/")
    assert TITLE not in response.content.decode()


def test_no_panel_when_nothing_waits(cast, client_for):
    validator = cast.validator
    validator.is_demo_account = True
    validator.save(update_fields=["is_demo_account"])
    assert _waiting(validator) == 0
    response = client_for(validator).get("/admin/")
    assert response.status_code == 200
    assert TITLE not in response.content.decode()
