"""factory_boy factories for the Wagtail pages (wagtail-factories; tests and demo share them).

Each page is added under the parent ``setup_portal`` made for its type (give ``parent`` to
place it elsewhere) and published with a revision, as an editor would.
"""

import datetime

import factory
import wagtail_factories
from django.utils.text import slugify

from portal.members.factories import CommissionFactory, ProfessionFactory

from . import services
from .models import (
    CommissionIndexPage,
    CommissionPage,
    ContentPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    ProfessionIndexPage,
    ProfessionSpacePage,
)


def paragraph(text):
    """A body of one rich-text paragraph."""
    return [("paragraph", f"<p>{text}</p>")]


class PublishedPageFactory(wagtail_factories.PageFactory):
    """A page created under ``parent`` then published (so it has a live revision)."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda o: slugify(o.title)[:50])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        return page


class ContentPageFactory(PublishedPageFactory):
    class Meta:
        model = ContentPage

    parent = factory.LazyFunction(HomePage.objects.get)
    title = factory.Sequence(lambda n: f"Page de contenu {n}")
    intro = "Ce que l'association propose sur ce sujet."
    body = factory.LazyAttribute(lambda o: paragraph(f"Contenu de « {o.title} »."))


class NewsPageFactory(PublishedPageFactory):
    class Meta:
        model = NewsPage

    parent = factory.LazyFunction(NewsIndexPage.objects.get)
    title = factory.Sequence(lambda n: f"Actualité {n}")
    date = datetime.date(2026, 10, 14)
    intro = "Les nouvelles de l'association."
    body = factory.LazyAttribute(lambda o: paragraph(f"Détail de « {o.title} »."))


class ProfessionSpacePageFactory(PublishedPageFactory):
    """A profession's private space, made a working one by ``services.setup_space``
    (restriction, documents collection, editors group)."""

    class Meta:
        model = ProfessionSpacePage

    parent = factory.LazyFunction(ProfessionIndexPage.objects.get)
    profession = factory.SubFactory(ProfessionFactory)
    title = factory.LazyAttribute(lambda o: f"Espace des {o.profession.plural}")
    slug = factory.LazyAttribute(lambda o: o.profession.slug)
    intro = factory.LazyAttribute(lambda o: f"<p>L'espace privé des {o.profession.plural}.</p>")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.setup_space(super()._create(model_class, *args, **kwargs))


class CommissionPageFactory(PublishedPageFactory):
    class Meta:
        model = CommissionPage

    parent = factory.LazyFunction(CommissionIndexPage.objects.get)
    commission = factory.SubFactory(CommissionFactory)
    title = factory.LazyAttribute(lambda o: f"Commission {o.commission.name}")
    slug = factory.LazyAttribute(lambda o: o.commission.slug)
