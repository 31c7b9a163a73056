"""The figures against data built in the test (isolated by the test's own profession)."""

import pytest
from django.core.cache import cache
from machina.apps.forum_conversation.models import Post, Topic

from forum.conversation import open_topic, reply
from portal.indicators import queries
from portal.members.models import Profession
from tests.indicators.conftest import COMMUNE, month_start

pytestmark = pytest.mark.django_db


def table(key, filters, scope=queries.EVERYTHING):
    found = queries.find_table(key, filters, scope)
    assert found is not None, key
    return found


def figure(rows, label):
    return dict(rows)[label]


def profession_name(slug):
    return Profession.objects.get(slug=slug).name


def test_members_by_profession_and_commune(world):
    filters = world["filters"]
    assert table("members-by-profession", filters).rows == [(world["profession"].name, 6)]
    by_commune = table("members-by-commune", filters)
    assert by_commune.rows == [(COMMUNE, 6)]
    # The test commune is not in the territory list: it has no position, so no circle.
    assert by_commune.coords == {}


def test_members_without_filter_count_every_profession(world):
    """Every approved member counts: the six of the test's profession and the people's
    (the bureau officer and the doctor are doctors; the applicant is not approved)."""
    rows = table("members-by-profession", queries.Filters.default()).rows
    assert dict(rows) == {
        world["profession"].name: 6,
        profession_name("medecins"): 2,
        profession_name("infirmiers"): 1,
        profession_name("kinesitherapeutes"): 1,
    }
    assert rows[0] == (world["profession"].name, 6)  # the largest first


def test_applicants_waiting_and_stale_entries(world):
    rows = table("applications", world["filters"]).rows
    assert figure(rows, "Demandes en attente") == 2
    assert figure(rows, "Attente médiane des demandes en attente (jours)") == 20.0
    assert figure(rows, "Attente maximale (jours)") == 30.0
    assert figure(rows, "Fiches non confirmées depuis un an") == 4


def test_decisions_count_and_median_delay(world):
    """The median is taken by the database (count, then the middle rows): check both parities."""
    from datetime import timedelta

    from django.utils import timezone

    from portal.members.models import Membership

    decided = timezone.now() - timedelta(days=1)
    memberships = Membership.objects.filter(user__in=world["members"]).order_by("pk")
    for days, membership in zip([1, 2, 3, 4, 5, 6], memberships, strict=True):
        Membership.objects.filter(pk=membership.pk).update(
            decided_at=decided, applied_at=decided - timedelta(days=days)
        )
    rows = table("applications", world["filters"]).rows
    assert figure(rows, "Demandes tranchées sur la période") == 6
    assert figure(rows, "Délai médian de décision sur la période (jours)") == 3.5
    # A pending application is not a decision, whatever its dates: 5 left, 2 to 6 days.
    Membership.objects.filter(pk=memberships[0].pk).update(status=Membership.Status.PENDING)
    cache.clear()
    rows = table("applications", world["filters"]).rows
    assert figure(rows, "Demandes tranchées sur la période") == 5
    assert figure(rows, "Délai médian de décision sur la période (jours)") == 4.0
    assert figure(rows, "Demandes en attente") == 3


def test_locum_figures(world):
    filters = world["filters"]
    per_month = {m: (n, d) for m, n, d in table("locum-per-month", filters).rows}
    assert per_month[world["month"]] == (3, 1)
    assert sum(n for n, _d in per_month.values()) == 3
    summary = table("locum-summary", filters).rows
    assert figure(summary, "Demandes publiées") == 3
    assert figure(summary, "Pourvues") == 1
    assert figure(summary, "Part (%)") == 33
    # First answers after 1 and 3 days; filled after 2 days.
    assert figure(summary, "Délai médian de première réponse (jours)") == 2.0
    assert figure(summary, "Délai médian jusqu'à pourvue (jours)") == 2.0
    by_commune = {row[0]: row[1:] for row in table("locum-by-commune", filters).rows}
    assert by_commune == {
        COMMUNE: (2, 1, 50, 2.0, 2.0),
        "Autre-commune-test": (1, 0, 0, None, None),
    }
    assert table("locum-by-profession", filters).rows == [
        (world["profession"].name, 3, 1, 33, 2.0, 2.0)
    ]


def test_mutual_aid_figures(world):
    filters = world["filters"]
    summary = table("aid-summary", filters).rows
    assert figure(summary, "Demandes publiées") == 2
    assert figure(summary, "Résolues") == 1
    assert figure(summary, "Part (%)") == 50
    assert figure(summary, "Délai médian de première réponse (jours)") == 0.2  # 6 hours
    assert figure(summary, "Délai médian jusqu'à résolue (jours)") == 0.5
    assert table("aid-by-commune", filters).rows == [(COMMUNE, 2, 1, 50, 0.2, 0.5)]


def test_protocol_figures(world):
    filters = world["filters"]
    status = {row[0]: row[1:] for row in table("protocols-status", filters).rows}
    assert status[world["commission"].name] == (2, 1, 1)
    assert table("downloads-by-protocol", filters).rows == [
        ("Protocole test 0", 10),
        ("Protocole test 1", 2),
    ]
    per_month = table("downloads-per-month", filters)
    assert per_month.columns == ("Mois", world["profession"].name)
    months = dict(per_month.rows)
    assert months[world["month"]] == 9
    assert months[world["previous_month"]] == 3


def test_commission_scope_sees_only_its_protocols(world):
    scope = queries.Scope(commission_ids=frozenset({world["commission"].pk}))
    assert scope.sections() == ("protocols",)
    status = table("protocols-status", queries.Filters.default(), scope)
    assert [row[0] for row in status.rows] == [world["commission"].name]
    assert queries.find_table("members-by-profession", queries.Filters.default(), scope) is None


def test_forum_activity(world):
    """Approval opens a welcome topic too (posted by the new member, now): the six members'
    welcome topics count in the world's month when it is the current one."""
    filters = world["filters"]

    def current():
        cache.clear()
        rows = {m: (t, p) for m, t, p in table("forum-per-month", filters).rows}
        return rows[world["month"]]

    welcomes = Topic.objects.filter(poster__in=world["members"], subject__startswith="Bienvenue")
    assert welcomes.count() == 6
    welcomes_now = 6 if world["this_month"] == month_start().date() else 0
    topics_before, posts_before = current()
    # Two topics and three replies built in the world, plus the welcome topics (one post each).
    assert (topics_before, posts_before) == (2 + welcomes_now, 5 + welcomes_now)
    topic = Topic.objects.filter(subject="Sujet A").get()
    new = open_topic(topic.forum, poster=world["members"][5], subject="Sujet C", content="Bonjour")
    reply(new, poster=world["members"][0], content="Réponse")
    reply(new, poster=world["members"][1], content="Réponse")
    Topic.objects.filter(pk=new.pk).update(created=topic.created)
    Post.objects.filter(topic=new).update(created=topic.created)
    # A reply saves its topic: the instance must carry the date just written.
    new.refresh_from_db()
    assert current() == (topics_before + 1, posts_before + 3)
    # A post by someone of another profession is not counted under this one.
    reply(new, poster=world["outsider"], content="Réponse")
    Post.objects.filter(topic=new).update(created=topic.created)
    assert current() == (topics_before + 1, posts_before + 3)


def test_period_filter_excludes_other_months(world):
    # Two months before the world's month (which is the previous one early in a month).
    month = queries.add_months(world["this_month"], -2)
    filters = queries.Filters(
        start=month, end=month, profession_id=world["profession"].pk, profession_name="x"
    )
    assert table("locum-per-month", filters).rows == [(queries.month_label(month), 0, 0)]
    assert table("downloads-by-protocol", filters).rows == []


def test_results_are_cached_with_the_filters_in_the_key(world, django_assert_num_queries):
    cache.clear()
    filters = world["filters"]
    queries.build_section("forum", filters)
    with django_assert_num_queries(0):
        queries.build_section("forum", filters)
    other = queries.Filters.default()
    assert other.cache_key("forum", queries.EVERYTHING) != filters.cache_key(
        "forum", queries.EVERYTHING
    )
    with django_assert_num_queries(2):
        queries.build_section("forum", other)


def test_key_figures(world):
    """Approved: the six of the world and four of the people; pending: the world's two
    applicants (waiting 10 and 30 days) and the people's applicant (just now); the protocols
    are the world's (the people's commission has none)."""
    assert dict(queries.key_figures()) == {
        "Adhérents": 10,
        "Demandes d'adhésion en attente": 3,
        "Plus ancienne demande (jours)": 30,
        "Protocoles validés": 2,
        "Protocoles en attente de validation": 1,
        "Protocoles à réviser": 1,
    }
    scope = queries.Scope(commission_ids=frozenset({world["commission"].pk}))
    assert dict(queries.key_figures(scope)) == {
        "Protocoles validés": 2,
        "Protocoles en attente de validation": 1,
        "Protocoles à réviser": 1,
    }
