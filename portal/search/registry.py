"""The domains that keep a search index, each with the function that rebuilds it."""

_REBUILDERS = {}


def register(name, rebuild):
    """Called from an app's ``ready()``: ``rebuild()`` returns how many objects it indexed."""
    _REBUILDERS[name] = rebuild


def rebuild_all(names=None):
    return {name: rebuild() for name, rebuild in _REBUILDERS.items() if not names or name in names}


def domains():
    return sorted(_REBUILDERS)
