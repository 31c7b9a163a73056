"""The forum's search index (portal.search): one row per post, its subject and its message.

Which posts a reader may find stays machina's rule (approved posts of approved topics in the
forums the reader may read, forum.views.SearchView); the index says which match and how well.
"""

from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_save

from portal.search.models import SearchIndex
from portal.search.normalize import plain_column, stemmed_column
from portal.search.query import Column, build_query, clear_words, remember_words

DOMAIN = "forum"


class PostSearch(SearchIndex):
    post = models.OneToOneField(
        "forum_conversation.Post", on_delete=models.CASCADE, related_name="search_row"
    )
    subject = models.TextField(blank=True)
    content = models.TextField(blank=True)

    COLUMNS = (Column("subject", 8), Column("content", 1))

    class Meta:
        # Created by the community app before the forum had a label of its own.
        db_table = "community_postsearch"


def _raw(post):
    content = post.content
    return getattr(content, "raw", content) or ""


@transaction.atomic
def index_posts(posts):
    posts = list(posts)
    PostSearch.objects.filter(post__in=[p.pk for p in posts]).delete()
    PostSearch.objects.bulk_create(
        [
            PostSearch(post=p, subject=stemmed_column(p.subject), content=stemmed_column(_raw(p)))
            for p in posts
        ],
        batch_size=500,
    )
    remember_words(DOMAIN, *[plain_column(p.subject, _raw(p)) for p in posts])


def rebuild(batch=500):
    from machina.apps.forum_conversation.models import Post

    PostSearch.objects.all().delete()
    clear_words(DOMAIN)
    ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        index_posts(Post.objects.filter(pk__in=ids[start : start + batch]))
    return len(ids)


def search_posts(queryset, text):
    """``queryset`` (posts the reader may read) narrowed to ``text``, best first, then newest."""
    query = build_query(text, DOMAIN)
    if not query:
        return queryset.none()
    matching = PostSearch.objects.filter(query.match(PostSearch.COLUMNS))
    rows = PostSearch.objects.filter(post=OuterRef("pk"))
    score = rows.annotate(s=query.score(PostSearch.COLUMNS)).values("s")[:1]
    return (
        queryset.filter(pk__in=matching.values("post_id"))
        .annotate(search_score=Subquery(score))
        .order_by("-search_score", "-created", "-pk")
    )


def on_post_saved(sender, instance, **kwargs):
    index_posts([instance])


def connect():
    from machina.apps.forum_conversation.models import Post

    post_save.connect(on_post_saved, sender=Post, dispatch_uid="forum-post-search")
