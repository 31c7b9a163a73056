"""The protocol factories reach each validation state through the real workflow."""

import pytest
from wagtail.models import WorkflowState

from documents import services
from documents.factories import ProtocolFactory, ProtocolVersionFactory, commission_member
from documents.models import ProtocolVersion

pytestmark = pytest.mark.django_db

S = ProtocolVersion.Status


def test_protocol_is_drafted_by_a_member_of_its_commission():
    protocol = ProtocolFactory()
    assert services.can_draft(protocol.created_by, protocol.commission)
    assert protocol.versions.count() == 0


@pytest.mark.parametrize(
    ("status", "workflow"),
    [
        (S.DRAFT, None),
        (S.SUBMITTED, WorkflowState.STATUS_IN_PROGRESS),
        (S.CHANGES_REQUESTED, WorkflowState.STATUS_NEEDS_CHANGES),
        (S.REJECTED, WorkflowState.STATUS_CANCELLED),
        (S.PUBLISHED, WorkflowState.STATUS_APPROVED),
    ],
)
def test_version_reaches_the_state_asked_for(status, workflow):
    version = ProtocolVersionFactory(status=status)
    version.refresh_from_db()
    assert version.status == status
    state = WorkflowState.objects.for_instance(version).order_by("-pk").first()
    assert (state.status if state else None) == workflow
    assert version.live == (status == S.PUBLISHED)
    assert version.file.name.endswith(".pdf")


def test_published_version_is_the_protocols_current_one_and_supersedes_the_previous():
    first = ProtocolVersionFactory(number="1.0")
    validator = commission_member(first.protocol.commission, validator=True)
    second = ProtocolVersionFactory(protocol=first.protocol, number="2.0", validated_by=validator)
    first.refresh_from_db()
    first.protocol.refresh_from_db()
    assert first.status == S.SUPERSEDED
    assert first.protocol.current_version == second
    assert second.validated_by == validator


def test_superseded_is_reached_by_publishing_a_newer_version():
    with pytest.raises(ValueError, match="newer version"):
        ProtocolVersionFactory(status=S.SUPERSEDED)
