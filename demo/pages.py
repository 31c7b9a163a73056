"""Demo pages of the association (idempotent): home, presentation, news, member space, spaces."""

import datetime
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail_factories import DocumentFactory

from portal.members.models import AssociationSettings, User
from portal.pages import services
from portal.pages.factories import ContentPageFactory, NewsPageFactory, paragraph
from portal.pages.models import (
    CommissionIndexPage,
    CommissionMeeting,
    CommissionPage,
    HomePage,
    MemberSpacePage,
    NewsIndexPage,
    ProfessionIndexPage,
    ProfessionSpacePage,
    SpaceEvent,
)
from portal.pages.setup import setup_commission_pages

NEWS = [
    (
        "Assemblée générale 2026 : un territoire mieux coordonné",
        datetime.date(2026, 10, 14),
        "L'assemblée générale a réuni 48 adhérents à Clermont-l'Hérault. Bilan de l'année et feuille de route.",
        "Les adhérents ont adopté le rapport moral et financier, élu le bureau et validé trois priorités : "
        "la continuité des soins à domicile, l'accueil des nouveaux installés et la messagerie sécurisée.",
    ),
    (
        "Nouveau protocole de surveillance des patients sous AVK",
        datetime.date(2026, 9, 22),
        "La commission Coordination publie une fiche de suivi INR partagée entre infirmiers, médecins et pharmaciens.",
        "La fiche précise la fréquence des contrôles, les seuils d'alerte et la conduite à tenir. "
        "Elle est disponible dans la bibliothèque des protocoles, réservée aux adhérents.",
    ),
    (
        "Soirée d'accueil des professionnels nouvellement installés",
        datetime.date(2026, 11, 5),
        "Vous venez de vous installer dans le Cœur d'Hérault ? Rencontrez vos confrères le 3 décembre à Gignac.",
        "Présentation de l'association, des ressources du territoire (HAD, SSIAD, CCAS) et du forum d'entraide.",
    ),
]


# Reference links shared by every space, then per profession (slug -> [(title, url, description)]).
COMMON_LINKS = [
    (
        "Haute Autorité de santé (HAS)",
        "https://www.has-sante.fr/",
        "Recommandations de bonne pratique et fiches mémo.",
    ),
    (
        "Agence nationale du DPC",
        "https://www.agencedpc.fr/",
        "Obligation de développement professionnel continu, catalogue des actions.",
    ),
]
PROFESSION_LINKS = {
    "medecins": [
        (
            "Conseil national de l'Ordre des médecins",
            "https://www.conseil-national.medecin.fr/",
            "",
        ),
        (
            "Collège de la médecine générale",
            "https://lecmg.fr/",
            "Société savante de médecine générale.",
        ),
    ],
    "infirmiers": [
        ("Ordre national des infirmiers", "https://www.ordre-infirmiers.fr/", ""),
        (
            "Société française et francophone des plaies et cicatrisations",
            "https://www.sffpc.org/",
            "",
        ),
    ],
    "kinesitherapeutes": [
        ("Ordre des masseurs-kinésithérapeutes", "https://www.ordremk.fr/", ""),
    ],
    "pharmaciens": [("Ordre national des pharmaciens", "https://www.ordre.pharmacien.fr/", "")],
    "sages-femmes": [
        ("Ordre des sages-femmes", "https://www.ordre-sages-femmes.fr/", ""),
        ("Collège national des sages-femmes de France", "https://www.cnsf.asso.fr/", ""),
    ],
    "podologues": [("Ordre national des pédicures-podologues", "https://www.onpp.fr/", "")],
    "orthophonistes": [
        ("Fédération nationale des orthophonistes", "https://www.fno.fr/", ""),
    ],
    "psychomotriciens": [
        ("Fédération française des psychomotriciens", "https://www.fedefrancepsychomot.com/", ""),
    ],
}
# (title, kind, start, hours, place, registration url, description)
EVENTS = [
    (
        "Plaies chroniques et cicatrisation : actualités",
        SpaceEvent.Kind.DPC,
        datetime.datetime(2026, 12, 10, 19, 30),
        3,
        "Hôpital local, Clermont-l'Hérault",
        "https://www.agencedpc.fr/",
        "Action de DPC validante, soirée en présentiel.",
    ),
    (
        "Réunion de l'espace : organisation des gardes et astreintes",
        SpaceEvent.Kind.MEETING,
        datetime.datetime(2027, 1, 21, 20, 0),
        2,
        "Salle Georges Brassens, Lodève",
        "",
        "Ouverte à tous les adhérents de la profession.",
    ),
    (
        "Soins palliatifs à domicile : coordination avec l'HAD",
        SpaceEvent.Kind.FMC,
        datetime.datetime(2027, 3, 11, 19, 0),
        3,
        "Maison des associations, Clermont-l'Hérault",
        "https://www.has-sante.fr/",
        "Formation continue animée avec l'HAD du Cœur d'Hérault.",
    ),
]
# commission slug -> [(datetime, place, agenda)]
MEETINGS = [
    (
        datetime.datetime(2026, 10, 8, 20, 0),
        "Maison des associations, Clermont-l'Hérault",
        "Relecture des protocoles en cours. Calendrier de révision 2027.",
    ),
    (
        datetime.datetime(2027, 1, 14, 20, 0),
        "Salle du conseil, Lodève",
        "Validation des nouvelles versions. Retours des adhérents.",
    ),
]
DEMO_ASSOCIATION = "Maillage Cœur d'Hérault"
# profession slug -> demo account who edits that space
EDITORS = {"infirmiers": "infirmiere@exemple.fr", "medecins": "medecin@exemple.fr"}


def _pdf(title, lines):
    pdf = FPDF(format="A4")
    pdf.set_title(title.encode("latin-1", "replace").decode("latin-1"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(
        0, 8, title.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Helvetica", "", 10)
    for line in lines:
        pdf.multi_cell(
            0, 6, line.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
        )
    return bytes(pdf.output())


def _space_content(page):
    """Links, events and a document in the private collection, each added once."""
    profession = page.profession
    if not page.links:
        links = [*PROFESSION_LINKS.get(profession.slug, []), *COMMON_LINKS]
        page.links = [
            ("link", {"title": title, "url": url, "description": description})
            for title, url, description in links
        ]
        for title, kind, start, hours, place, url, description in EVENTS:
            start = timezone.make_aware(start)
            page.events.add(
                SpaceEvent(
                    title=title,
                    kind=kind,
                    start=start,
                    end=start + datetime.timedelta(hours=hours),
                    place=place,
                    registration_url=url,
                    description=description,
                )
            )
        page.save_revision().publish()
    title = f"Calendrier FMC/DPC 2026-2027 des {profession.plural}"
    documents = get_document_model().objects.filter(collection_id=page.documents_collection_id)
    if not documents.filter(title=title).exists():
        content = _pdf(
            title,
            [
                f"Document réservé aux {profession.plural} adhérents de l'association.",
                *(
                    f"{start:%d/%m/%Y} : {name} ({place})"
                    for name, _k, start, _h, place, _u, _d in EVENTS
                ),
            ],
        )
        DocumentFactory(
            title=title,
            collection=page.documents_collection,
            file=ContentFile(content, name=f"fmc-{profession.slug}-{uuid.uuid4().hex[:8]}.pdf"),
            file_size=len(content),
        )


def _child(parent, page_factory, slug, **fields):
    """The child of ``parent`` at ``slug``, made (and published) by ``page_factory`` if missing."""
    page = page_factory._meta.model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = page_factory(parent=parent, slug=slug, **fields)
    return page


@transaction.atomic
def load(stdout=None):
    """Demo content on top of the tree that ``setup_portal`` made."""
    home = HomePage.objects.get()
    if "Cœur d'Hérault" not in home.intro:
        home.title = DEMO_ASSOCIATION
        home.intro = (
            "<p>L'association des professionnels de santé libéraux du Cœur d'Hérault "
            "réunit médecins, infirmiers, kinésithérapeutes, pharmaciens, orthophonistes, "
            "sages-femmes et podologues de Clermont-l'Hérault à Lodève, de Gignac au Caylar, "
            "pour mieux soigner ensemble les patients à domicile.</p>"
        )
        home.save_revision().publish()
    association = AssociationSettings.load()
    if association.name != DEMO_ASSOCIATION:
        association.name = DEMO_ASSOCIATION
        association.short_name = "Maillage"
        association.contact_email = "contact@exemple.fr"
        association.postal_address = "Maison des associations\n34800 Clermont-l'Hérault"
        association.publication_director = "Dr Anne Delmas, présidente"
        association.save()

    _child(
        home,
        ContentPageFactory,
        "association",
        title="L'association",
        intro="Qui nous sommes, ce que nous faisons pour le territoire.",
        body=paragraph(
            "Créée par des libéraux du territoire, l'association coordonne les soins de ville "
            "autour du patient à domicile, en lien avec l'hôpital de Clermont-l'Hérault, l'HAD "
            "et les SSIAD. Elle est ouverte à tous les professionnels de santé libéraux exerçant "
            "dans le Cœur d'Hérault."
        ),
    )
    news_index = NewsIndexPage.objects.child_of(home).get()
    for title, date, intro, text in NEWS:
        slug = title.lower().split(":")[0][:40].strip().replace(" ", "-").replace("'", "-")
        _child(
            news_index,
            NewsPageFactory,
            slug,
            title=title,
            date=date,
            intro=intro,
            body=paragraph(text),
        )

    for page in ProfessionSpacePage.objects.select_related("profession"):
        _space_content(page)
        editor = EDITORS.get(page.profession.slug)
        user = User.objects.filter(email=editor).first() if editor else None
        if user is not None:
            services.add_space_editor(page, user)

    # Commission pages for the demo commissions (created after setup), with meetings.
    setup_commission_pages(CommissionIndexPage.objects.get())
    for page in CommissionPage.objects.all():
        if not CommissionMeeting.objects.filter(page=page).exists():
            for date, place, agenda in MEETINGS:
                page.meetings.add(
                    CommissionMeeting(date=timezone.make_aware(date), place=place, agenda=agenda)
                )
            page.save_revision().publish()
    if stdout:
        stdout.write(f"  {Page.objects.count()} pages")
    return {
        "home": home,
        "member_space": MemberSpacePage.objects.get(),
        "metiers": ProfessionIndexPage.objects.get(),
    }
