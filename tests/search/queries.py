"""Realistic queries with the results a person expects (names, resource names, titles).

``(query, expected, first)``: every expected result should be in the first ten, and ``first``
(when given) should come first. A commune in a query ranks the nearest first: the others of
the same kind are still relevant (a colleague next door), so they are expected too.
"""

from .corpus import CLERMONT, PROTOCOLS

LODEVE_PEOPLE = {"Roux", "Martin", "Martinez", "Benali", "Garcia", "Rousseau", "Fontaine", "Dupuis"}
CLERMONT_PEOPLE = {"Aubert", "Durand", "Lefèvre", "Blanc", "Lambert", "Garnier", "Morel"}
NURSES = {"Vernhes", "Roux", "Fabre", "Mercier", "Garnier", "Marchand"}
PHYSIOS = {"Aubert", "Martin", "Chevalier", "Chauvin"}
DOCTORS = {"Martinez", "Durand", "Bonnet", "Faure", "Saint-Pierre"}
GPS = {"Martinez", "Durand", "Faure", "Saint-Pierre"}
MIDWIVES = {"Lefèvre", "Dupuis"}
DIABETES = {"Vernhes", "Fabre", "Petit", "Girard"}
CHILDREN = {"Martin", "Durand", "Fontaine"}
PALLIATIVE = {"Roux", "Faure", "Garnier"}

DIRECTORY = [
    ("lodeve", LODEVE_PEOPLE, None),
    ("Lodève", LODEVE_PEOPLE, None),
    ("LODEVE", LODEVE_PEOPLE, None),
    ("lodéve", LODEVE_PEOPLE, None),
    ("lodeeve", LODEVE_PEOPLE, None),
    ("kine", PHYSIOS, None),
    ("kiné", PHYSIOS, None),
    ("Kiné", PHYSIOS, None),
    ("kinésithérapeute", PHYSIOS, None),
    ("kinesitherapeutes", PHYSIOS, None),
    ("masseur kinesitherapeute", PHYSIOS, None),
    ("masseuse-kinésithérapeute", PHYSIOS, None),
    ("kinesiterapeute", PHYSIOS, None),
    ("infirmière", NURSES, None),
    ("infirmier", NURSES, None),
    ("infirmieres", NURSES, None),
    ("infirmiers", NURSES, None),
    ("infirmeire", NURSES, None),
    ("IDE", NURSES, None),
    ("idel", NURSES, None),
    ("infirmiere gignac", NURSES, "Vernhes"),
    ("infirmier lodeve", NURSES, "Roux"),
    ("kine lodeve", PHYSIOS, "Martin"),
    ("diabete", DIABETES, None),
    ("diabète", DIABETES, None),
    ("diabetique", DIABETES, None),
    ("diabete gignac", DIABETES, None),
    ("pediatrie", CHILDREN, None),
    ("pédiatre", CHILDREN, None),
    ("pediatrie lodeve", CHILDREN, None),
    ("st andre", {"Fabre", "Faure"}, None),
    ("saint andre de sangonis", {"Fabre", "Faure"}, None),
    ("st-andré-de-sangonis", {"Fabre", "Faure"}, None),
    ("clermont l'herault", CLERMONT_PEOPLE, None),
    ("clermont l herault", CLERMONT_PEOPLE, None),
    ("Clermont-l'Hérault", CLERMONT_PEOPLE, None),
    ("clermont lherault", CLERMONT_PEOPLE, None),
    ("clermont", CLERMONT_PEOPLE, None),
    ("aniane", {"Petit", "Marchand"}, None),
    ("paulhan", {"Moreau", "Saint-Pierre"}, None),
    ("mg", GPS, None),
    ("MG", GPS, None),
    ("medecin generaliste", GPS, None),
    ("médecins", DOCTORS, None),
    ("medecin", DOCTORS, None),
    ("sf", MIDWIVES, None),
    ("sage femme", MIDWIVES, None),
    ("sages-femmes", MIDWIVES, None),
    ("ortho", {"Benali", "Morel"}, None),
    ("orthophoniste", {"Benali", "Morel"}, None),
    ("orthophonistes", {"Benali", "Morel"}, None),
    ("pharma", {"Garcia", "Moreau"}, None),
    ("pharmacienne", {"Garcia", "Moreau"}, None),
    ("pharmaciens", {"Garcia", "Moreau"}, None),
    ("Vernhes", {"Vernhes"}, "Vernhes"),
    ("vernhes odile", {"Vernhes"}, "Vernhes"),
    ("odile vernhes", {"Vernhes"}, "Vernhes"),
    ("vernes", {"Vernhes"}, "Vernhes"),
    ("martin", {"Martin"}, "Martin"),
    ("saint pierre", {"Saint-Pierre"}, "Saint-Pierre"),
    ("st pierre", {"Saint-Pierre"}, "Saint-Pierre"),
    ("soins palliatifs", PALLIATIVE, None),
    ("soin palliatif", PALLIATIVE, None),
    ("palliatif", PALLIATIVE, None),
    ("plaies", {"Vernhes"}, None),
    ("plaie cicatrisation", {"Vernhes"}, None),
    ("reeducation perineale", {"Aubert", "Lefèvre"}, None),
    ("rééducation périnéale", {"Aubert", "Lefèvre"}, None),
    ("kinesitherapie respiratoire", {"Aubert", "Martin"}, None),
    ("dieteticienne", {"Petit"}, None),
    ("diététicien", {"Petit"}, None),
    ("psychologue", {"Blanc"}, None),
    ("podologue", {"Girard"}, None),
    ("pedicure podologue", {"Girard"}, None),
    ("orthoptiste", {"Rousseau"}, None),
    ("dentiste", {"Lambert"}, None),
    ("chirurgienne dentiste", {"Lambert"}, None),
    ("ergotherapeute", {"Roussel"}, None),
    ("psychomotricienne", {"Fontaine"}, None),
    ("allaitement", {"Dupuis"}, None),
    ("grossesse", {"Dupuis"}, None),
    ("maison de sante du lodevois", {"Martin", "Martinez"}, None),
    ("drainage lymphatique", {"Chevalier"}, None),
    ("chimiotherapie", {"Mercier"}, None),
]

RESOURCES = [
    ("ccas", {"CCAS de Lodève", "CCAS de Clermont-l'Hérault"}, None),
    ("CCAS", {"CCAS de Lodève", "CCAS de Clermont-l'Hérault"}, None),
    ("ccas lodeve", {"CCAS de Lodève", "CCAS de Clermont-l'Hérault"}, "CCAS de Lodève"),
    # "clermont" alone names no commune (Clermont-l'Hérault does): a word to find, not a place.
    ("ccas clermont", {f"CCAS de {CLERMONT}"}, f"CCAS de {CLERMONT}"),
    ("ccas clermont l herault", {"CCAS de Lodève", f"CCAS de {CLERMONT}"}, f"CCAS de {CLERMONT}"),
    ("pharmacie de garde", {"Pharmacie de garde du secteur"}, None),
    ("pharmacies de garde", {"Pharmacie de garde du secteur"}, None),
    ("pds", {"Pharmacie de garde du secteur"}, None),
    ("had", {"HAD Cœur d'Hérault"}, None),
    ("hospitalisation a domicile", {"HAD Cœur d'Hérault"}, None),
    ("ssiad", {"SSIAD du Lodévois"}, None),
    ("soins infirmiers a domicile", {"SSIAD du Lodévois"}, None),
    ("ehpad", {"EHPAD Les Oliviers"}, None),
    ("maison de retraite", {"EHPAD Les Oliviers"}, None),
    ("portage repas", {"Portage de repas du Clermontais"}, None),
    ("repas a domicile", {"Portage de repas du Clermontais"}, None),
    ("alzheimer", {"France Alzheimer Hérault"}, None),
    ("aidants", {"France Alzheimer Hérault"}, None),
    ("le bosc", {"SSIAD du Lodévois"}, None),
    ("soins palliatifs", {"HAD Cœur d'Hérault"}, None),
]

T = {title.split()[0]: title for title, *_rest in PROTOCOLS}
PROTOCOL_QUERIES = [
    ("chutes", {T["Prévention"]}, None),
    ("chute", {T["Prévention"]}, None),
    ("prevention chute", {T["Prévention"]}, None),
    ("anticoagulants", {T["Surveillance"]}, None),
    ("anticoagulant", {T["Surveillance"]}, None),
    ("inr", {T["Surveillance"]}, None),
    ("avk", {T["Surveillance"]}, None),
    ("plaie", {T["Plaie"]}, None),
    ("plaies chroniques", {T["Plaie"]}, None),
    ("cat plaie", {T["Plaie"]}, None),
    ("diabetique", {T["Suivi"]}, None),
    ("diabete", {T["Suivi"]}, None),
    ("soins palliatifs", {T["Coordination"]}, None),
    ("fin de vie", {T["Coordination"]}, None),
    ("bronchiolite", {T["Bronchiolite"]}, None),
    ("kine respiratoire", {T["Bronchiolite"]}, None),
    ("nourrissons", {T["Bronchiolite"]}, None),
    ("pediatrie", {T["Bronchiolite"]}, None),
    ("personnes agees", {T["Prévention"]}, None),
]
