"""Every URL of the project against every role: the expected status is written down here.

A new view without an entry makes ``test_every_url_is_in_the_matrix`` fail:
add a line to MATRIX after deciding who may open it.

Statuses are in the order of ROLES: visitor, candidat (pending applicant),
medecin, infirmiere, kine_validator, delegate, pharmacien, bureau.
"""

import os
import pprint

import pytest

from .conftest import ROLES
from .urlmap import concrete_urls

OBSERVE = os.environ.get("MATRIX_OBSERVE")  # print the observed table instead of asserting

MATRIX = {
    # name: visitor candidat medecin infirmiere kine_validator delegate pharmacien bureau
    "account_change_password": "302 200 200 200 200 200 200 200",
    "account_confirm_email": "200 200 200 200 200 200 200 200",
    "account_confirm_login_code": "302 302 302 302 302 302 302 302",
    "account_confirm_reauthentication_code": "302 302 302 302 302 302 302 302",
    "account_email": "302 200 200 200 200 200 200 200",
    "account_email_verification_sent": "200 200 200 200 200 200 200 200",
    "account_inactive": "200 200 200 200 200 200 200 200",
    "account_login": "200 302 302 302 302 302 302 302",
    "account_logout": "302 200 200 200 200 200 200 200",
    "account_reauthenticate": "302 200 200 200 200 200 200 200",
    "account_request_reauthentication_code": "302 200 200 200 200 200 200 200",
    "account_reset_password": "200 200 200 200 200 200 200 200",
    "account_reset_password_done": "200 200 200 200 200 200 200 200",
    "account_reset_password_from_key": "200 200 200 200 200 200 200 200",
    "account_reset_password_from_key_done": "200 200 200 200 200 200 200 200",
    "account_set_password": "302 302 302 302 302 302 302 302",
    "account_signup": "200 302 302 302 302 302 302 302",
    "api:api-root": "404 404 404 404 404 404 404 404",
    # FHIR: the CapabilityStatement is public; any other path under fhir/ is a FHIR 404.
    "api:metadata": "200 200 200 200 200 200 200 200",
    "api:fhir-unknown": "404 404 404 404 404 404 404 404",
    "api:get_professional": "200 200 200 200 200 200 200 200",
    "api:get_resource": "200 200 200 200 200 200 200 200",
    "api:list_professionals": "200 200 200 200 200 200 200 200",
    "api:list_resources": "200 200 200 200 200 200 200 200",
    "api:openapi-json": "200 200 200 200 200 200 200 200",
    "api:openapi-view": "200 200 200 200 200 200 200 200",
    "api:read_organization": "200 200 200 200 200 200 200 200",
    "api:read_practitioner": "200 200 200 200 200 200 200 200",
    "api:read_practitioner_role": "200 200 200 200 200 200 200 200",
    "api:search_organizations": "200 200 200 200 200 200 200 200",
    "api:search_practitioner_roles": "200 200 200 200 200 200 200 200",
    "api:search_practitioners": "200 200 200 200 200 200 200 200",
    "community:attachment": "404 404 404 404 404 404 404 404",
    "community:post-create": "302 403 200 403 403 403 403 200",
    "community:profile": "302 403 200 200 200 200 200 200",
    "community:profile-update": "302 403 200 200 200 200 200 200",
    "community:post-update": "302 403 200 403 403 403 403 200",
    "community:post-delete": "302 403 200 403 403 403 403 200",
    # "Signaler" a post of the médecins' forum: those who cannot read it get a 404.
    "community:report": "302 403 200 404 404 404 404 200",
    "community:search": "302 200 200 200 200 200 200 200",
    "community:topic": "302 403 200 403 403 403 403 200",
    "community:topic-create": "302 403 200 403 403 403 403 200",
    "community:topic-update": "302 403 200 403 403 403 403 200",
    "community:user-posts": "302 403 200 200 200 200 200 200",
    "directory:communes": "200 200 200 200 200 200 200 200",
    "directory:entry": "200 200 200 200 200 200 200 200",
    "directory:entry-confirm": "302 403 405 403 403 405 403 405",
    "directory:entry-delegates": "302 403 405 403 403 403 403 405",
    "directory:entry-edit": "302 403 200 200 200 200 200 200",
    "directory:entry-edit-other": "302 403 200 403 403 200 403 200",
    "directory:entry-vcard": "200 200 200 200 200 200 200 200",
    "directory:search": "200 200 200 200 200 200 200 200",
    "directory:search-map": "200 200 200 200 200 200 200 200",
    # The search box's suggestions: open to all, each sees only what their level may find.
    "directory:suggestions": "200 200 200 200 200 200 200 200",
    "documents:create": "302 403 200 200 200 403 403 200",
    "documents:detail": "302 404 200 200 200 200 200 200",
    "documents:download": "302 404 200 200 200 200 200 200",
    "documents:library": "200 200 200 200 200 200 200 200",
    "documents:notifications": "302 405 405 405 405 405 405 405",
    "documents:review-download": "302 404 404 200 200 404 404 200",
    "documents:validation": "302 403 200 200 200 403 403 200",
    "documents:version": "302 404 404 200 200 404 404 200",
    "documents:version-action": "302 405 405 405 405 405 405 405",
    "documents:version-create": "302 404 404 200 200 404 404 200",
    "forum:forum": "302 403 200 403 403 403 403 200",
    "forum:index": "200 200 200 200 200 200 200 200",
    "forum_conversation:post_delete": "302 403 403 403 403 403 403 200",
    "forum_conversation:topic": "302 403 200 403 403 403 403 200",
    "forum_conversation:topic_poll_vote": "404 404 404 404 404 404 404 404",
    "forum_feeds:forum_latest_topics": "200 200 200 200 200 200 200 200",
    "forum_feeds:forum_latest_topics_with_descendants": "200 200 200 200 200 200 200 200",
    "forum_feeds:latest_topics": "200 200 200 200 200 200 200 200",
    "forum_member:topic_subscribe": "302 403 403 403 403 403 403 403",
    "forum_member:topic_unsubscribe": "302 403 200 403 403 403 403 200",
    "forum_member:user_subscriptions": "302 200 200 200 200 200 200 200",
    "forum_moderation:approve_queued_post": "404 404 404 404 404 404 404 404",
    "forum_moderation:disapprove_queued_post": "404 404 404 404 404 404 404 404",
    "forum_moderation:queue": "302 403 403 403 403 403 403 200",
    "forum_moderation:queued_post": "404 404 404 404 404 404 404 404",
    "forum_moderation:topic_delete": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_lock": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_move": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_unlock": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_update_to_announce": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_update_to_post": "302 403 403 403 403 403 403 200",
    "forum_moderation:topic_update_to_sticky": "302 403 403 403 403 403 403 200",
    "forum_tracking:mark_all_forums_read": "302 200 200 200 200 200 200 200",
    "forum_tracking:mark_subforums_read": "302 200 200 200 200 200 200 200",
    "forum_tracking:mark_topics_read": "302 403 200 403 403 403 403 200",
    "forum_tracking:unread_topics": "302 200 200 200 200 200 200 200",
    "healthz": "200 200 200 200 200 200 200 200",
    "readyz": "200 200 200 200 200 200 200 200",
    # Off until the bureau publishes them (IndicatorsSettings.public_enabled): 404.
    "indicators:public": "404 404 404 404 404 404 404 404",
    "locum:cancel": "302 403 405 405 405 405 405 405",
    "locum:delete": "302 403 405 405 405 405 405 405",
    "locum:correct": "302 403 403 200 403 403 403 403",
    "locum:response-correct": "302 403 404 404 404 404 404 404",
    "locum:response-delete": "302 403 405 405 405 405 405 405",
    "locum:create": "302 403 200 200 200 200 200 200",
    "locum:detail": "302 403 200 200 200 200 200 200",
    "locum:fill": "302 403 405 405 405 405 405 405",
    "locum:internship-create": "302 403 200 200 200 200 200 200",
    "locum:list": "302 403 200 200 200 200 200 200",
    "locum:newcomer-create": "302 403 200 200 200 200 200 200",
    "locum:offer-create": "302 403 200 200 200 200 200 200",
    "locum:offer-list": "302 403 200 200 200 200 200 200",
    "locum:offer-withdraw": "302 403 405 405 405 405 405 405",
    "locum:respond": "302 403 405 405 405 405 405 405",
    "mfa_activate_totp": "302 302 302 302 302 302 302 302",
    "mfa_authenticate": "302 302 302 302 302 302 302 302",
    # The bureau is enrolled in TOTP (production requires it), the others are not: only the
    # bureau has an authenticator to deactivate (after reauthenticating) or to reauthenticate with.
    "mfa_deactivate_totp": "302 404 404 404 404 404 404 302",
    "mfa_download_recovery_codes": "302 404 404 404 404 404 404 404",
    "mfa_generate_recovery_codes": "302 302 302 302 302 302 302 302",
    "mfa_index": "302 200 200 200 200 200 200 200",
    "mfa_reauthenticate": "302 302 302 302 302 302 302 200",
    "mfa_view_recovery_codes": "302 404 404 404 404 404 404 404",
    # Pro Santé Connect (issue 19): 404 while no provider is configured, as here.
    "openid_connect_callback": "404 404 404 404 404 404 404 404",
    "openid_connect_login": "404 404 404 404 404 404 404 404",
    "socialaccount_connections": "302 200 200 200 200 200 200 200",
    "socialaccount_login_cancelled": "200 200 200 200 200 200 200 200",
    "socialaccount_login_error": "401 401 401 401 401 401 401 401",
    "socialaccount_signup": "302 302 302 302 302 302 302 302",
    "my_account:close": "302 200 200 200 200 200 200 200",
    "my_account:hub": "302 200 200 200 200 200 200 200",
    "my_account:notifications": "302 200 200 200 200 200 200 200",
    "my_account:unsubscribe": "404 404 404 404 404 404 404 404",
    "my_account:export": "302 200 200 200 200 200 200 200",
    "mutual_aid:close": "302 403 405 405 405 405 405 405",
    "mutual_aid:delete": "302 403 405 405 405 405 405 405",
    "mutual_aid:correct": "302 403 200 403 403 403 403 403",
    "mutual_aid:response-correct": "302 403 404 404 404 404 404 404",
    "mutual_aid:response-delete": "302 403 405 405 405 405 405 405",
    "mutual_aid:create": "302 403 200 200 200 200 200 200",
    "mutual_aid:detail": "302 403 200 200 200 200 200 200",
    "mutual_aid:list": "302 403 200 200 200 200 200 200",
    "mutual_aid:respond": "302 403 405 405 405 405 405 405",
    "resources:list": "200 200 200 200 200 200 200 200",
    "resources:map": "200 200 200 200 200 200 200 200",
    "set_language": "302 302 302 302 302 302 302 302",
    "wagtailcore_authenticate_with_password": "404 404 404 404 404 404 404 404",
    "wagtailcore_login": "200 200 200 200 200 200 200 200",
    "wagtaildocs_authenticate_with_password": "404 404 404 404 404 404 404 404",
    "wagtaildocs_serve": "404 404 404 404 404 404 404 404",
}

# Visitor redirects that do not go to the login page, on purpose.
REDIRECTS_ELSEWHERE = {"account_logout", "set_language"}

# A sample of the Wagtail admin: the bureau gets in; commission members and
# validators reach the dashboard (Wagtail workflow tasks) and nothing else here.
ADMIN_SAMPLE = {
    "/admin/": "302 302 200 200 200 302 302 200",
    "/admin/adhesions/": "302 302 302 302 302 302 302 200",
    "/admin/adhesions/{candidat_membership}/": "302 302 302 302 302 302 302 200",
    "/admin/pages/{home}/": "302 302 302 302 302 302 302 200",
    "/admin/snippets/members/commission/": "302 302 302 302 302 302 302 200",
    "/admin/territoire/": "302 302 302 302 302 302 302 200",
}


def matrix_objects(world):
    """The objects whose ids fill the URLs (``world``, tests/security/conftest.py)."""
    return {
        "missing_pk": 999999,
        "profile": world.profile.pk,
        "resource": world.resource.pk,
        # A members-only protocol with a validated version (public ones are open to all).
        "protocol": world.protocol.slug,
        "version": world.protocol.current_version_id,
        "locum": world.locum.pk,
        "offer": world.offer.pk,
        "aid": world.aid.pk,
        # A profession forum (médecins) and one of its topics.
        "forum": world.forum,
        "topic": world.topic,
        "post": world.topic.first_post.pk,
    }


def values_for_factory(objects, users):
    forum, topic = objects.get("forum"), objects.get("topic")
    forum_kw = {"forum_slug": forum.slug, "forum_pk": forum.pk} if forum else {}
    topic_kw = {"topic_slug": topic.slug, "topic_pk": topic.pk} if topic else {}
    missing = objects["missing_pk"]
    by_name = {
        "directory:entry": {"pk": objects.get("profile")},
        "api:fhir-unknown": {"rest": "Patient"},
        "directory:entry-vcard": {"pk": objects.get("profile")},
        "directory:entry-edit-other": {"pk": objects.get("profile")},
        "directory:entry-confirm": {"pk": objects.get("profile")},
        "directory:entry-delegates": {"pk": objects.get("profile")},
        "locum:detail": {"pk": objects.get("locum")},
        "locum:respond": {"pk": objects.get("locum")},
        "locum:fill": {"pk": objects.get("locum")},
        "locum:cancel": {"pk": objects.get("locum")},
        "locum:delete": {"pk": objects.get("locum")},
        "locum:response-delete": {"pk": objects.get("locum")},
        "locum:correct": {"pk": objects.get("locum")},
        "locum:response-correct": {"pk": objects.get("locum")},
        "locum:offer-withdraw": {"pk": objects.get("offer")},
        "mutual_aid:detail": {"pk": objects.get("aid")},
        "mutual_aid:respond": {"pk": objects.get("aid")},
        "mutual_aid:close": {"pk": objects.get("aid")},
        "mutual_aid:delete": {"pk": objects.get("aid")},
        "mutual_aid:response-delete": {"pk": objects.get("aid")},
        "mutual_aid:correct": {"pk": objects.get("aid")},
        "mutual_aid:response-correct": {"pk": objects.get("aid")},
        "community:report": {"kind": "post", "pk": objects.get("post")},
        "wagtaildocs_serve": {"__url__": f"/documents/{missing}/protocole.pdf"},
        "forum:forum": {"slug": forum.slug, "pk": forum.pk} if forum else {},
        "forum_conversation:topic": {**forum_kw, "slug": topic.slug, "pk": topic.pk}
        if topic
        else {},
        "community:topic": {**forum_kw, "slug": topic.slug, "pk": topic.pk} if topic else {},
        "community:profile": {"pk": users["medecin"].pk},
        "community:user-posts": {"pk": users["medecin"].pk},
        "forum_member:profile": {"pk": users["medecin"].pk},
        "forum_member:user_posts": {"pk": users["medecin"].pk},
        "forum_member:topic_subscribe": {"pk": topic.pk} if topic else {},
        "forum_member:topic_unsubscribe": {"pk": topic.pk} if topic else {},
        "forum_tracking:mark_subforums_read": {"pk": forum.pk} if forum else {},
        "forum_tracking:mark_topics_read": {"pk": forum.pk} if forum else {},
        "documents:version-action": {
            "slug": objects.get("protocol"),
            "version_pk": objects.get("version"),
            "action": "approve",
        },
    }

    def values_for(name):
        values = {
            "pk": missing,
            "slug": objects.get("protocol", "x"),
            "version_pk": objects.get("version", missing),
            "key": "not-a-key",
            "token": "not-a-token",
            "uidb36": "1",
            "restriction_id": missing,
            "page_view_restriction_id": missing,
            "page_id": missing,
            "profile_id": objects.get("profile", missing),
            "resource_id": objects.get("resource", missing),
            "provider_id": "pro-sante-connect",
            **forum_kw,
            **topic_kw,
        }
        if topic is not None and name.endswith(
            ("post_update", "post_delete", "post-update", "post-delete")
        ):
            values["pk"] = objects["post"]
        if name.startswith("forum_moderation:topic") and topic is not None:
            values.update(slug=topic.slug, pk=topic.pk)
        if name in ("community:topic-update", "forum_conversation:topic_update") and topic:
            values.update(slug=topic.slug, pk=topic.pk)
        values.update(by_name.get(name, {}))
        return values

    return values_for


def observed_statuses(role_client, urls):
    table = {}
    for role in ROLES:
        client = role_client(role)
        for name, url in urls.items():
            response = client.get(url)
            table.setdefault(name, {})[role] = response.status_code
            if response.status_code == 302 and role == "visitor":
                table[name]["visitor_to"] = response["Location"]
    return table


def test_every_url_is_in_the_matrix(world, role_users, role_client):
    objects = matrix_objects(world)
    urls, shadowed = concrete_urls(values_for_factory(objects, role_users))
    observed = observed_statuses(role_client, urls)
    if OBSERVE:
        lines = {
            name: " ".join(str(row[r]) for r in ROLES) for name, row in sorted(observed.items())
        }
        print("\nURLS =", pprint.pformat(urls, width=120))
        print("\nSHADOWED =", pprint.pformat(shadowed))
        print("\nOBSERVED =", pprint.pformat(lines, width=120))
        elsewhere = {
            n: row["visitor_to"]
            for n, row in observed.items()
            if "visitor_to" in row and "/compte/login/" not in row["visitor_to"]
        }
        print("\nELSEWHERE =", pprint.pformat(elsewhere, width=120))
        return
    unknown = sorted(set(urls) - set(MATRIX))
    assert not unknown, f"unknown URL pattern(s) {unknown}: add them to the matrix"
    mismatches = []
    for name, url in urls.items():
        expected = dict(zip(ROLES, (int(s) for s in MATRIX[name].split()), strict=True))
        got = {r: observed[name][r] for r in ROLES}
        if got != expected:
            diff = {
                r: f"expected {expected[r]}, got {got[r]}" for r in ROLES if got[r] != expected[r]
            }
            mismatches.append(f"{name} {url}: {diff}")
        if observed[name]["visitor"] == 302:
            assert (
                "/compte/login/" in observed[name]["visitor_to"] or name in REDIRECTS_ELSEWHERE
            ), f"{name}: visitor redirected to {observed[name]['visitor_to']}, not to login"
    assert not mismatches, "\n".join(mismatches)


def test_admin_sample(world, role_users, role_client):
    from tests.people import enrol_totp

    # Everyone entering the admin must have enrolled in TOTP (RequireTwoFactorMiddleware):
    # enrolled, each role meets the admin's own rule, not the enrolment redirect.
    for user in role_users.values():
        if user is not None and not user.authenticator_set.exists():
            enrol_totp(user)
    mismatches = []
    for path, spec in ADMIN_SAMPLE.items():
        from wagtail.models import Page

        home = Page.objects.get(depth=2).pk
        url = path.format(candidat_membership=role_users["candidat"].membership.pk, home=home)
        for role, expected in zip(ROLES, spec.split(), strict=True):
            got = role_client(role).get(url).status_code
            if got != int(expected):
                mismatches.append(f"{url} as {role}: expected {expected}, got {got}")
    assert not mismatches, "\n".join(mismatches)


def expected_page_status(page, role, user):
    """Who may open each kind of page, written from DESIGN.md (not from the restrictions)."""
    kind = type(page).__name__
    # Commission pages present the working groups to everyone (no private content).
    public = {
        "HomePage",
        "ContentPage",
        "LegalPage",
        "NewsIndexPage",
        "NewsPage",
        "CommissionIndexPage",
        "CommissionPage",
    }
    if kind in public:
        return 200
    if role == "visitor":
        return 302
    approved = role not in ("candidat",)
    if kind in ("MemberSpacePage", "ProfessionIndexPage"):
        return 200 if approved else 403
    if kind == "ProfessionSpacePage":
        own = user.membership.profession.slug == page.slug and approved
        return 200 if own or role == "bureau" else 403
    raise AssertionError(f"page type {kind} ({page.url}) is not in the page matrix")


def test_page_matrix(world, role_users, role_client):
    from wagtail.models import Page

    pages = list(Page.objects.live().specific().filter(depth__gt=1))
    assert pages
    mismatches = []
    for role in ROLES:
        client = role_client(role)
        for page in pages:
            got = client.get(page.url).status_code
            expected = expected_page_status(page, role, role_users[role])
            if got != expected:
                mismatches.append(
                    f"{page.url} ({type(page).__name__}) as {role}: expected {expected}, got {got}"
                )
    assert not mismatches, "\n".join(mismatches)


# List pages and the detail links they carry: every link a role sees opens for it.
LISTS = {
    "/annuaire/": r'href="(/annuaire/\d+/)"',
    "/protocoles/": r'href="(/protocoles/(?!nouveau/|validation/|notifications/)[\w-]+/)"',
    "/remplacements/": r'href="(/remplacements/\d+/)"',
    "/entraide/": r'href="(/entraide/\d+/)"',
    "/forum/": r'href="(/forum/forum/[\w-]+-\d+/)"',
}


@pytest.mark.parametrize("role", ROLES)
def test_what_a_list_shows_opens(role, world, role_client):
    import re

    client = role_client(role)
    problems, checked = [], 0
    for list_url, link_re in LISTS.items():
        response = client.get(list_url)
        if response.status_code != 200:
            continue  # who may open which list: the matrix above
        links = sorted(set(re.findall(link_re, response.content.decode())))
        checked += len(links)
        for link in links:
            status = client.get(link).status_code
            if status != 200:
                problems.append(f"{list_url} shows {link} to {role}, which answers {status}")
    assert not problems, "\n".join(problems)
    # Every role sees at least the public protocol: a list whose links are no longer found
    # would otherwise leave nothing checked.
    assert checked, f"no detail link found on any list {role} may open"


@pytest.mark.parametrize("role", ROLES)
def test_protocols_a_role_may_open_are_listed(role, world, role_client):
    """The reverse for the library: every protocol whose page opens is in the list."""
    from documents.models import Protocol

    client = role_client(role)
    library = client.get("/protocoles/")
    assert library.status_code == 200  # the library is open to everyone, visitors included
    html = library.content.decode()
    for protocol in Protocol.objects.all():
        url = f"/protocoles/{protocol.slug}/"
        if client.get(url).status_code == 200 and protocol.current_version_id:
            assert url in html, f"{role} may open {url} but the library does not list it"
