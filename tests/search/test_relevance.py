"""The measured query set: recall of the expected results in the first ten, precision, and the
very same rankings on SQLite and PostgreSQL (both compared with rankings.json).

Run it on both databases:
    .venv/bin/python -m pytest tests/search/test_relevance.py -n 0 -q -s
    DATABASE_URL=postgres://... .venv/bin/python -m pytest tests/search/test_relevance.py -n 0 -q -s
``SEARCH_WRITE_RANKINGS=1`` rewrites rankings.json after a deliberate change of behaviour.
"""

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from directory.models import Profile, Resource
from directory.search.query import search_profiles, search_resources
from documents.models import Protocol
from documents.search import search_protocols
from portal.members.factories import UserFactory
from portal.members.services import members_group
from portal.members.viewer import Viewer

from . import corpus
from .queries import DIRECTORY, PROTOCOL_QUERIES, RESOURCES

RANKINGS = Path(__file__).with_name("rankings.json")
MIN_RECALL = 0.97
MIN_PRECISION = 0.85

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(db):
    return corpus.build()


def run_directory(query):
    # A member with no entry of their own: approval's "Membres" group is all the search reads.
    reader = UserFactory()
    reader.groups.add(members_group())
    found = search_profiles(Profile.objects.listed(), query, Viewer(reader))
    return list(found.values_list("user__last_name", flat=True)[:10])


def run_resources(query):
    found = search_resources(Resource.objects.published(), query)
    return list(found.values_list("name", flat=True)[:10])


def run_protocols(query):
    found = search_protocols(Protocol.objects.visible_to(AnonymousUser()), query)
    return list(found.values_list("title", flat=True)[:10])


DOMAINS = {
    "directory": (DIRECTORY, run_directory),
    "resources": (RESOURCES, run_resources),
    "protocols": (PROTOCOL_QUERIES, run_protocols),
}


def measure(queries, run):
    rows = []
    for query, expected, first in queries:
        results = run(query)
        hits = expected & set(results)
        rows.append(
            {
                "query": query,
                "results": results,
                "recall": len(hits) / min(len(expected), 10),
                "precision": len(hits) / len(results) if results else 0.0,
                "first_ok": first is None or (results[:1] == [first]),
            }
        )
    return rows


def test_query_set_recall_precision_and_same_rankings_on_every_database(built):
    assert sum(len(queries) for queries, _run in DOMAINS.values()) >= 60
    rankings, report, failures = {}, [], []
    for domain, (queries, run) in DOMAINS.items():
        rows = measure(queries, run)
        rankings[domain] = {row["query"]: row["results"] for row in rows}
        recall = sum(r["recall"] for r in rows) / len(rows)
        precision = sum(r["precision"] for r in rows) / len(rows)
        report.append(
            f"{connection.vendor} {domain}: {len(rows)} requêtes, "
            f"rappel@10 {recall:.3f}, précision@10 {precision:.3f}"
        )
        failures += [
            f"{domain} « {r['query']} » -> {r['results']}"
            for r in rows
            if r["recall"] < 1 or not r["first_ok"]
        ]
        assert recall >= MIN_RECALL, (report, failures)
        assert precision >= MIN_PRECISION, (report, failures)
    print("\n".join(report + ["pas trouvé ou mal classé :", *failures]))
    assert not [f for f in failures if "«" in f and "->" in f and f.endswith("[]")], failures
    if os.environ.get("SEARCH_WRITE_RANKINGS"):
        RANKINGS.write_text(json.dumps(rankings, ensure_ascii=False, indent=1) + "\n")
    # The same rankings on SQLite and PostgreSQL: both runs compare with the same file.
    assert rankings == json.loads(RANKINGS.read_text())
