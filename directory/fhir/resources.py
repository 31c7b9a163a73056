"""``Practitioner``, ``PractitionerRole`` and ``Organization`` as FR Core and the national directory write them.

Contact values come from :func:`directory.visibility.visible_contact` only: what a viewer
may not see is never read here.
"""

from django.conf import settings

from portal.members.territory import commune as territory_commune

from .common import (
    BCP47,
    COMMUNE_SYSTEM,
    EMAIL_TYPE_EXTENSION,
    EMAIL_TYPE_SYSTEM,
    FINESS_SYSTEM,
    IDNPS_SYSTEM,
    IDNST_SYSTEM,
    INSEE_EXTENSION,
    LANGUAGE_SYSTEM,
    ORGANIZATION_TYPE_SYSTEM,
    PROFESSION_LABELS,
    PROFESSION_SYSTEM,
    RPPS_SYSTEM,
    coding_type,
    instant,
    meta,
)

# Our own code system for the kinds of territorial resources (no national code system
# covers "HAD, SSIAD, CCAS, meal delivery…" as one list): a stable URI under the API.
RESOURCE_CATEGORY_PATH = "/api/v1/fhir/CodeSystem/categorie-ressource"


def resource_category_system():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + RESOURCE_CATEGORY_PATH


def mssante_contact(address):
    """An MSSanté mailbox: an e-mail ContactPoint typed MSSANTE (FR Core / ANS as-mailbox-mss)."""
    return {
        "extension": [
            {
                "url": EMAIL_TYPE_EXTENSION,
                "valueCoding": {
                    "system": EMAIL_TYPE_SYSTEM,
                    "code": "MSSANTE",
                    "display": "Messageries de l'espace de confiance MSSanté",
                },
            }
        ],
        "system": "email",
        "value": address,
        "use": "work",
        "rank": 1,
    }


def fr_address(commune, address="", postcode=""):
    """An Address with the commune's INSEE code when the territory knows it."""
    data = {"use": "work", "city": commune, "country": "FR"}
    if address:
        data["line"] = [address]
    if postcode:
        data["postalCode"] = postcode
    known = territory_commune(commune) if commune else None
    if known and known.get("insee"):
        data["extension"] = [
            {
                "url": INSEE_EXTENSION,
                "valueCoding": {
                    "system": COMMUNE_SYSTEM,
                    "code": known["insee"],
                    "display": known["name"],
                },
            }
        ]
    return data


# --- Professionals -------------------------------------------------------------


def practitioner_identifiers(data):
    identifiers = []
    if data["rpps"]:
        identifiers.append(
            {
                "use": "official",
                "type": coding_type("IDNPS", "Identifiant National de Professionnel de Santé"),
                "system": IDNPS_SYSTEM,
                "value": "8" + data["rpps"],
            }
        )
        identifiers.append(
            {
                "use": "official",
                "type": coding_type("RPPS", "N° RPPS"),
                "system": RPPS_SYSTEM,
                "value": data["rpps"],
            }
        )
    elif data["adeli"]:
        # No public system URI for a bare ADELI number: the IDNPS ("0" + ADELI) carries it.
        identifiers.append(
            {
                "use": "official",
                "type": coding_type("IDNPS", "Identifiant National de Professionnel de Santé"),
                "system": IDNPS_SYSTEM,
                "value": "0" + data["adeli"],
            }
        )
    return identifiers


def profession_concept(data):
    code = data["profession_code"]
    return {
        "coding": [
            {
                "system": PROFESSION_SYSTEM,
                "code": code,
                "display": PROFESSION_LABELS.get(code) or data["profession_official"],
            }
        ],
        "text": data["profession"],
    }


def practitioner(request, data):
    """A ``Practitioner`` (FR Core) from a ``visible_contact`` dict."""
    name = {"use": "usual", "family": data["last_name"] or data["name"]}
    if data["first_name"]:
        name["given"] = [data["first_name"]]
    if data["civility_display"]:
        name["prefix"] = [data["civility_display"]]
    telecom = []
    if data["mssante"]:
        telecom.append(mssante_contact(data["mssante"]))
    if data["mobile"]:
        telecom.append({"system": "phone", "value": data["mobile"], "use": "mobile"})
    if data["email"]:
        telecom.append({"system": "email", "value": data["email"], "use": "work"})
    if data["website"]:
        telecom.append({"system": "url", "value": data["website"], "use": "work"})
    resource = {
        "resourceType": "Practitioner",
        "id": str(data["id"]),
        "meta": meta("Practitioner", data["updated_at"]),
        "identifier": practitioner_identifiers(data),
        "active": True,
        "name": [name],
    }
    if telecom:
        resource["telecom"] = telecom
    if data["photo"]:
        resource["photo"] = [{"url": request.build_absolute_uri(data["photo"])}]
    if data["profession_code"]:
        resource["qualification"] = [{"code": profession_concept(data)}]
    if data["languages"]:
        resource["communication"] = [
            {"coding": [{"system": LANGUAGE_SYSTEM, "code": BCP47.get(code, code)}]}
            for code in data["languages"]
        ]
    return resource


def site_location(site):
    """A contained ``Location`` for a practice site (address and position only when visible)."""
    location = {
        "resourceType": "Location",
        "id": f"site-{site['id']}",
        "status": "active",
        "address": fr_address(site["commune"], site["address"], site["postcode"]),
    }
    if site["name"]:
        location["name"] = site["name"]
    if site["phone"]:
        location["telecom"] = [{"system": "phone", "value": site["phone"], "use": "work"}]
    if site["precise_position"] and site["latitude"] is not None:
        location["position"] = {"latitude": site["latitude"], "longitude": site["longitude"]}
    if site["opening_notes"]:
        location["description"] = site["opening_notes"]
    return location


def practice_organization(data):
    """The practice as a contained ``Organization`` (a self-employed member's "cabinet")."""
    first = data["sites"][0]
    organization = {
        "resourceType": "Organization",
        "id": "cabinet",
        "active": True,
        "type": [
            {
                "coding": [
                    {
                        "system": ORGANIZATION_TYPE_SYSTEM,
                        "code": "GEOGRAPHICAL-ENTITY",
                        "display": "Entité géographique",
                    }
                ]
            }
        ],
        "name": first["name"] or f"Cabinet — {data['name']}",
        "address": [
            fr_address(site["commune"], site["address"], site["postcode"]) for site in data["sites"]
        ],
    }
    return organization


def practitioner_role(request, data):
    """A ``PractitionerRole`` (FR Core): profession, practice (organization), sites, details."""
    locations = [site_location(site) for site in data["sites"]]
    resource = {
        "resourceType": "PractitionerRole",
        "id": str(data["id"]),
        "meta": meta("PractitionerRole", data["updated_at"]),
        "active": True,
        "practitioner": {"reference": f"Practitioner/{data['id']}", "display": data["name"]},
    }
    if locations:
        resource["contained"] = [practice_organization(data), *locations]
        resource["organization"] = {"reference": "#cabinet"}
        resource["location"] = [{"reference": f"#{location['id']}"} for location in locations]
    if data["profession_code"]:
        resource["code"] = [profession_concept(data)]
    if data["specialties"]:
        resource["specialty"] = [{"text": name} for name in data["specialties"]]
    telecom = []
    if data["mssante"]:
        telecom.append(mssante_contact(data["mssante"]))
    telecom += [
        {"system": "phone", "value": site["phone"], "use": "work"}
        for site in data["sites"]
        if site["phone"]
    ]
    if telecom:
        resource["telecom"] = telecom
    notes = ["Visites à domicile" if data["home_visits"] else "Pas de visites à domicile"]
    if data["accepts_new_patients"] is not None:  # unknown until the member answers
        notes.append(
            "Accepte de nouveaux patients"
            if data["accepts_new_patients"]
            else "N'accepte pas de nouveaux patients"
        )
    resource["availabilityExceptions"] = " ; ".join(notes)
    return resource


# --- Territorial resources ----------------------------------------------------------


def organization(resource):
    """An ``Organization`` (FR Core) for a published territorial resource."""
    data = {
        "resourceType": "Organization",
        "id": str(resource.pk),
        "meta": meta("Organization", resource.updated_at),
        "active": True,
        "type": [
            {
                "coding": [
                    {
                        "system": resource_category_system(),
                        "code": resource.category,
                        "display": str(resource.get_category_display()),
                    }
                ],
                "text": str(resource.get_category_display()),
            }
        ],
        "name": resource.name,
    }
    if resource.finess:
        # A FINESS number registered for a site is that of a geographical entity (FINEG).
        data["type"].insert(
            0,
            {
                "coding": [
                    {
                        "system": ORGANIZATION_TYPE_SYSTEM,
                        "code": "GEOGRAPHICAL-ENTITY",
                        "display": "Entité géographique",
                    }
                ]
            },
        )
        data["identifier"] = [
            {
                "use": "official",
                "type": coding_type("IDNST", "Identifiant National de Structure"),
                "system": IDNST_SYSTEM,
                "value": "1" + resource.finess,
            },
            {
                "use": "official",
                "type": coding_type("FINEG", "FINESS d'entité géographique"),
                "system": FINESS_SYSTEM,
                "value": resource.finess,
            },
        ]
    telecom = []
    if resource.phone:
        telecom.append({"system": "phone", "value": str(resource.phone), "use": "work"})
    if resource.email:
        telecom.append({"system": "email", "value": resource.email, "use": "work"})
    if resource.website:
        telecom.append({"system": "url", "value": resource.website, "use": "work"})
    if telecom:
        data["telecom"] = telecom
    data["address"] = [fr_address(resource.commune, resource.address, resource.postcode)]
    return data


def tombstone_resource(resource_type, tombstone):
    """What is left of a removed entry: its id, when it left, ``active: false``; nothing personal."""
    return {
        "resourceType": resource_type,
        "id": str(tombstone.object_id),
        "meta": {"lastUpdated": instant(tombstone.removed_at)},
        "active": False,
    }
