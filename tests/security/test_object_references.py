"""Changing an id or a slug never reaches what the viewer may not see.

Every directory entry against visitors and members (values shown only at their
level), every profession space against members of the other professions, every
unvalidated protocol version against members outside its commission, a private
forum attachment against other professions, and the boards' write actions
against non-authors.
"""

import json
from pathlib import Path

import pytest
from django.test import Client


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def contact_values(profile, allowed):
    """(value, visibility) of each contact field whose visibility is not in ``allowed``."""
    from directory.models import Profile

    hidden = []
    for name in Profile.CONTACT_FIELDS:
        value = str(getattr(profile, name) or "")
        if value and getattr(profile, f"{name}_visibility") not in allowed:
            hidden.append((name, value))
    return hidden


def digits(value):
    return "".join(c for c in value if c.isdigit())


def leaks(body, hidden):
    found = []
    for name, value in hidden:
        needle = value if name != "mobile" else digits(value)[-8:]
        text = body if name != "mobile" else digits(body)
        if needle and needle in text:
            found.append(name)
    return found


def test_directory_entries_show_each_value_only_at_its_level(world, role_users):
    from django.utils import timezone

    directory = pytest.importorskip("directory.models")
    profiles = list(directory.Profile.objects.select_related("user"))
    assert len(profiles) >= len(role_users) - 2  # every approved role has an entry
    # Give every entry values at every level, so each id has something to hide, and have
    # its member confirm it (a never confirmed entry shows nothing publicly).
    for index, profile in enumerate(profiles):
        profile.confirmed_at = profile.confirmed_at or timezone.now()
        profile.email = f"contact{index}@cabinet.example"
        profile.mssante = f"praticien{index}@medecin.mssante.fr"
        # Distinctive digits: a run of zeros would also match coordinates and codes in the page.
        profile.mobile = f"+3364758{index:04d}"
        profile.website = f"https://cabinet{index}.example"
        levels = ["public", "members", "hidden"]
        for offset, name in enumerate(directory.Profile.CONTACT_FIELDS):
            setattr(profile, f"{name}_visibility", levels[(index + offset) % 3])
        profile.save()
    visitor, pending = Client(), client_for(role_users["candidat"])
    member = client_for(role_users["pharmacien"])
    problems = []
    for profile in profiles:
        if profile.user_id == role_users["pharmacien"].pk:
            continue  # the owner sees all of their own entry
        public_only = contact_values(profile, {"public"})
        members_too = contact_values(profile, {"public", "members"})
        for who, client, hidden in (
            ("visitor", visitor, public_only),
            ("pending applicant", pending, public_only),
            ("member", member, members_too),
        ):
            for url in (f"/annuaire/{profile.pk}/", f"/annuaire/{profile.pk}/vcard/"):
                response = client.get(url)
                if response.status_code != 200:  # every confirmed entry is shown to all
                    problems.append(f"{url} answers {response.status_code} to the {who}")
                elif found := leaks(response.content.decode(), hidden):
                    problems.append(f"{url} shows {found} to the {who}")
        api = visitor.get(f"/api/v1/professionals/{profile.pk}")
        if api.status_code == 200 and (found := leaks(json.dumps(api.json()), public_only)):
            problems.append(f"/api/v1/professionals/{profile.pk} shows {found}")
    assert not problems, "\n".join(problems[:20])


def test_profession_spaces_refuse_the_other_professions(role_users):
    from portal.members.models import Membership, Profession
    from portal.pages.models import ProfessionSpacePage
    from tests.people import member

    # Beside the roles' professions (doctors, nurses, physiotherapists, pharmacists), an
    # approved member of four more.
    for slug in ("orthophonistes", "sages-femmes", "podologues", "psychomotriciens"):
        member(slug, "Gignac")

    members = {
        p.slug: m.user
        for p in Profession.objects.all()
        if (
            m := Membership.objects.filter(
                profession=p, status="approved", user__is_staff=False
            ).first()
        )
    }
    problems = []
    for space in ProfessionSpacePage.objects.live():
        for slug, user in members.items():
            status = client_for(user).get(space.url).status_code
            expected = 200 if slug == space.slug else 403
            if status != expected:
                problems.append(f"{space.url} as a member of {slug}: {status}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_unvalidated_versions_stay_within_the_commission(world, role_users):
    from documents.factories import ProtocolVersionFactory

    documents = pytest.importorskip("documents.models")
    # Beside the world's submitted version, one of each other state never published.
    for number, status in (("2.0", "draft"), ("2.1", "changes_requested"), ("2.2", "rejected")):
        ProtocolVersionFactory(
            protocol=world.protocol,
            number=number,
            status=status,
            validated_by=role_users["kine_validator"],
        )
    outsider = client_for(role_users["pharmacien"])
    visitor = Client()
    never_published = ("draft", "submitted", "changes_requested", "rejected")
    unvalidated = documents.ProtocolVersion.objects.filter(
        status__in=never_published
    ).select_related("protocol")
    assert set(unvalidated.values_list("status", flat=True)) == set(never_published)
    problems = []
    for version in unvalidated:
        slug = version.protocol.slug
        for url in (
            f"/protocoles/{slug}/versions/{version.pk}/",
            f"/protocoles/{slug}/telecharger/{version.pk}/",
            f"/protocoles/{slug}/relire/{version.pk}/",
        ):
            for who, client in (("member outside the commission", outsider), ("visitor", visitor)):
                status = client.get(url).status_code
                if status == 200:
                    problems.append(f"{url} opens to the {who}")
    # Another protocol's slug with this version's id: never served.
    other = documents.Protocol.objects.filter(current_version__isnull=False).first()
    for version in documents.ProtocolVersion.objects.exclude(protocol=other):
        url = f"/protocoles/{other.slug}/telecharger/{version.pk}/"
        if client_for(role_users["bureau"]).get(url).status_code == 200:
            problems.append(f"{url} serves a version of another protocol")
    assert not problems, "\n".join(problems)


def test_private_attachment_is_not_reachable_by_other_professions(role_users):
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from machina.apps.forum_conversation.forum_attachments.models import Attachment

    from forum.conversation import open_topic
    from forum.tree import profession_forum
    from portal.members.models import Profession

    forum = profession_forum(Profession.objects.get(slug="infirmiers"))
    topic = open_topic(
        forum, poster=role_users["infirmiere"], subject="Fiche de liaison", content="Modèle joint."
    )
    attachment = Attachment(post=topic.first_post, comment="modèle")
    attachment.file.save("fiche.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = f"/forum/attachment/{attachment.pk}/"
    assert client_for(role_users["infirmiere"]).get(url).status_code == 200
    # A visitor is sent to the login page, a signed-in person without the right gets a 403.
    others = ("visitor", "candidat", "medecin", "kine_validator", "pharmacien")
    statuses = {role: client_for(role_users[role]).get(url).status_code for role in others}
    assert statuses == {role: 302 if role == "visitor" else 403 for role in others}
    # The file itself is in the private storage (served only by the checked view above),
    # never under MEDIA_ROOT where the web server would hand it out.
    private = storages["private"]
    assert attachment.file.storage.location == private.location
    assert (Path(private.location) / attachment.file.name).is_file()
    assert not (Path(settings.MEDIA_ROOT) / attachment.file.name).exists()


def test_board_actions_belong_to_the_author(world, role_users):
    forum_models = pytest.importorskip("community.models")
    problems = []
    for locum in forum_models.LocumRequest.objects.filter(status="open"):
        stranger = next(
            u for r, u in role_users.items() if u and u.pk != locum.author_id and r != "bureau"
        )
        client = client_for(stranger)
        for action in ("pourvue", "annuler"):
            status = client.post(f"/remplacements/{locum.pk}/{action}/").status_code
            locum.refresh_from_db()
            if locum.status != "open":
                problems.append(f"{stranger} could {action} locum {locum.pk} ({status})")
    for aid in forum_models.MutualAidRequest.objects.filter(status="open"):
        stranger = next(
            u for r, u in role_users.items() if u and u.pk != aid.author_id and r != "bureau"
        )
        client_for(stranger).post(f"/entraide/{aid.pk}/cloturer/")
        aid.refresh_from_db()
        if aid.status != "open":
            problems.append(f"{stranger} could close mutual-aid request {aid.pk}")
    assert not problems, "\n".join(problems)
