"""The text of an uploaded file, so that it can be checked for patient data before it is stored.

PDF: pypdf (maintained, pure Python, reads the text layer and the document information).
ODT/ODS and DOCX/XLSX: they are zip archives of XML parts; the text of every XML part is read
(body, headers, footers, footnotes, comments, text boxes, cells, shared strings), where
python-docx, odfpy or openpyxl would each read one format and only the parts they model.
Tags are stripped with a regular expression, never parsed, so no entity expansion can happen,
and the archive's uncompressed size is bounded (zip bombs).
"""

import html
import io
import re
import zipfile

MAX_TEXT_CHARS = 5_000_000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024

# Ends of paragraphs, cells, rows and line breaks: a line break in the text (so that two
# numbers of neighbouring cells are not glued into one); tabs and ODF spaces: a space.
_BREAK_TAGS_RE = re.compile(
    rb"</(?:w:p|w:tc|w:tr|a:p|text:p|text:h|table:table-cell|table:table-row|si|c|row)>"
    rb"|<(?:w:br|w:cr|text:line-break)\b[^>]*/>"
)
_SPACE_TAGS_RE = re.compile(rb"<(?:w:tab|text:tab|text:s)\b[^>]*/>")
_TAG_RE = re.compile(rb"<[^>]*>")


class UnreadableFile(Exception):
    """The file's text could not be read (damaged, encrypted, not what it claims to be)."""


def pdf_text(data):
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("encrypted")
        parts = [str(value) for value in (reader.metadata or {}).values()]
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
        return "\n".join(parts)
    except UnreadableFile:
        raise
    except Exception as exc:  # any parser failure means the text cannot be checked
        raise UnreadableFile(str(exc)) from exc


def xml_text(xml):
    xml = _BREAK_TAGS_RE.sub(b"\n", xml)
    xml = _SPACE_TAGS_RE.sub(b" ", xml)
    return html.unescape(_TAG_RE.sub(b"", xml).decode("utf-8", "replace"))


def office_text(data):
    """The text of every XML part of an ODF or OOXML archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [i for i in archive.infolist() if i.filename.lower().endswith(".xml")]
            if sum(i.file_size for i in parts) > MAX_UNCOMPRESSED_BYTES:
                raise UnreadableFile("too big once uncompressed")
            return "\n".join(xml_text(archive.read(info)) for info in parts)
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, RuntimeError) as exc:
        raise UnreadableFile(str(exc)) from exc


OFFICE_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Types that carry no text to check: accepted even though nothing is read from them.
TEXTLESS_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}


def file_text(data, content_type):
    """The text of a file of ``content_type`` (found from its content); "" for images.

    Raises ``UnreadableFile`` when the text of a type that carries text cannot be read.
    """
    if content_type in TEXTLESS_TYPES:
        return ""
    if content_type == "application/pdf":
        return pdf_text(data)
    if content_type in OFFICE_TYPES:
        return office_text(data)
    raise UnreadableFile(f"no text reader for {content_type}")
