"""The protocols' search index (portal.search): title, category and professions, tags, summary.

Which protocols a viewer sees stays ``Protocol.objects.visible_to`` (published, and public or
the viewer a member); the index only says which of them match and how well.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import m2m_changed, post_save
from django.utils import translation

from portal.search.normalize import plain_column, stemmed_column
from portal.search.query import build_query, clear_words, remember_words

from .models import Protocol, ProtocolSearch

DOMAIN = "protocoles"


def protocol_row(protocol):
    professions = []
    for profession in protocol.target_professions.all():
        professions += [profession.name, profession.name_feminine, profession.plural]
    tags = [tag.name for tag in protocol.tags.all()]
    row = ProtocolSearch(
        protocol=protocol,
        title=stemmed_column(protocol.title),
        kind=stemmed_column(
            protocol.get_category_display(), protocol.commission.name, *professions
        ),
        tags=stemmed_column(*tags),
        summary=stemmed_column(protocol.summary),
    )
    words = plain_column(protocol.title, protocol.summary, *tags, *professions)
    return row, words


@transaction.atomic
def index_protocols(protocols):
    protocols = list(protocols)
    with translation.override(settings.LANGUAGE_CODE):
        built = [protocol_row(p) for p in protocols]
    ProtocolSearch.objects.filter(protocol__in=[p.pk for p in protocols]).delete()
    ProtocolSearch.objects.bulk_create([row for row, _words in built], batch_size=500)
    remember_words(DOMAIN, *[words for _row, words in built])


def _with_related(queryset):
    return queryset.select_related("commission").prefetch_related("target_professions", "tags")


def rebuild():
    ProtocolSearch.objects.all().delete()
    clear_words(DOMAIN)
    protocols = list(_with_related(Protocol.objects.all()))
    index_protocols(protocols)
    return len(protocols)


def search_protocols(queryset, text):
    """``queryset`` (already what the viewer may see) narrowed to ``text``, best first."""
    query = build_query(text, DOMAIN)
    if not query:
        return queryset
    matching = ProtocolSearch.objects.filter(query.match(ProtocolSearch.COLUMNS))
    rows = ProtocolSearch.objects.filter(protocol=OuterRef("pk"))
    score = rows.annotate(s=query.score(ProtocolSearch.COLUMNS)).values("s")[:1]
    return (
        queryset.filter(pk__in=matching.values("protocol_id"))
        .annotate(search_score=Subquery(score))
        .order_by("-search_score", "title", "pk")
    )


def _reindex(protocol_id):
    index_protocols(_with_related(Protocol.objects.filter(pk=protocol_id)))


def on_protocol_saved(sender, instance, **kwargs):
    _reindex(instance.pk)


def on_relation_changed(sender, instance, action, **kwargs):
    if isinstance(instance, Protocol) and action in ("post_add", "post_remove", "post_clear"):
        _reindex(instance.pk)


def connect():
    post_save.connect(on_protocol_saved, sender=Protocol, dispatch_uid="protocol-search")
    m2m_changed.connect(on_relation_changed, dispatch_uid="protocol-search-relations")
