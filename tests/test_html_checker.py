"""The W3C Nu HTML checker (vnu.jar, from the vnu-jar npm package, run with the machine's
Java) on the main pages, as a visitor and as a member: 0 errors (issue 15).

CI installs the jar (.ci/run) and sets REQUIRE_VNU so the check cannot quietly skip; on a
machine without it, the test says how to get it and skips. The pages checked are kept under
var/html-check/ for a reviewer. The member pages show a member's ordinary day
(tests/bench/member_day.py: topics, protocols, locum and mutual-aid requests, colleagues).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.bench.member_day import build_member_day

pytestmark = pytest.mark.django_db

VNU_JAR = os.environ.get("VNU_JAR") or str(
    Path(settings.BASE_DIR)
    / "var"
    / "vnu"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
OUT = Path(settings.BASE_DIR) / "var" / "html-check"
VISITOR_PAGES = ["/", "/compte/login/", "/compte/signup/", "/annuaire/", "/protocoles/"]
MEMBER_PAGES = [
    "/annuaire/",
    "/annuaire/moi/",
    "/remplacements/",
    "/remplacements/nouvelle/",
    "/entraide/",
    "/entraide/nouvelle/",
    "/metiers/",
    "/metiers/infirmiers/",
    "/espace-membres/",
    "/forum/",
    "/protocoles/",
    "/compte/",
]


def _checker():
    java = shutil.which("java")
    if java and Path(VNU_JAR).exists():
        return [java, "-jar", VNU_JAR]
    reason = (
        f"Nu HTML checker not found (java: {java}, jar: {VNU_JAR}); "
        "npm install --prefix var/vnu vnu-jar"
    )
    if os.environ.get("REQUIRE_VNU"):
        pytest.fail(reason)
    pytest.skip(reason)


def _save(client, path, who):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    name = f"{who}{re.sub(r'[^a-z0-9]+', '_', path)}.html"
    target = OUT / name
    target.write_bytes(response.content)
    return str(target)


def test_main_pages_have_no_html_error(client, login, people):
    checker = _checker()
    topic = build_member_day(people).topic
    OUT.mkdir(parents=True, exist_ok=True)
    files = [_save(client, path, "visiteur") for path in VISITOR_PAGES]
    member = login(people.infirmiere)
    topic_path = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum_id,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    files += [_save(member, path, "adherente") for path in [*MEMBER_PAGES, topic_path]]
    result = subprocess.run(  # noqa: S603 (our own paths: java, the jar, the pages saved)
        [*checker, "--errors-only", *files], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[:5000]
