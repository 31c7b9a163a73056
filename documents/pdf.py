"""Small PDF builder for the demo protocols (fpdf2, core fonts: Latin-1 text only)."""

from fpdf import FPDF

_REPLACEMENTS = {
    "’": "'",
    "œ": "oe",
    "Œ": "OE",
    "…": "...",
    "≥": ">=",
    "≤": "<=",
    "–": "-",
    "—": "-",
    "«": '"',
    "»": '"',
}


def _latin1(text):
    for bad, good in _REPLACEMENTS.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


def build_pdf(title, version, sections, *, commission="Coordination"):
    """``sections`` is a list of (heading, [lines]); returns the PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(title))
    pdf.set_author("Maillage - commission " + _latin1(commission))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(
            f"Version {version} - validée par la commission {commission}. Document de travail interne, "
            "ne contient aucune donnée de patient."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    for heading, lines in sections:
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for line in lines:
            pdf.multi_cell(0, 5.5, _latin1(f"- {line}"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
