"""Uploads are checked by their content, never by their name."""

import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.members.validators import check_upload_text

MAX_UPLOAD_SIZE = 20 * 1024 * 1024

ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": ("odt", "ODT"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods", "ODS"),
}
OOXML_TYPES = {
    # main part content type in [Content_Types].xml -> (extension, MIME type)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}
ALLOWED_LABEL = "PDF, ODT, DOCX, ODS ou XLSX"


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    safe_name: str


def _refuse(message, code):
    raise ValidationError(message, code=code)


def _zip_kind(fileobj):
    """Return (extension, content type) of an ODF/OOXML archive, or None."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF_TYPES:
                    return ODF_TYPES[mimetype][0], mimetype
                return None
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
                for main_type, (extension, content_type) in OOXML_TYPES.items():
                    if f'ContentType="{main_type}"' in types:
                        return extension, content_type
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def sanitise_name(name, extension):
    """Keep a readable ASCII stem, drop any path, force the extension found in the content."""
    base = os.path.basename(name.replace("\\", "/"))
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = unicodedata.normalize("NFKD", stem)
    stem = slugify(stem)[:80].strip("-_") or "protocole"
    stem = re.sub(r"-+", "-", stem)
    return f"{stem}-{uuid.uuid4().hex[:8]}.{extension}"


def display_name(name):
    """The uploaded file's own name, kept to show it: no path, no control character
    (a NUL byte cannot even be stored in a PostgreSQL text field)."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:255] or "fichier"


def check_protocol_file(uploaded):
    """Accept PDF, ODT, DOCX, ODS or XLSX up to 20 Mo whose text is readable and holds no
    patient data; anything else raises a French ValidationError."""
    size = uploaded.size
    if size == 0:
        _refuse(_("Le fichier est vide."), "empty")
    if size > MAX_UPLOAD_SIZE:
        _refuse(
            _("Le fichier pèse %(size)s Mo : la limite est de 20 Mo.")
            % {"size": f"{size / 1024 / 1024:.1f}"},
            "too_big",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    result = None
    if kind is not None and kind.mime == "application/pdf" and head.startswith(b"%PDF-"):
        result = ("pdf", "application/pdf")
    elif head.startswith(b"PK\x03\x04"):
        result = _zip_kind(uploaded)
        uploaded.seek(0)
    if result is None:
        detected = kind.mime if kind else _("inconnu")
        _refuse(
            _(
                "Ce fichier n'est pas un document %(allowed)s (contenu détecté : %(detected)s). "
                "Le type est vérifié sur le contenu du fichier, pas sur son nom."
            )
            % {"allowed": ALLOWED_LABEL, "detected": detected},
            "bad_type",
        )
    extension, content_type = result
    check_upload_text(uploaded, content_type)  # no patient data in the text, before storing
    return CheckedFile(
        extension=extension,
        content_type=content_type,
        size=size,
        safe_name=sanitise_name(getattr(uploaded, "name", "") or "", extension),
    )
