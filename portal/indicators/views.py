"""The bureau's report (Wagtail admin), its CSV downloads, and the reduced public page."""

import csv
import re
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.members.models import Profession
from portal.members.viewer import Viewer

from . import charts, queries
from .models import IndicatorsSettings

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def scope_of(viewer):
    """The bureau sees everything; a commission member sees their commissions' protocols."""
    viewer = Viewer.of(viewer)
    if viewer.user.has_perm("members.change_membership"):
        return queries.EVERYTHING
    return queries.Scope(commission_ids=viewer.commission_ids)


class MonthField(forms.CharField):
    # No placeholder: HTML forbids it on type=month; browsers without a month picker show
    # a text box, so the format is in the help text.
    widget = forms.TextInput(attrs={"type": "month"})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("Au format AAAA-MM, par exemple 2026-09."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = MONTH_RE.match(value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(_("Indiquez un mois au format AAAA-MM."))
        return date(int(match[1]), int(match[2]), 1)


class FiltersForm(forms.Form):
    start = MonthField(label=_("Du mois"), required=False)
    end = MonthField(label=_("Au mois (inclus)"), required=False)
    profession = forms.ModelChoiceField(
        label=_("Profession"),
        queryset=Profession.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Toutes"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("Le mois de début doit précéder le mois de fin."))
        if start and end and (end.year - start.year) * 12 + end.month - start.month >= 60:
            raise forms.ValidationError(_("La période est limitée à cinq ans."))
        return data

    def filters(self):
        """The chosen filters, or the last twelve months when the form is empty or invalid."""
        default = queries.Filters.default()
        if not self.is_valid():
            return default
        start = self.cleaned_data.get("start")
        end = self.cleaned_data.get("end")
        if start and not end:
            end = max(start, default.end)
        elif end and not start:
            start = queries.add_months(end, -11)
        profession = self.cleaned_data.get("profession")
        return queries.Filters(
            start=start or default.start,
            end=end or default.end,
            profession_id=profession.pk if profession else None,
            profession_name=str(profession) if profession else "",
        )


def table_body(table):
    """The table's rows as HTML: a row header, then one cell per value, every value escaped.

    Built here rather than by two nested template loops: at regional scale the report shows
    hundreds of rows (one per protocol, per commune) and those loops were a third of its
    rendering time.
    """
    return mark_safe(  # noqa: S308 (every value goes through conditional_escape)
        "\n".join(
            '<tr><th scope="row">{}</th>{}</tr>'.format(
                conditional_escape(charts.fmt(row[0])),
                "".join(f"<td>{conditional_escape(charts.fmt(v))}</td>" for v in row[1:]),
            )
            for row in table.rows
        )
    )


def figures(report, prefix):
    """Each table with its SVG chart and its rows formatted for display."""
    return [
        (
            section,
            [
                {
                    "table": t,
                    "chart": charts.render(t, f"{prefix}-{t.key}"),
                    "body": table_body(t),
                }
                for t in tables
            ],
        )
        for section, tables in report
    ]


SECTION_TITLES = {
    "members": _("Adhérents et annuaire"),
    "boards": _("Remplacements et entraide"),
    "protocols": _("Protocoles"),
    "forum": _("Forum"),
}


class ReportAccessMixin:
    """The bureau, or a member of at least one commission (for its protocols)."""

    def dispatch(self, request, *args, **kwargs):
        self.scope = scope_of(request.viewer)
        if not self.scope.sections():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportView(ReportAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "indicators/report.html"
    page_title = _("Indicateurs")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FiltersForm(self.request.GET or None)
        filters = form.filters()
        report = queries.build_report(filters, self.scope)
        context.update(
            form=form,
            filters=filters,
            querystring=self.request.GET.urlencode(),
            sections=[
                (SECTION_TITLES[section], items) for section, items in figures(report, "ind")
            ],
            is_bureau=self.scope.everything,
        )
        return context


class CsvView(ReportAccessMixin, TemplateView):
    """One table as CSV: the same rows as the chart beside its link."""

    def get(self, request, key):
        filters = FiltersForm(request.GET or None).filters()
        table = queries.find_table(key, filters, self.scope)
        if table is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"indicateurs-{key}-{queries.month_label(filters.start)}-{queries.month_label(filters.end)}"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")  # BOM: spreadsheets then read the accents right.
        write_csv(response, table)
        return response


def write_csv(stream, table):
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([str(c) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if v is None else v for v in row])


class PublicView(TemplateView):
    """The reduced version, only when the bureau published it."""

    template_name = "indicators/public.html"

    def get(self, request, *args, **kwargs):
        if not IndicatorsSettings.for_request(request).public_enabled:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = queries.Filters.default()
        context.update(
            filters=filters,
            sections=[
                (SECTION_TITLES[section], items)
                for section, items in figures(queries.public_report(filters), "pub")
                if items
            ],
        )
        return context
