"""The forum integration's own model: the post search index (machina holds the rest)."""

from .search import PostSearch  # noqa: F401
