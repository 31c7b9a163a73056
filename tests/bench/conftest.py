"""The bench tests' own content, built with factories and services on ``people`` (no demo)."""

import pytest

from .member_day import build_member_day


@pytest.fixture
def member_day(people):
    """Content on every page of ``people.medecin`` (tests/bench/member_day.py)."""
    return build_member_day(people)
