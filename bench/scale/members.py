"""Scale members, memberships, groups and directory entries."""

from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

from demo.members import FIRST_NAMES, LAST_NAMES
from portal.members.models import MEMBERS_GROUP, Membership, Profession, User

from .data import (
    BATCH,
    SCALE_DOMAIN,
    SITE_KINDS,
    SPECIALTIES,
    STREETS,
    has_field,
    model,
    rpps_for,
)


class MemberSeeding:
    """Methods of the seed_scale command (bench/management/commands/seed_scale.py)."""

    def seed_members(self, count):
        """Users (one precomputed hash), approved memberships, groups through the through table."""
        professions = list(Profession.objects.order_by("pk"))
        if not professions:
            # The module it used to import them from (the demo) never had them: setup's do.
            from portal.members.setup import setup_professions

            setup_professions()
            professions = list(Profession.objects.order_by("pk"))
        weights = [
            16 if p.slug == "infirmiers" else 12 if p.slug == "medecins" else 6 for p in professions
        ]
        password = make_password("scale-maillage-2026")  # hashed once for every account
        rng = self.rng
        users = []
        for n in range(count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{slugify(first)}.{slugify(last)}.{n}@{SCALE_DOMAIN}"
            users.append(
                User(
                    email=email,
                    username=email,
                    first_name=first,
                    last_name=last,
                    password=password,
                    date_joined=self.now - timedelta(days=rng.randint(1, 2000)),
                )
            )
        for user in users:
            user.set_name_keys()  # bulk_create() skips save(), which keeps them
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(User.objects.filter(email__endswith=f"@{SCALE_DOMAIN}").order_by("pk"))

        memberships = []
        for n, user in enumerate(users):
            profession = rng.choices(professions, weights)[0]
            commune = rng.choice(self.communes)
            number = (
                {"rpps": rpps_for(n)} if profession.register == "rpps" else {"adeli": f"35{n:07d}"}
            )
            applied = user.date_joined
            memberships.append(
                Membership(
                    user=user,
                    profession=profession,
                    commune=commune[0],
                    charter_accepted_at=applied,
                    applied_at=applied,
                    status=Membership.Status.APPROVED,
                    decided_at=applied + timedelta(days=rng.randint(0, 10)),
                    **number,
                )
            )
            user.scale_profession = profession
            user.scale_commune = commune
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

        members_group = Group.objects.get_or_create(name=MEMBERS_GROUP)[0]
        Through = User.groups.through
        rows = []
        for user in users:
            rows.append(Through(user_id=user.pk, group_id=members_group.pk))
            rows.append(Through(user_id=user.pk, group_id=user.scale_profession.group_id))
        Through.objects.bulk_create(rows, batch_size=BATCH)

        EmailAddress = model("account.EmailAddress")
        if EmailAddress is not None:
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
                batch_size=BATCH,
            )
        return users

    # -- directory -------------------------------------------------------------------------

    def seed_directory(self, users):
        Profile = model("directory.Profile")
        if Profile is None:
            return
        rng = self.rng
        visibilities = ["public", "members", "members", "hidden"]
        Profile.objects.filter(user__in=users).delete()  # created by a signal if one ran
        profiles = []
        for user in users:
            fields = {
                "user": user,
                "civility": "dr"
                if user.scale_profession.slug == "medecins"
                else rng.choice(["mme", "m"]),
                "languages": rng.choice(["fr", "fr", "fr,en", "fr,oc", "fr,es", "fr,en,it"]),
                "email": f"cabinet.{user.pk}@{SCALE_DOMAIN}",
                "mssante": f"{slugify(user.first_name)}.{slugify(user.last_name)}.{user.pk}@"
                f"{user.scale_profession.slug}.mssante.fr",
                "mobile": f"+336{rng.randint(10000000, 99999999)}",
                "home_visits": rng.random() < 0.5,
                "accepts_new_patients": rng.random() < 0.7,
                "available_for_locum": rng.random() < 0.15,
                "confirmed_at": self.now - timedelta(days=rng.randint(0, 500))
                if rng.random() < 0.8
                else None,
            }
            for name in ("email", "mssante", "mobile", "website", "photo"):
                fields[f"{name}_visibility"] = rng.choice(visibilities)
            profiles.append(Profile(**{k: v for k, v in fields.items() if has_field(Profile, k)}))
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        profiles = list(
            Profile.objects.filter(user__in=users).select_related("user").order_by("pk")
        )
        by_user = {u.pk: u for u in users}

        PracticeSite = model("directory.PracticeSite")
        if PracticeSite is not None:
            sites = []
            for profile in profiles:
                user = by_user[profile.user_id]
                for position in range(1 if rng.random() < 0.85 else 2):
                    name, postcode, lat, lng = (
                        user.scale_commune if position == 0 else rng.choice(self.communes)
                    )
                    fields = {
                        "profile": profile,
                        "name": f"{kind} de {name}" if (kind := rng.choice(SITE_KINDS)) else "",
                        "address": f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
                        "address_visibility": rng.choice(visibilities),
                        "postcode": postcode,
                        "commune": name,
                        "latitude": lat + rng.uniform(-0.01, 0.01),
                        "longitude": lng + rng.uniform(-0.01, 0.01),
                        "phone": f"+334{rng.randint(10000000, 99999999)}",
                        "phone_visibility": rng.choice(visibilities),
                        "position": position,
                    }
                    sites.append(
                        PracticeSite(
                            **{k: v for k, v in fields.items() if has_field(PracticeSite, k)}
                        )
                    )
            PracticeSite.objects.bulk_create(sites, batch_size=BATCH)

        # Specialties (taggit): a handful of tags, one or two per profile through TaggedItem.
        try:
            from taggit.models import Tag, TaggedItem
        except ImportError:
            return
        from django.contrib.contenttypes.models import ContentType

        tags = [
            Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]
            for name in SPECIALTIES
        ]
        profile_type = ContentType.objects.get_for_model(Profile)
        items = []
        for profile in profiles:
            for tag in rng.sample(tags, rng.randint(0, 2)):
                items.append(TaggedItem(tag=tag, content_type=profile_type, object_id=profile.pk))
        TaggedItem.objects.bulk_create(items, batch_size=BATCH)

    # -- forum -----------------------------------------------------------------------------
