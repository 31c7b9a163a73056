"""How tags (specialties, protocol keywords) are typed and shown: separated by commas only.

taggit's defaults split a comma-less entry on spaces ("plaies et cicatrisation" became three
tags) and show multi-word tags between raw quotes in the form; French terms have spaces.
"""


def tags_from_string(text):
    """Comma-separated names, trimmed, without the quotes taggit's old form added."""
    names = (name.strip().strip('"').strip() for name in text.split(","))
    return sorted({name for name in names if name})


def string_from_tags(tags):
    return ", ".join(sorted(tag.name for tag in tags))
