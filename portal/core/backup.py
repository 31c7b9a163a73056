"""Backup and restore: the database (pg_dump custom format, or SQLite's backup API) and the
files (public media and private files: protocols, attachments) in one folder with a manifest.

    maillage-20261202-031500/
        database.dump      pg_dump -Fc (PostgreSQL) or database.sqlite3 (SQLite)
        files.tar.gz       media/… and private/…
        manifest.json      when, which database engine, each file's size and SHA-256

Files kept in an S3 bucket (AWS_STORAGE_BUCKET_NAME) are not in this archive: the bucket's
own versioning or replication keeps them (DEPLOIEMENT.md).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from cachalot import api as cachalot_api
from django.conf import settings
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

DUMP = "database.dump"
SQLITE = "database.sqlite3"
FILES = "files.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a French message."""


def _pg_env_and_args(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command, env):
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(
            f"{command[0]} est introuvable : installez le client PostgreSQL (paquet "
            "postgresql-client) de la même version majeure que le serveur, ou plus récente."
        )
    result = subprocess.run(  # noqa: S603
        [executable, *command[1:]], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[-2000:]}")


def file_roots():
    """(name in the archive, local folder) for every file storage kept on this disk."""
    roots = [("media", Path(settings.MEDIA_ROOT))]
    private = storages["private"]
    if hasattr(private, "location"):
        roots.append(("private", Path(private.location)))
    return roots


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(destination):
    """Write a backup folder under ``destination``; returns its path."""
    db = connections["default"].settings_dict
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) / f"maillage-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    vendor = connections["default"].vendor
    if vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args,
             "--file", str(folder / DUMP), str(db["NAME"])],
            env,
        )  # fmt: skip
    elif vendor == "sqlite":
        source = sqlite3.connect(str(db["NAME"]))
        target = sqlite3.connect(str(folder / SQLITE))
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        raise BackupError(f"Base de données non prise en charge : {vendor}.")
    files = {}
    with tarfile.open(folder / FILES, "w:gz") as archive:
        for name, root in file_roots():
            if not root.exists():
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                arcname = f"{name}/{path.relative_to(root).as_posix()}"
                archive.add(path, arcname=arcname, recursive=False)
                files[arcname] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": vendor,
        "database_name": str(db["NAME"]),
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return folder


def _database_is_empty():
    with connections["default"].cursor() as cursor:
        return not connections["default"].introspection.table_names(cursor)


def restore(folder, *, allow_non_empty=False):
    """Restore a backup folder into the configured database and file folders."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.exists():
        raise BackupError(f"{folder} n'est pas une sauvegarde Maillage ({MANIFEST} absent).")
    manifest = json.loads(manifest_path.read_text())
    vendor = connections["default"].vendor
    if manifest["database"] != vendor:
        raise BackupError(
            f"Sauvegarde d'une base {manifest['database']}, base configurée {vendor} : "
            "restaurez dans une base du même type."
        )
    if not allow_non_empty and not _database_is_empty():
        raise BackupError(
            "La base de destination n'est pas vide : restaurez dans une base neuve "
            "(createdb) ou passez --dans-une-base-non-vide."
        )
    db = connections["default"].settings_dict
    connections["default"].close()
    if vendor == "postgresql":
        env, args = _pg_env_and_args(db)
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
             *args, "--dbname", str(db["NAME"]), str(folder / DUMP)],
            env,
        )  # fmt: skip
    else:
        shutil.copyfile(folder / SQLITE, db["NAME"])
    roots = dict(file_roots())
    restored = 0
    with tarfile.open(folder / FILES, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            name, _, relative = member.name.partition("/")
            if name not in roots or ".." in Path(relative).parts:
                raise BackupError(f"Chemin inattendu dans l'archive : {member.name}")
            target = roots[name] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out)
            expected = manifest["files"].get(member.name)
            if expected and _sha256(target) != expected["sha256"]:
                raise BackupError(f"Fichier altéré dans l'archive : {member.name}")
            restored += 1
    # The database was written around the ORM: every cached copy made from the old one goes.
    cachalot_api.invalidate()
    return restored
