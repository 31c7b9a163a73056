"""The world the coherence test renders, and the writes it makes, one kind of write path each.

Built with factories and the portal's own services on top of ``setup_portal`` (no demo).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.factories import LocumRequestFactory, MutualAidRequestFactory
from community.models import LocumRequest
from directory import services as directory_services
from directory.factories import ProfileFactory, ResourceFactory
from directory.models import Profile, Resource
from forum.tree import forum_for, profession_forum
from portal.members import services as member_services
from portal.members.factories import MembershipFactory, UserFactory
from portal.members.models import Membership, Profession, User
from portal.members.services_account import close_account
from portal.pages.models import ContentPage, HomePage, MemberSpacePage, ProfessionSpacePage

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role -> User (None: the visitor)
    pages: dict = field(default_factory=dict)  # page name -> URL
    objects: dict = field(default_factory=dict)
    clients: dict = field(default_factory=dict)  # role -> Client, one session each

    def client(self, role):
        if role == "visitor":
            # A visitor carries no cookie (the forum pages would give it a session, and a
            # request with a session is never served from the visitor page cache).
            return Client()
        if role not in self.clients:
            client = Client()
            user = self.users[role]
            if user is not None:
                client.force_login(user, backend=PASSWORD_BACKEND)
            self.clients[role] = client
        return self.clients[role]


def _member(profession, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, profession=profession, approved=True)
    ProfileFactory(user=user)
    return User.objects.get(pk=user.pk)


def _protocol(commission, author, validator, professions, title):
    from documents import services
    from tests.documents.conftest import pdf_upload

    protocol = services.create_protocol(
        title=title,
        summary="Conduite à tenir partagée.",
        category=services.Protocol.Category.choices[0][0],
        commission=commission,
        review_date=timezone.localdate() + timedelta(days=365),
        target_professions=professions,
        tags=["coherence"],
        is_public=True,
        by=author,
    )
    version = services.add_version(
        protocol, number="1.0", changes="Création.", by=author, file=pdf_upload(title=title)
    )
    services.submit(version, by=author)
    return protocol, version


def build_world():
    """Visitor, applicant, a doctor and a nurse, a delegate, a commission validator, the
    bureau; a content page, a forum topic with an attachment, board requests, a resource,
    a protocol validated and one waiting for validation."""
    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    from documents import services as document_services
    from forum.conversation import open_topic

    doctors = Profession.objects.get(slug="medecins")
    nurses = Profession.objects.get(slug="infirmiers")
    physios = Profession.objects.get(slug="kinesitherapeutes")
    world = World()
    doctor = _member(doctors, first_name="Marc", last_name="Teissier")
    nurse = _member(nurses, first_name="Inès", last_name="Roques")
    validator = _member(physios, first_name="Paul", last_name="Vidal")
    bureau = _member(doctors, first_name="Anne", last_name="Delmas")
    member_services.make_bureau(bureau)
    from allauth.mfa.models import Authenticator

    # The bureau has enrolled its authenticator (required for staff, portal.members.middleware).
    Authenticator.objects.create(
        user=bureau, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    applicant = UserFactory(first_name="Léa", last_name="Candidate")
    MembershipFactory(user=applicant, profession=nurses)
    delegate = UserFactory(first_name="Sophie", last_name="Secrétaire")
    directory_services.grant_delegate(doctor.profile, delegate)
    commission = member_services.create_commission(name="Coordination", slug="coordination-c")
    member_services.add_commission_member(commission, nurse)
    member_services.set_validator(commission, validator)
    world.users = {
        "visitor": None,
        "applicant": applicant,
        "doctor": doctor,
        "nurse": nurse,
        "delegate": delegate,
        "validator": validator,
        "bureau": User.objects.get(pk=bureau.pk),
    }

    validated, v1 = _protocol(commission, nurse, validator, [doctors, nurses], "Suivi AVK")
    document_services.approve(v1, by=validator, notify=False)
    pending, pending_version = _protocol(commission, nurse, validator, [doctors], "Plaies")

    home = HomePage.objects.first()
    content = home.add_child(
        instance=ContentPage(title="Présentation", slug="presentation", intro="Qui sommes-nous.")
    )
    content.save_revision(user=bureau).publish()

    general = forum_for("association")
    topic = open_topic(
        general, poster=doctor, subject="Tournée de garde", content="Qui prend le samedi ?"
    )
    post = topic.posts.get()
    Attachment.objects.create(
        post=post, file=ContentFile(b"%PDF-1.4 planning", name="planning.pdf"), comment=""
    )
    private_topic = open_topic(
        profession_forum(doctors), poster=doctor, subject="Entre médecins", content="Astreintes."
    )

    LocumRequestFactory(author=doctor, profession=doctors, commune="Lodève")
    LocumRequestFactory(
        author=doctor,
        profession=doctors,
        commune="Gignac",
        start=timezone.localdate() - timedelta(days=20),
        end=timezone.localdate() - timedelta(days=1),  # expire_requests closes it
    )
    MutualAidRequestFactory(author=nurse, profession_needed=nurses, commune="Lodève")
    ResourceFactory(name="SSIAD du Lodévois", is_published=True)

    world.objects = {
        "commission": commission,
        "validated": validated,
        "pending_version": pending_version,
        "content": content,
        "topic": topic,
        "private_topic": private_topic,
        "doctors_space": ProfessionSpacePage.objects.get(profession=doctors),
        "general": general,
    }
    world.pages = {
        "home": "/",
        "content": content.url,
        "directory-search": "/annuaire/?q=Teissier",
        "entry": reverse("directory:entry", args=[doctor.profile.pk]),
        "resources": "/ressources/",
        "protocols": "/protocoles/",
        "space": ProfessionSpacePage.objects.get(profession=doctors).url,
        "dashboard": "/espace-membres/",
        "forum": "/forum/",
        "topic": _topic_url(topic),
        "private-topic": _topic_url(private_topic),
        "locum": "/remplacements/",
        "mutual-aid": "/entraide/",
        "api": "/api/v1/professionals",
    }
    return world


def _topic_url(topic):
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


# --- the writes, one kind of write path each ---------------------------------------------


def form_post(world):
    """A member answers a topic through machina's form (client POST)."""
    topic = world.objects["topic"]
    url = reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )
    response = world.client("nurse").post(
        url,
        {
            "subject": "Re",
            "content": "Je prends samedi.",
            "attachment-TOTAL_FORMS": "0",
            "attachment-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, (
        response.context["post_form"].errors,
        response.context.get("attachment_formset")
        and response.context["attachment_formset"].errors,
    )


def admin_publish(world):
    """The bureau edits and publishes the content page in Wagtail's admin."""
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    page = world.objects["content"]
    data = nested_form_data(
        {
            "title": "Présentation de l'association",
            "slug": page.slug,
            "intro": "Nouveau chapeau publié.",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )
    response = world.client("bureau").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content[:3000]
    assert "totp" not in response["Location"]
    assert ContentPage.objects.get(pk=page.pk).intro == "Nouveau chapeau publié."


def workflow_approval(world):
    """The validator approves the pending protocol version (Wagtail workflow)."""
    from documents import services

    version = world.objects["pending_version"]
    services.approve(version, by=world.users["validator"], notify=False)


def preview_and_revisions(world):
    """The bureau saves a draft of the doctors' space, previews it, opens it as a draft and
    opens an old revision: none of it may reach what members see."""
    space = world.objects["doctors_space"].specific
    space.intro = "<p>Ancien numéro de garde : 04 67 00 00 00</p>"
    old = space.save_revision(user=world.users["bureau"])
    old.publish()
    space = ProfessionSpacePage.objects.get(pk=space.pk)
    space.intro = "<p>Brouillon : nouvelle astreinte à valider</p>"
    space.save_revision(user=world.users["bureau"])
    space = ProfessionSpacePage.objects.get(pk=space.pk)
    space.intro = "<p>Astreinte publiée.</p>"
    space.save_revision(user=world.users["bureau"]).publish()
    space = ProfessionSpacePage.objects.get(pk=space.pk)
    space.intro = "<p>Brouillon en cours (non publié)</p>"
    space.save_revision(user=world.users["bureau"])
    home_draft = HomePage.objects.first()
    home_draft.save_revision(user=world.users["bureau"])
    dashboard = MemberSpacePage.objects.first()
    dashboard.save_revision(user=world.users["bureau"])
    # The views come after the writes: a copy they left would outlive the step.
    bureau = world.client("bureau")
    for url in (
        reverse("wagtailadmin_pages:view_draft", args=[home_draft.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[dashboard.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[space.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[space.pk, old.pk]),
    ):
        response = bureau.get(url)
        assert response.status_code == 200, url


def scheduled_publishing(world):
    """A revision approved to go live in the past is published by ``publish_scheduled``."""
    page = ContentPage.objects.get(pk=world.objects["content"].pk)
    page.intro = "Chapeau publié par le planificateur."
    revision = page.save_revision(
        user=world.users["bureau"], approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    assert revision.approved_go_live_at
    call_command("publish_scheduled")


def expire_requests(world):
    assert LocumRequest.objects.open().filter(end__lt=timezone.localdate()).exists()
    call_command("expire_requests")


def queryset_update(world):
    """``QuerySet.update()`` on a topic, an entry, a protocol and a resource (no signal)."""
    from machina.apps.forum_conversation.models import Topic

    from documents.models import Protocol

    Topic.objects.filter(pk=world.objects["topic"].pk).update(
        subject="Garde du samedi (mis à jour)"
    )
    Profile.objects.filter(user=world.users["doctor"]).update(mobile="+33612345678")
    Protocol.objects.filter(pk=world.objects["validated"].pk).update(title="Suivi AVK (révisé)")
    Resource.objects.update(name="SSIAD du Lodévois et du Larzac")


def writes_without_signals(world):
    """``update()``, ``bulk_create`` and raw SQL: no model signal is sent."""
    queryset_update(world)
    bulk_create(world)
    raw_sql(world)


def bulk_create(world):
    doctors = Profession.objects.get(slug="medecins")
    LocumRequest.objects.bulk_create(
        [
            LocumRequest(
                author=world.users["doctor"],
                profession=doctors,
                kind=LocumRequest.Kind.OCCASIONAL,
                start=timezone.localdate() + timedelta(days=30),
                end=timezone.localdate() + timedelta(days=40),
                commune="Clermont-l'Hérault",
                fee_share=65,
                conditions="Créée par bulk_create.",
            )
        ]
    )


def raw_sql(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_resource SET name = %s", ["Ressource renommée en SQL brut"]
        )


def through_table(world):
    """The nurse leaves the nurses' group through the auto-created through table."""
    nurse = world.users["nurse"]
    User.groups.through.objects.filter(user=nurse).exclude(group__name="Bureau").filter(
        group__name__icontains="infirmi"
    ).delete()


def forum_permission_update(world):
    """Members may no longer download attachments in the topic's forum (``update()``)."""
    from machina.apps.forum_permission.models import GroupForumPermission

    GroupForumPermission.objects.filter(
        forum=world.objects["general"], permission__codename="can_download_file"
    ).exclude(group__name="Bureau").update(has_perm=False)


def permissions_and_groups(world):
    """Group membership through the through table, then commission and bureau changes
    through the services (machina's permissions have their own step: a write on the users
    here would renew every copy showing a user and hide a permission left out of a key)."""
    through_table(world)
    group_change(world)


def group_change(world):
    """The validator leaves the commission; the nurse joins the bureau."""
    member_services.remove_commission_member(world.objects["commission"], world.users["validator"])
    member_services.make_bureau(world.users["nurse"])


def suspension(world):
    membership = Membership.objects.get(user=world.users["doctor"])
    member_services.suspend(membership, reason="Cotisation impayée")


def account_closure(world):
    close_account(User.objects.get(pk=world.users["nurse"].pk))


STEPS = [
    form_post,
    admin_publish,
    workflow_approval,
    preview_and_revisions,
    scheduled_publishing,
    expire_requests,
    writes_without_signals,
    forum_permission_update,
    permissions_and_groups,
    suspension,
    account_closure,
]
