"""factory_boy factories for protocols and their versions (tests and demo share them).

Both go through ``documents.services``: a version reaches the state it is asked for by the
same steps a commission takes (draft, submitted, changes requested, rejected, published).
"""

from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.members import services as members_services
from portal.members.factories import CommissionFactory, MembershipFactory

from . import services
from .models import Protocol, ProtocolVersion
from .pdf import build_pdf

S = ProtocolVersion.Status


def pdf_file(name="protocole.pdf", title="Protocole", number="1.0", sections=None):
    """A real PDF upload (built in code), as the validators check files by their content."""
    sections = sections or [("Objet", ["Conduite à tenir, étape par étape."])]
    return SimpleUploadedFile(
        name, build_pdf(title, number, sections), content_type="application/pdf"
    )


def commission_member(commission, *, validator=False, **membership):
    """An approved member of ``commission`` (who drafts its protocols), or one of its validators."""
    user = MembershipFactory(approved=True, **membership).user
    if validator:
        members_services.set_validator(commission, user)
    else:
        members_services.add_commission_member(commission, user)
    return user


class ProtocolFactory(factory.django.DjangoModelFactory):
    """A protocol with no version yet, created by a member of its commission."""

    class Meta:
        model = Protocol

    title = factory.Sequence(lambda n: f"Protocole de soins à domicile {n}")
    summary = "Ce que fait chaque professionnel, et quand prévenir le médecin traitant."
    category = Protocol.Category.COURSE_OF_ACTION
    commission = factory.SubFactory(CommissionFactory)
    review_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    is_public = False
    created_by = factory.LazyAttribute(lambda o: commission_member(o.commission))
    target_professions = ()
    tags = ()

    @classmethod
    def _create(cls, model_class, *, created_by, **kwargs):
        return services.create_protocol(by=created_by, **kwargs)


class ProtocolVersionFactory(factory.django.DjangoModelFactory):
    """A version brought to ``status`` through the workflow.

    ``validated_by`` is the validator who acts on it once submitted (one of the commission's
    validators is made when none is given); ``comment`` is what the validator writes.
    """

    class Meta:
        model = ProtocolVersion

    protocol = factory.SubFactory(ProtocolFactory)
    number = factory.Sequence(lambda n: f"1.{n}")
    changes = "Création."
    created_by = factory.LazyAttribute(lambda o: o.protocol.created_by)
    file = factory.LazyAttribute(
        lambda o: pdf_file(f"protocole-{o.number}.pdf", o.protocol.title, o.number)
    )
    status = S.PUBLISHED
    validated_by = None
    comment = "Relu en commission."

    @classmethod
    def _create(cls, model_class, *, protocol, created_by, status, validated_by, comment, **kwargs):
        if status == S.SUPERSEDED:
            raise ValueError("Publish a newer version to supersede this one.")
        version = services.add_version(protocol, by=created_by, **kwargs)
        if status == S.DRAFT:
            return version
        version = services.submit(version, by=created_by)
        if status == S.SUBMITTED:
            return version
        validator = validated_by or commission_member(protocol.commission, validator=True)
        if status == S.CHANGES_REQUESTED:
            return services.request_changes(version, by=validator, comment=comment)
        if status == S.REJECTED:
            return services.reject(version, by=validator, comment=comment)
        return services.approve(version, by=validator, comment=comment, notify=False)
