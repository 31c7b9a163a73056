"""What every page's layout shows of the association: name, logo, colour, footer links."""

from django.utils.functional import SimpleLazyObject

from .identity import identity


def association(request):
    association = SimpleLazyObject(identity)
    return {
        "ASSOCIATION": association,
        "SITE_NAME": SimpleLazyObject(lambda: association["name"]),
    }
