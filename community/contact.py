"""What two colleagues brought together by a locum request see of each other.

Once a requester picks a colleague, each is shown the other's professional contact details:
what the other's directory entry shows approved members (``directory.visibility``, the one
rule for every page, export and API) plus the e-mail they use on the portal. Nothing else.
"""

from django.utils.translation import gettext_lazy as _

CHANNEL_LABELS = {"email": _("E-mail"), "phone": _("Téléphone"), "mssante": _("MSSanté")}


def member_contact(user):
    """A plain dict of ``user``'s professional contact details as a fellow member sees them."""
    from directory.models import Profile
    from directory.visibility import MEMBERS, visible_contact

    profile = Profile.objects.with_related().filter(user=user).first()
    entry = visible_contact(profile, None, level=MEMBERS) if profile is not None else None
    sites = entry["sites"] if entry else []
    phones = []
    if entry and entry["mobile"]:
        phones.append(entry["mobile"])
    phones += [site["phone"] for site in sites if site["phone"]]
    return {
        "name": entry["name"] if entry else (user.get_full_name() or user.email),
        "profession": entry["profession"] if entry else "",
        "portal_email": user.email,
        "email": entry["email"] if entry and entry["email"] != user.email else "",
        "mssante": entry["mssante"] if entry else "",
        "phones": list(dict.fromkeys(phones)),
        "website": entry["website"] if entry else "",
        "sites": [
            {
                "name": site["name"],
                "address": site["address"],
                "postcode": site["postcode"],
                "commune": site["commune"],
                "phone": site["phone"],
            }
            for site in sites
        ],
        "entry_id": entry["id"] if entry else None,
    }


def available_channels(user):
    """The contact channels ``user`` can be reached by, as colleagues would see them."""
    contact = member_contact(user)
    channels = ["email"]
    if contact["phones"]:
        channels.append("phone")
    if contact["mssante"]:
        channels.append("mssante")
    return channels


def locum_counterpart(locum, user):
    """The other person of a filled locum request, for its author or the chosen colleague only."""
    if locum.filled_by_id is None:
        return None
    if user.pk == locum.author_id:
        return locum.filled_by
    if user.pk == locum.filled_by_id:
        return locum.author
    return None
