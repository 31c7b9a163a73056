"""What the board tests share besides their fixtures (tests/community/conftest.py)."""

from community.models import LocumRequest

# A valid NIR: key = 97 - (1850775123456 mod 97) = 08.
NIR = "1 85 07 75 123 456 08"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def locum_post_data(professions, dates, **overrides):
    start, end = dates
    data = {
        "profession": professions["nurse"].pk,
        "kind": LocumRequest.Kind.OCCASIONAL,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "commune": "Gignac",
        "fee_share": "80",
        "housing": "on",
        "housing_notes": "Studio",
        "software": "Albus",
        "conditions": "Tournée le matin.",
        "contact_preference": LocumRequest.Contact.EMAIL,
    }
    data.update(overrides)
    return data
