"""The admin report, its CSVs, the dashboard panel, access rules and the public page."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Site

from community.factories import LocumRequestFactory, LocumResponseFactory
from documents.factories import ProtocolVersionFactory
from documents.models import DownloadStat, ProtocolVersion
from forum.conversation import open_topic, reply
from portal.indicators import charts, queries, views
from portal.indicators.models import IndicatorsSettings
from portal.members.factories import MembershipFactory, ProfessionFactory
from tests.indicators.conftest import COMMUNE
from tests.people import enrol_totp
from tests.refusals import assert_sent_to_admin_login

pytestmark = pytest.mark.django_db

REPORT = "/admin/indicateurs/"


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def as_csv(table):
    return [[str(c) for c in table.columns]] + [
        ["" if v is None else str(v) for v in row] for row in table.rows
    ]


# --- access ----------------------------------------------------------------------------


def test_visitor_is_sent_to_login(client):
    for url in (REPORT, reverse("indicators_csv", args=["members-by-profession"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/admin/login/?next={url}"


def test_member_without_role_has_no_access(login, people):
    # An approved member in no commission, not the bureau; enrolled in two-factor, so what
    # refuses is the admin itself.
    client = login(enrol_totp(people.medecin))
    for url in (REPORT, reverse("indicators_csv", args=["members-by-profession"])):
        response = client.get(url)
        assert_sent_to_admin_login(response, url)


def test_bureau_sees_every_section(login, people):
    response = login(people.bureau).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for title in (
        "Adhérents par profession",
        "Adhérents par commune d&#x27;exercice",
        "Demandes de remplacement par mois",
        "Demandes d&#x27;entraide par mois",
        "Protocoles par commission",
        "Téléchargements par protocole",
        "Activité du forum par mois",
    ):
        assert title in html, title
    assert "<svg" in html and "<title id=" in html
    assert "cdn" not in html.lower().replace("cdnjs", "cdn")  # no third-party chart library


def test_commission_member_sees_only_their_commissions_protocols(login, validator, world):
    commission = world["people"].commission  # the one ``validator`` validates for
    ProtocolVersionFactory(protocol__commission=commission, validated_by=validator)
    response = login(validator).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Protocoles par commission" in html
    assert f'<th scope="row">{escape(commission.name)}</th><td>1</td>' in html
    assert world["commission"].name not in html  # not their commission
    assert "Adhérents par profession" not in html
    assert "Activité du forum" not in html
    client = login(validator)
    csv_url = reverse("indicators_csv", args=["members-by-profession"])
    assert client.get(csv_url).status_code == 404


def test_menu_item_and_dashboard_panel(login, people, validator):
    html = login(people.bureau).get("/admin/").content.decode()
    assert REPORT in html
    assert "Demandes d&#x27;adhésion en attente" in html
    html = login(validator).get("/admin/").content.decode()
    assert "Protocoles en attente de validation" in html
    assert "Demandes d&#x27;adhésion en attente" not in html


# --- CSV = chart ----------------------------------------------------------------------


def test_every_csv_matches_its_table_and_chart(login, world):
    client = login(world["people"].bureau)
    query = f"?profession={world['profession'].slug}"
    report = queries.build_report(world["filters"])
    keys = [t.key for _s, tables in report for t in tables]
    assert len(keys) == 15
    for _section, tables in report:
        for table in tables:
            response = client.get(reverse("indicators_csv", args=[table.key]) + query)
            assert response.status_code == 200, table.key
            assert response["Content-Type"].startswith("text/csv")
            assert csv_rows(response) == as_csv(table), table.key
            svg = charts.render(table, "t")
            if table.chart in ("bar", "line"):
                for row in table.rows:
                    for i in table.charted:
                        label = f"{row[0]} — {table.columns[i]} : {charts.fmt(row[i])}"
                        assert escape(label) in svg, (table.key, label)
    # A few figures from the CSVs themselves, against the data built in the test.
    rows = csv_rows(client.get(reverse("indicators_csv", args=["members-by-profession"]) + query))
    assert rows[1:] == [[world["profession"].name, "6"]]
    rows = csv_rows(client.get(reverse("indicators_csv", args=["downloads-by-protocol"]) + query))
    assert rows[1:] == [["Protocole test 0", "10"], ["Protocole test 1", "2"]]


def test_report_shows_the_filtered_figures(login, world):
    html = (
        login(world["people"].bureau)
        .get(REPORT, {"profession": world["profession"].slug})
        .content.decode()
    )
    assert f'<th scope="row">{escape(COMMUNE)}</th><td>6</td>' in html
    assert "Ergothérapeute de test — Adhérents : 6" in html


def test_table_rows_are_escaped_and_formatted():
    table = queries.Table(
        key="t", title="T", columns=("Nom", "n", "médiane", "part"),
        rows=[("<b>Sète</b> & co", 3, 1.25, None)],
    )  # fmt: skip
    assert str(views.table_body(table)) == (
        '<tr><th scope="row">&lt;b&gt;Sète&lt;/b&gt; &amp; co</th>'
        "<td>3</td><td>1,2</td><td>—</td></tr>"
    )


def test_invalid_filters_fall_back_to_the_last_twelve_months(login, people):
    response = login(people.bureau).get(REPORT, {"start": "2026-13", "end": "nope"})
    assert response.status_code == 200
    assert "Indiquez un mois au format AAAA-MM." in response.content.decode()


def test_period_filter_in_the_csv(login, world):
    month = world["previous_month"]
    url = reverse("indicators_csv", args=["downloads-by-protocol"])
    rows = csv_rows(
        login(world["people"].bureau).get(
            url, {"start": month, "end": month, "profession": world["profession"].slug}
        )
    )
    assert rows[1:] == [["Protocole test 0", "3"]]


# --- fixed number of queries ----------------------------------------------------------


def _add_volume(world, n):
    profession = world["profession"]
    members = [
        MembershipFactory(profession=profession, commune=COMMUNE, approved=True).user
        for _ in range(n)
    ]
    version = ProtocolVersion.objects.filter(protocol__title="Protocole test 0").get()
    topic = open_topic(_forum(), poster=members[0], subject="Volume", content="x")
    for index, member in enumerate(members):
        request = LocumRequestFactory(
            author=member, profession=profession, commune=f"Commune {index}"
        )
        LocumResponseFactory(request=request, responder=members[0])
        reply(topic, poster=member, content="y")
        other = ProfessionFactory()
        DownloadStat.objects.create(
            version=version, profession=other, month=timezone.localdate().replace(day=1), count=1
        )


def _forum():
    from machina.apps.forum.models import Forum

    return Forum.objects.get(name="Forum de test indicateurs")


def _report_queries(client):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(REPORT)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_report_runs_a_fixed_number_of_queries(login, world, django_assert_max_num_queries):
    client = login(world["people"].bureau)
    client.get(REPORT)  # warm Wagtail's own per-process caches
    small = _report_queries(client)
    _add_volume(world, 15)
    large = _report_queries(client)
    assert large == small
    cache.clear()
    with django_assert_max_num_queries(45):
        client.get(REPORT)
    # Cached: only the admin's own queries remain.
    with CaptureQueriesContext(connection) as context:
        client.get(REPORT)
    assert len(context.captured_queries) <= small - 19


# --- public version -------------------------------------------------------------------


def _publish(enabled=True):
    settings = IndicatorsSettings.for_site(Site.objects.get(is_default_site=True))
    settings.public_enabled = enabled
    settings.save()


def test_public_page_is_404_until_the_bureau_enables_it(client):
    assert client.get("/indicateurs/").status_code == 404
    _publish(True)
    assert client.get("/indicateurs/").status_code == 200
    _publish(False)
    assert client.get("/indicateurs/").status_code == 404


def test_public_page_hides_counts_under_five(client, world):
    few = ProfessionFactory(name="Profession rare de test", slug="rare-test", code="9992")
    for _ in range(3):
        MembershipFactory(profession=few, commune=COMMUNE, approved=True)
    _publish(True)
    html = client.get("/indicateurs/").content.decode()
    assert f'<th scope="row">{few.name}</th><td>&lt; 5</td>' in html
    assert f'<th scope="row">{world["profession"].name}</th><td>6</td>' in html
    # The chart says "< 5" too, and draws the bar no higher than 5.
    assert escape(f"{few.name} — Adhérents : < 5") in html
    # No delay, share or person-level figure, and no CSV link.
    for hidden in ("médian", "Part (%)", "Demandes en attente", "csv"):
        assert hidden not in html, hidden
    # Every count cell of the page is either "< 5" or at least 5.
    for cell in html.split("<td>")[1:]:
        value = cell.split("</td>")[0]
        assert value == "&lt; 5" or int(value) >= 5, value


def test_mask():
    assert [queries.mask(v) for v in (0, 1, 4, 5, 12, None, "x")] == [
        "< 5",
        "< 5",
        "< 5",
        5,
        12,
        None,
        "x",
    ]
    table = queries.Table(key="k", title="t", columns=("a", "b"), rows=[("x", 3), ("y", 9)])
    assert queries.public_table(table).rows == [("x", "< 5"), ("y", 9)]


def test_waiting_applicants_in_days(world):
    """A sanity check of the durations' unit (days, one decimal)."""
    assert queries.days_between(
        timezone.now() - timedelta(days=2), timezone.now()
    ) == pytest.approx(2)
