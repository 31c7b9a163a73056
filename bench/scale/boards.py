"""Scale locum requests and protocols."""

from datetime import date, timedelta

from django.db import connection, transaction
from django.utils.text import slugify

from portal.members.models import Profession

from .data import (
    BATCH,
    SENTENCES,
    TOPIC_SUBJECTS,
    has_field,
    model,
)


class BoardAndProtocolSeeding:
    """Methods of the seed_scale command (bench/management/commands/seed_scale.py)."""

    def seed_locums(self, users, count):
        """Locum requests once the forum app defines them; fields are filled when present."""
        for label in ("community.LocumRequest",):
            LocumRequest = model(label)
            if LocumRequest is not None:
                break
        else:
            return
        rng = self.rng
        today = date.today()
        rows = []
        for n in range(count):
            user = rng.choice(users)
            start = today + timedelta(days=rng.randint(-30, 180))
            name, postcode, lat, lng = user.scale_commune
            fields = {
                "author": user,
                "requester": user,
                "created_by": user,
                "profession": user.scale_profession,
                "start": start,
                "end": start + timedelta(days=rng.randint(2, 30)),
                "start_date": start,
                "end_date": start + timedelta(days=rng.randint(2, 30)),
                "commune": name,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lng,
                "title": f"Remplacement à {name} ({n})",
                "description": rng.choice(SENTENCES),
                "conditions": rng.choice(SENTENCES),
                "kind": rng.choice(
                    ["occasional", "occasional", "regular", "assistant", "collaboration"]
                ),
                "fee_share": rng.choice([None, 70, 75, 80, 85]),
                "software": rng.choice(["", "Weda", "Crossway", "Albus", "Medistory"]),
                "created_at": self.now - timedelta(days=rng.randint(0, 60)),
            }
            rows.append(
                LocumRequest(**{k: v for k, v in fields.items() if has_field(LocumRequest, k)})
            )
        try:
            with transaction.atomic():
                LocumRequest.objects.bulk_create(rows, batch_size=BATCH)
        except Exception as exc:  # a required field this command does not know yet
            self.stderr.write(f"  remplacements ignorés : {exc}")

    # -- protocols -------------------------------------------------------------------------

    def seed_protocols(self, users, count):
        """Protocols with one to three versions (older ones superseded), a real file each."""
        Protocol = model("documents.Protocol")
        Version = model("documents.ProtocolVersion")
        if Protocol is None or Version is None or count <= 0:
            return
        from django.core.files.base import ContentFile
        from django.core.files.storage import storages

        from portal.members.models import Commission

        commissions = list(Commission.objects.all())
        if not commissions:
            self.stderr.write("  protocoles : aucune commission (chargez la démo d'abord), ignorés")
            return
        rng = self.rng
        professions = list(Profession.objects.all())
        categories = [value for value, _label in Protocol.Category.choices]
        storage = storages["private"]
        today = date.today()
        protocols = []
        for n in range(count):
            title = f"[charge] {rng.choice(TOPIC_SUBJECTS).rstrip(' ?')} — protocole {n}"
            protocols.append(
                Protocol(
                    title=title,
                    slug=f"charge-{n}-{slugify(title)[:150]}",
                    summary=rng.choice(SENTENCES),
                    category=rng.choice(categories),
                    commission=rng.choice(commissions),
                    review_date=today + timedelta(days=rng.randint(-60, 900)),
                    is_public=rng.random() < 0.2,
                    created_by=rng.choice(users),
                    created_at=self.now - timedelta(days=rng.randint(30, 1500)),
                )
            )
        Protocol.objects.bulk_create(protocols, batch_size=BATCH)
        protocols = list(Protocol.objects.filter(title__startswith="[charge]").order_by("pk"))
        Through = Protocol.target_professions.through
        Through.objects.bulk_create(
            [
                Through(protocol_id=protocol.pk, profession_id=profession.pk)
                for protocol in protocols
                for profession in rng.sample(professions, rng.randint(1, min(3, len(professions))))
            ],
            batch_size=BATCH,
        )
        pdf = (
            b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n"
            + b"% protocole de charge\n" * 80
            + b"%%EOF\n"
        )
        versions = []
        for protocol in protocols:
            total = rng.randint(1, 3)
            for index in range(total):
                number = f"{index + 1}.0"
                name = storage.save(f"protocoles/{protocol.slug}/v{number}.pdf", ContentFile(pdf))
                created = protocol.created_at + timedelta(days=200 * index)
                published = index == total - 1
                versions.append(
                    Version(
                        protocol=protocol,
                        number=number,
                        changes="Création" if index == 0 else rng.choice(SENTENCES),
                        file=name,
                        original_name=f"{protocol.slug}.pdf",
                        size=len(pdf),
                        content_type="application/pdf",
                        status=Version.Status.PUBLISHED if published else Version.Status.SUPERSEDED,
                        live=True,
                        created_by=protocol.created_by,
                        created_at=created,
                        submitted_at=created,
                        validated_at=created + timedelta(days=7),
                        download_count=rng.randint(0, 300),
                    )
                )
        Version.objects.bulk_create(versions, batch_size=BATCH)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Protocol._meta.db_table} SET current_version_id = v.id
                FROM {Version._meta.db_table} AS v
                WHERE v.protocol_id = {Protocol._meta.db_table}.id AND v.status = %s
                  AND {Protocol._meta.db_table}.title LIKE %s
                """,  # noqa: S608 (table names come from the models)
                [Version.Status.PUBLISHED, "[charge]%"],
            )
