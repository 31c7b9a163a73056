"""The portal's caches: two mechanisms, both keyed by django-cachalot's table write stamps.

1. **Visitor pages** (``AnonymousPageCacheMiddleware``): a whole HTML page per host,
   language and URL, for requests with no session or messages cookie, outside
   ``ANONYMOUS_PAGE_CACHE_EXCLUDE``; CSRF tokens are punched out and each visitor gets their
   own. Valid while no table has been written since it was stored (``last_write``: one key
   that every write moves). Production default 60 s (``ANONYMOUS_PAGE_CACHE_SECONDS``).
   Worth it: a visitor page at regional scale answers from one cache round trip, its copy
   and the last write read together (bench/README.md).
2. **Shared values and fragments** (``cached_value``/``cached_values``, and
   ``fragment_generations`` in a ``{% cache %}`` key): a value under a name, the parts it
   depends on besides the data (viewer level, language, query string...) and the stamps of
   the models it reads. Used where the benchmark showed the rendering dominates: directory
   and board result lists, the protocol library, a profession space, the dashboard, a topic's
   posts, the forum tree, filter forms, Wagtail's routing and view restrictions, the
   association's identity, machina's permissions (per user) and forum list.

What invalidates both: django-cachalot's table write stamps (``portal/core/stamps.py``),
recorded for every write made through Django's database layer in every process, and stamped
again once a write outside a transaction has run. No model signal, no model list kept by
hand, no ``touch()``: a stamp in the key means a write anywhere renews the copy everywhere.
Values and fragments read the stamps of the tables they show; visitor pages, which depend on
nearly every table, read one last-write key (reading ~200 table stamps instead cost them half
their throughput, bench/README.md).

Previews, drafts and old revisions render inside ``uncached()``: they neither read nor
store a shared copy. ``tests/coherence`` renders every page for every role with the caches
on and off after every kind of write: a cache that could differ from the page fails there.

Also here, not caching: machina's middleware without the session it opened for every visitor
(``ForumPermissionMiddleware``) and its permission queries done once per request
(``RequestPermissionHandler``).
"""

import hashlib
import re
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware as MachinaForumPermissionMiddleware,
)
from machina.conf import settings as machina_settings
from machina.core.loading import get_class
from mptt.utils import get_cached_trees

from .stamps import LAST_WRITE_KEY, _bypass, last_write, table_of, table_stamps

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")
ForumPermissionChecker = get_class("forum_permission.checker", "ForumPermissionChecker")


class AllForumsPermissionChecker(ForumPermissionChecker):
    """machina's checker, computing the user's permissions on every forum at once.

    machina queries the user and group permission tables again for each forum
    checked and for each list of permissions asked (two queries each time: a
    topic page asked them four times). Here the two queries run once per request
    for all the forums, with machina's own precedence rules, and every later
    question is answered from memory. Only valid while
    MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS is empty (the portal's
    rule): otherwise machina's answer depends on the codenames asked, and its own
    code is used.
    """

    def __init__(self, user, all_forums):
        super().__init__(user)
        self._all_forums = all_forums
        self._by_forum_id = None

    def _shared_key(self):
        """The user's permissions on every forum are also kept in the shared cache, under
        the counters of what they derive from: permission rows, forums, group memberships."""
        who = "anonymous" if self.user.is_anonymous else self.user.pk
        generations = ".".join(map(str, fragment_generations(*FORUM_PERMISSION_MODELS)))
        return f"forum-perms:{who}:{generations}"

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        if machina_settings.DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS:
            return super().get_perms_for_forumlist(forums, perm_codenames)
        if self._by_forum_id is None:
            key = self._shared_key()
            by_forum_id = cache.get(key)
            if by_forum_id is None:
                every_forum = self._all_forums()
                perms = super().get_perms_for_forumlist(every_forum, None)
                by_forum_id = {forum.id: frozenset(perms[forum]) for forum in every_forum}
                cache.set(key, by_forum_id, FORUM_PERMISSIONS_SECONDS)
            self._by_forum_id = by_forum_id
        result = OrderedDict()
        for forum in forums:
            if forum is None or forum.id not in self._by_forum_id:
                return super().get_perms_for_forumlist(forums, perm_codenames)
            codes = self._by_forum_id[forum.id]
            result[forum] = codes & set(perm_codenames) if perm_codenames else set(codes)
        return result


class RequestPermissionHandler(PermissionHandler):
    """machina's permission handler with its queries done once per request.

    The forums are read once (machina read them again for the tree and returned
    a queryset that was evaluated again), permissions come from
    AllForumsPermissionChecker, and the tree filter works on the loaded forums.
    """

    def _get_checker(self, user):
        key = user.id if not user.is_anonymous else "anonymous"
        if key not in self._user_perm_checkers_cache:
            self._user_perm_checkers_cache[key] = AllForumsPermissionChecker(
                user, self._get_all_forums
            )
        return self._user_perm_checkers_cache[key]

    def _get_all_forums(self):
        """Every forum, from the shared cache: any forum save (a post updates its counters)
        renews the list on every app server."""
        if not hasattr(self, "_all_forums"):
            (generation,) = fragment_generations("forum.forum")
            key = f"forums:all:{generation}"
            forums = cache.get(key)
            if forums is None:
                from machina.apps.forum.models import Forum

                forums = list(Forum.objects.all())
                cache.set(key, forums, FORUM_PERMISSIONS_SECONDS)
            self._all_forums = forums
        return self._all_forums

    def _get_top_nodes(self):
        if not hasattr(self, "_top_nodes"):
            self._top_nodes = get_cached_trees(self._get_all_forums())
        return self._top_nodes

    def _filter_granted_forums_using_tree(self, granted_forums):
        granted = {forum.id for forum in granted_forums}
        kept = set()

        def walk(node):
            if node.id in granted:
                kept.add(node.id)
                for child in node.get_children():
                    walk(child)

        for top in self._get_top_nodes():
            walk(top)
        return [forum for forum in self._get_all_forums() if forum.id in kept]


CSRF_PLACEHOLDER = b"@@anon-page-cache-csrf-token@@"
CSRF_INPUT_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
TOKEN_LIKE_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


class ForumPermissionMiddleware(MachinaForumPermissionMiddleware):
    """machina's middleware, but the anonymous key is only created on forum URLs."""

    def process_request(self, request):
        if not request.user.is_authenticated and request.path.startswith(forum_prefixes()):
            super().process_request(request)
        request.forum_permission_handler = RequestPermissionHandler()
        return None


def forum_prefixes():
    return tuple(getattr(settings, "FORUM_URL_PREFIXES", ("/forum/",)))


# What a user's forum permissions derive from (permission rows, groups, group memberships).
# Not "forum.forum": every post saves its forum's counters, and the permissions do not depend
# on them (a forum created since is missing from the cached map, and machina's code answers).
FORUM_PERMISSION_MODELS = (
    "forum_permission.userforumpermission",
    "forum_permission.groupforumpermission",
    "forum_permission.forumpermission",
    "auth.group",
    "members.user_groups",
)
FORUM_PERMISSIONS_SECONDS = 300


FRAGMENT_SECONDS = 300


def fragment_key(name, parts, generations):
    return f"fragment:{name}:" + hashlib.sha256(repr((parts, generations)).encode()).hexdigest()


def cached_value(name, parts, labels, compute, seconds=FRAGMENT_SECONDS, shareable=None):
    """``compute()``, kept in the shared cache under ``name``, ``parts`` (what the value
    depends on besides the data) and the counters of ``labels`` (the models it reads): any
    write on those models gives the next call a new key.

    ``shareable(value)``, when given, says whether a value may be served to the current
    viewer and kept for the next ones (a list holding the viewer's own entry may not): a
    cached value it refuses is computed afresh, a computed one it refuses is not stored.
    """
    if _bypass.get():
        return compute()
    if shareable is None:
        return cached_values({"value": (name, parts, labels, compute)}, seconds)["value"]
    key = fragment_key(name, parts, fragment_generations(*labels))
    value = cache.get(key)
    if value is not None and shareable(value):
        return value
    value = compute()
    if shareable(value):
        cache.set(key, value, seconds)
    return value


def cached_values(specs, seconds=FRAGMENT_SECONDS):
    """Several ``cached_value`` at once, in two cache round trips (the counters, then the
    values) whatever their number: ``specs`` maps a result name to
    ``(name, parts, labels, compute)``; returns the results under the same names."""
    labels = sorted(
        {label for _name, _parts, spec_labels, _compute in specs.values() for label in spec_labels}
    )
    if _bypass.get():
        return {result: spec[3]() for result, spec in specs.items()}
    stamps = dict(zip(labels, fragment_generations(*labels), strict=True))
    keys = {
        result: fragment_key(name, parts, tuple(stamps[label] for label in spec_labels))
        for result, (name, parts, spec_labels, _compute) in specs.items()
    }
    found = cache.get_many(list(keys.values()))
    values, missing = {}, {}
    for result, key in keys.items():
        if key in found:
            values[result] = found[key]
        else:
            values[result] = missing[key] = specs[result][3]()
    if missing:
        cache.set_many(missing, seconds)
    return values


def fragment_generations(*labels):
    """The stamps of the models ``labels`` (``table_stamps``), one cache round trip: put them
    in the key of a ``{% cache %}`` fragment so any write on those models renews it."""
    return table_stamps([table_of(label) for label in labels])


class AnonymousPageCacheMiddleware:
    """Serve visitors' GET pages from the shared cache.

    Cached only when all hold: GET/HEAD, the request carries no session or
    messages cookie (so it is a visitor with nothing personal to show), the path
    is not excluded (accounts, admin, forum, API...), and the response is a 200
    HTML page that sets no cookie, opened no session, consumed no message and is
    not marked private/no-store. Entries expire after
    ANONYMOUS_PAGE_CACHE_SECONDS and as soon as any table is written (``last_write``). A
    signed-in member is never served from this cache.

    CSRF tokens (the language form is on every page) are punched out of the
    stored copy and each visitor gets their own on a hit; a page where a token
    shows up anywhere else is not stored. Sits right after CsrfViewMiddleware,
    which then sets the visitor's CSRF cookie as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 0)
        self.excluded = tuple(getattr(settings, "ANONYMOUS_PAGE_CACHE_EXCLUDE", ()))
        # note_write is connected in CoreConfig.ready(), so that writes from management
        # commands, workers and the scheduler renew visitors' pages too, not only the web's.

    def eligible(self, request):
        return (
            self.timeout
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(self.excluded)
        )

    def key(self, request):
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        raw = f"{request.get_host()}|{language}|{request.get_full_path()}"
        return "anon-page-cache:" + hashlib.sha256(raw.encode()).hexdigest()

    def __call__(self, request):
        if not self.eligible(request):
            return self.get_response(request)
        key = self.key(request)
        found = cache.get_many([key, LAST_WRITE_KEY])  # one round trip on a hit
        generation = last_write(found)
        entry = found.get(key)
        if entry and entry[0] == generation:
            _generation, status, headers, content = entry
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, status=status, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self.storable(response) and self.untouched(request):
            content = self.without_csrf_token(request, response.content)
            if content is not None:
                headers = dict(response.items())
                cache.set(key, (generation, response.status_code, headers, content), self.timeout)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def untouched(request):
        """Nothing personal happened: no session written, no message stored for later."""
        session = getattr(request, "session", None)
        return session is None or not session.modified

    @staticmethod
    def without_csrf_token(request, content):
        """The content with its CSRF tokens replaced by a placeholder, or None if that is unsafe."""
        if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return content
        secret = request.META.get("CSRF_COOKIE")
        content = CSRF_INPUT_RE.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", content)
        for candidate in TOKEN_LIKE_RE.findall(content):
            if secret and _unmask_cipher_token(candidate.decode()) == secret:
                return None  # a token outside a form field: do not guess, do not store
        return content

    @staticmethod
    def storable(response):
        cache_control = response.get("Cache-Control", "").lower()
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and response.get("Content-Type", "").startswith("text/html")
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
        )
