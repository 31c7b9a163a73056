"""Health professions of the national nomenclature TRE_G15 (ANS, "ProfessionSante").

Each row: code, official label (as the national directory publishes it), display name
(masculine, sentence case), feminine form, plural, English label, URL slug, accepted
registration number, and whether the profession is active at setup (the professions a
territorial association of self-employed professionals usually gathers; the bureau
activates the others in the admin).
"""

from typing import NamedTuple

TRE_G15_SYSTEM = (
    "https://mos.esante.gouv.fr/NOS/TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante"
)


class ProfessionSpec(NamedTuple):
    code: str
    official_label: str
    name: str
    name_feminine: str
    plural: str
    name_en: str
    slug: str
    register: str  # "rpps" (11 digits only) or "adeli" (RPPS or ADELI accepted)
    active: bool


TRE_G15 = [
    ProfessionSpec("10", "Médecin", "Médecin", "Médecin", "médecins", "Doctor", "medecins", "rpps", True),
    ProfessionSpec("21", "Pharmacien", "Pharmacien", "Pharmacienne", "pharmaciens", "Pharmacist", "pharmaciens", "rpps", True),
    ProfessionSpec("26", "Audioprothésiste", "Audioprothésiste", "Audioprothésiste", "audioprothésistes", "Hearing aid specialist", "audioprothesistes", "adeli", False),
    ProfessionSpec("28", "Opticien-Lunetier", "Opticien-lunetier", "Opticienne-lunetière", "opticiens-lunetiers", "Optician", "opticiens", "adeli", False),
    ProfessionSpec("40", "Chirurgien-Dentiste", "Chirurgien-dentiste", "Chirurgienne-dentiste", "chirurgiens-dentistes", "Dentist", "chirurgiens-dentistes", "rpps", True),
    ProfessionSpec("50", "Sage-Femme", "Sage-femme", "Sage-femme", "sages-femmes", "Midwife", "sages-femmes", "rpps", True),
    ProfessionSpec("60", "Infirmier", "Infirmier", "Infirmière", "infirmiers", "Nurse", "infirmiers", "rpps", True),
    ProfessionSpec("70", "Masseur-Kinésithérapeute", "Masseur-kinésithérapeute", "Masseuse-kinésithérapeute", "masseurs-kinésithérapeutes", "Physiotherapist", "kinesitherapeutes", "rpps", True),
    ProfessionSpec("80", "Pédicure-Podologue", "Pédicure-podologue", "Pédicure-podologue", "pédicures-podologues", "Podiatrist", "podologues", "rpps", True),
    ProfessionSpec("81", "Orthoprothésiste", "Orthoprothésiste", "Orthoprothésiste", "orthoprothésistes", "Prosthetist-orthotist", "orthoprothesistes", "adeli", False),
    ProfessionSpec("82", "Podo-Orthésiste", "Podo-orthésiste", "Podo-orthésiste", "podo-orthésistes", "Podo-orthotist", "podo-orthesistes", "adeli", False),
    ProfessionSpec("83", "Orthopédiste-Orthésiste", "Orthopédiste-orthésiste", "Orthopédiste-orthésiste", "orthopédistes-orthésistes", "Orthotist", "orthopedistes-orthesistes", "adeli", False),
    ProfessionSpec("84", "Oculariste", "Oculariste", "Oculariste", "ocularistes", "Ocularist", "ocularistes", "adeli", False),
    ProfessionSpec("85", "Epithésiste", "Épithésiste", "Épithésiste", "épithésistes", "Anaplastologist", "epithesistes", "adeli", False),
    ProfessionSpec("86", "Technicien de laboratoire médical", "Technicien de laboratoire médical", "Technicienne de laboratoire médical", "techniciens de laboratoire médical", "Medical laboratory technician", "techniciens-laboratoire", "adeli", False),
    ProfessionSpec("91", "Orthophoniste", "Orthophoniste", "Orthophoniste", "orthophonistes", "Speech therapist", "orthophonistes", "rpps", True),
    ProfessionSpec("92", "Orthoptiste", "Orthoptiste", "Orthoptiste", "orthoptistes", "Orthoptist", "orthoptistes", "adeli", True),
    ProfessionSpec("93", "Psychologue", "Psychologue", "Psychologue", "psychologues", "Psychologist", "psychologues", "adeli", True),
    ProfessionSpec("94", "Ergothérapeute", "Ergothérapeute", "Ergothérapeute", "ergothérapeutes", "Occupational therapist", "ergotherapeutes", "adeli", True),
    ProfessionSpec("95", "Diététicien", "Diététicien", "Diététicienne", "diététiciens", "Dietitian", "dieteticiens", "adeli", True),
    ProfessionSpec("96", "Psychomotricien", "Psychomotricien", "Psychomotricienne", "psychomotriciens", "Psychomotor therapist", "psychomotriciens", "adeli", True),
    ProfessionSpec("98", "Manipulateur ERM", "Manipulateur d'électroradiologie médicale", "Manipulatrice d'électroradiologie médicale", "manipulateurs d'électroradiologie médicale", "Radiographer", "manipulateurs-erm", "adeli", False),
]  # fmt: skip
