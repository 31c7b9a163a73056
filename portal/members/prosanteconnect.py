"""Pro Santé Connect (PSC), the State's OpenID Connect service for health professionals.

Sign-in goes through allauth's generic OpenID Connect provider
(allauth.socialaccount.providers.openid_connect, configured from the environment in
portal/settings/base.py); this module only reads PSC's claims.

Claims, as PSC's userinfo carries them with the scopes "openid scope_all" (ANS, "Pro Santé
Connect – userinfo", https://industriels.esante.gouv.fr/produits-et-services/pro-sante-connect/userinfo;
a real sandbox answer is reproduced in github.com/ad2ien/prosante-connect-synapse-module,
tests/test_mapping.py):
  - SubjectNameID / preferred_username: the national identifier; "8" followed by the 11-digit
    RPPS number for a professional registered in the RPPS ("0" + ADELI otherwise);
  - SubjectRefPro.exercices[]: one per profession practised, with codeProfession (TRE_G15),
    nomDexercice, prenomDexercice;
  - given_name, family_name: civil names.
"""

from django.core.exceptions import ValidationError

from .validators import validate_rpps

PROVIDER_ID = "pro-sante-connect"
PROVIDER_NAME = "Pro Santé Connect"
# PSC identifies professionals registered in the RPPS as "8" + RPPS (ANS, userinfo, above).
RPPS_PREFIX = "8"


def claims_from(extra_data):
    """The userinfo claims (or the ID token's) as allauth stores them on the social account."""
    data = extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def claims_of(sociallogin):
    return claims_from(sociallogin.account.extra_data)


def minimal_extra_data(extra_data):
    """What the portal keeps of the claims: identifier, names, professions, nothing else.

    PSC's userinfo also carries every place of practice (addresses, telephones, SIRET,
    FINESS): not needed here, so not stored (RGPD, data minimisation).
    """
    claims = claims_from(extra_data)
    kept = {
        k: claims[k] for k in ("sub", "SubjectNameID", "given_name", "family_name") if k in claims
    }
    kept["SubjectRefPro"] = {
        "exercices": [
            {k: e[k] for k in ("codeProfession", "nomDexercice", "prenomDexercice") if k in e}
            for e in exercices(claims)
        ]
    }
    return {"userinfo": kept}


def verified_rpps(user):
    """The RPPS number of the Pro Santé Connect identity linked to ``user``, if any."""
    from allauth.socialaccount.models import SocialAccount

    account = SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).first()
    return rpps_from_claims(claims_from(account.extra_data)) if account else None


def rpps_from_claims(claims):
    """The verified 11-digit RPPS number, or None when the claims carry none (or a bad one)."""
    for key in ("SubjectNameID", "preferred_username"):
        value = str(claims.get(key) or "")
        if len(value) == 12 and value.startswith(RPPS_PREFIX) and value.isdigit():
            try:
                validate_rpps(value[1:])
            except ValidationError:
                return None
            return value[1:]
    return None


def exercices(claims):
    ref = claims.get("SubjectRefPro") or {}
    found = ref.get("exercices") if isinstance(ref, dict) else None
    return [e for e in found or [] if isinstance(e, dict)]


def names_from_claims(claims):
    """(first name, last name): the names of practice first, the civil names otherwise."""
    for exercice in exercices(claims):
        first, last = exercice.get("prenomDexercice"), exercice.get("nomDexercice")
        if first and last:
            return first.strip(), last.strip()
    return (claims.get("given_name") or "").strip(), (claims.get("family_name") or "").strip()


def profession_codes(claims):
    """TRE_G15 codes of the professions practised, in the order PSC gives them."""
    return [str(e["codeProfession"]) for e in exercices(claims) if e.get("codeProfession")]


def profession_from_claims(claims):
    """The first active profession of ours among those the claims name, or None."""
    from .models import Profession

    codes = profession_codes(claims)
    by_code = {p.code: p for p in Profession.objects.active().filter(code__in=codes)}
    return next((by_code[code] for code in codes if code in by_code), None)
