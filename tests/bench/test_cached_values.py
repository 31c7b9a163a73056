"""portal.perf's shared-cache helpers: values renewed by writes on the models they read."""

import pytest
from wagtail.models import Page

from portal.members.factories import ProfessionFactory
from portal.perf import FRAGMENT_KEY, cached_value, cached_values, fragment_generations, touch

pytestmark = pytest.mark.django_db


def counting(values):
    calls = []

    def compute(name):
        def _compute():
            calls.append(name)
            return values[name]

        return _compute

    return calls, compute


def test_values_are_computed_once_and_renewed_by_a_write_on_their_models():
    calls, compute = counting({"a": [1], "b": []})
    specs = {
        "a": ("test-a", 1, ("members.profession",), compute("a")),
        "b": ("test-b", 1, ("documents.protocol",), compute("b")),
    }
    assert cached_values(specs) == {"a": [1], "b": []}
    assert cached_values(specs) == {"a": [1], "b": []}  # an empty list is a value too
    assert calls == ["a", "b"]
    ProfessionFactory()
    cached_values(specs)
    assert calls == ["a", "b", "a"]  # only the value reading professions
    touch("documents.protocol")  # what an update() that sends no signal is followed by
    assert cached_value(*specs["b"]) == []
    assert calls == ["a", "b", "a", "b"]


def test_touch_and_parents_and_unknown_models():
    before = fragment_generations("documents.protocol")
    touch("documents.protocol")
    assert fragment_generations("documents.protocol") > before
    # A page of any type renews "wagtailcore.page" (its concrete parent).
    pages = fragment_generations("wagtailcore.page")
    home = Page.objects.get(depth=2).specific
    home.save()
    assert fragment_generations("wagtailcore.page") > pages
    with pytest.raises(ValueError):
        cached_value("x", 1, ("not.a_model",), list)
    with pytest.raises(ValueError):
        touch("not.a_model")
    assert FRAGMENT_KEY.format("x") != FRAGMENT_KEY.format("y")
