"""The validation cycle: draft, submit, request changes, resubmit, validate, publish, supersede."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry, WorkflowState

from documents import services
from documents.factories import ProtocolFactory
from documents.models import Protocol, ProtocolVersion

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

S = ProtocolVersion.Status


@pytest.fixture
def protocol(cast):
    return ProtocolFactory(
        title="Prise en charge de la douleur",
        summary="Évaluation et réévaluation de la douleur à domicile.",
        category=Protocol.Category.COURSE_OF_ACTION,
        commission=cast.commission,
        review_date=datetime.date(2030, 1, 1),
        created_by=cast.author,
    )


def test_whole_cycle_is_recorded_step_by_step(cast, protocol):
    author = cast.author
    validator = cast.validator
    bureau = cast.bureau

    v1 = services.add_version(
        protocol, number="1.0", changes="Création.", file=pdf_upload(), by=author
    )
    assert v1.status == S.DRAFT and not v1.live
    v1 = services.submit(v1, by=author)
    assert v1.status == S.SUBMITTED
    assert v1.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert v1.current_workflow_state.workflow.name == "Protocoles — Coordination"

    v1 = services.request_changes(v1, by=validator, comment="Ajouter l'échelle EVA.")
    assert v1.status == S.CHANGES_REQUESTED
    assert v1.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    services.replace_file(v1, file=pdf_upload("corrige.pdf"), changes="Ajout de l'EVA.", by=author)
    v1 = services.submit(v1, by=author)
    assert v1.status == S.SUBMITTED

    v1 = services.approve(v1, by=validator, comment="Conforme.")
    v1.refresh_from_db()
    protocol.refresh_from_db()
    assert (v1.status, v1.live, v1.validated_by, protocol.current_version) == (
        S.PUBLISHED,
        True,
        validator,
        v1,
    )
    assert v1.changes == "Ajout de l'EVA."

    # A published version is never edited in place.
    with pytest.raises(ValidationError):
        services.replace_file(v1, file=pdf_upload(), changes="x", by=author)
    with pytest.raises(ValidationError):
        services.submit(v1, by=author)

    v2 = services.add_version(
        protocol, number="2.0", changes="Refonte.", file=pdf_upload(), by=author
    )
    services.submit(v2, by=author)
    services.approve(v2, by=bureau)
    v1.refresh_from_db()
    v2.refresh_from_db()
    protocol.refresh_from_db()
    assert (v1.status, v1.live) == (S.SUPERSEDED, False)
    assert (v2.status, v2.live) == (S.PUBLISHED, True)
    assert protocol.current_version == v2
    assert ProtocolVersion.objects.filter(protocol=protocol, status=S.PUBLISHED).count() == 1

    steps = list(
        ModelLogEntry.objects.filter(object_id=str(v1.pk), content_type__model="protocolversion")
        .order_by("timestamp", "pk")
        .values_list("action", "user__email", "data__comment")
    )
    assert steps == [
        ("wagtail.create", author.email, None),
        ("wagtail.workflow.start", author.email, None),
        ("wagtail.workflow.reject", validator.email, "Ajouter l'échelle EVA."),
        ("wagtail.edit", author.email, None),
        ("wagtail.workflow.resume", author.email, None),
        ("wagtail.workflow.approve", validator.email, "Conforme."),
        ("wagtail.publish", validator.email, None),
        ("documents.supersede", bureau.email, None),
    ]


def test_validator_of_another_commission_cannot_act(cast, protocol):
    author = cast.author
    other_validator = cast.other_validator
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=author)
    services.submit(version, by=author)
    for action in (services.approve, services.request_changes, services.reject):
        with pytest.raises(PermissionDenied):
            action(version, by=other_validator, comment="non")
    version.refresh_from_db()
    assert version.status == S.SUBMITTED


def test_validator_cannot_validate_own_version(cast, protocol):
    validator = cast.validator
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=validator)
    services.submit(version, by=validator)
    with pytest.raises(PermissionDenied):
        services.approve(version, by=validator)
    with pytest.raises(PermissionDenied):
        services.request_changes(version, by=validator, comment="Je me corrige")
    version.refresh_from_db()
    assert version.status == S.SUBMITTED
    task = version.current_workflow_state.current_task_state.task.specific
    assert task.get_actions(version, validator) == []
    assert task.get_actions(version, cast.bureau) != []
    services.approve(version, by=cast.bureau)
    version.refresh_from_db()
    assert version.status == S.PUBLISHED


def test_outsiders_cannot_draft_or_submit(cast, protocol):
    outsider = cast.member
    with pytest.raises(PermissionDenied):
        services.add_version(protocol, number="1.0", file=pdf_upload(), by=outsider)
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=cast.author)
    with pytest.raises(PermissionDenied):
        services.submit(version, by=outsider)


def test_request_changes_needs_a_comment_and_a_submitted_version(cast, protocol):
    author, validator = cast.author, cast.validator
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=author)
    with pytest.raises(ValidationError):
        services.approve(version, by=validator)  # still a draft
    services.submit(version, by=author)
    with pytest.raises(ValidationError):
        services.request_changes(version, by=validator, comment="  ")


def test_reject_is_final(cast, protocol):
    author, validator = cast.author, cast.validator
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=author)
    services.submit(version, by=author)
    services.reject(version, by=validator, comment="Hors du champ de la commission.")
    version.refresh_from_db()
    assert version.status == S.REJECTED and not version.live
    with pytest.raises(ValidationError):
        services.submit(version, by=author)


def test_publish_refuses_an_unapproved_version(cast, protocol):
    author = cast.author
    version = services.add_version(protocol, number="1.0", file=pdf_upload(), by=author)
    services.submit(version, by=author)
    with pytest.raises(ValidationError):
        services.publish(version, by=cast.bureau)


def test_cycle_through_the_views(cast, protocol, client_for):
    author, validator = cast.author, cast.validator
    client = client_for(author)
    response = client.post(
        f"/protocoles/{protocol.slug}/versions/nouvelle/",
        {"number": "1.0", "changes": "Création.", "file": pdf_upload()},
    )
    version = protocol.versions.get()
    assert response.status_code == 302 and response["Location"] == version.get_review_url()
    client.post(f"{version.get_review_url()}submit/")
    version.refresh_from_db()
    assert version.status == S.SUBMITTED

    # The author sees no decision buttons; another commission's validator cannot act.
    assert "Valider et publier" not in client.get(version.get_review_url()).content.decode()
    client_for(cast.other_validator)
    assert client.get(version.get_review_url()).status_code == 404
    assert client.post(f"{version.get_review_url()}approve/").status_code == 404
    version.refresh_from_db()
    assert version.status == S.SUBMITTED

    client_for(validator)
    page = client.get("/protocoles/validation/").content.decode()
    assert version.get_review_url() in page
    client.post(
        f"{version.get_review_url()}request-changes/", {"comment": "Préciser la fréquence."}
    )
    version.refresh_from_db()
    assert version.status == S.CHANGES_REQUESTED

    client_for(author)
    client.post(
        f"{version.get_review_url()}replace/",
        {"file": pdf_upload("v2.pdf"), "changes": "Fréquence ajoutée."},
    )
    client.post(f"{version.get_review_url()}submit/")
    client_for(validator)
    client.post(f"{version.get_review_url()}approve/", {"comment": "OK"})
    version.refresh_from_db()
    assert version.status == S.PUBLISHED
    detail = client.get(protocol.get_absolute_url()).content.decode()
    assert "Préciser la fréquence." in detail and "Modifications demandées" in detail
