"""portal.core.perf's shared-cache helpers: values renewed by any write on the tables they read,
whatever the write path (django-cachalot's table stamps)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from wagtail.models import Page

from portal.core.perf import cached_value, cached_values, fragment_generations
from portal.members.factories import ProfessionFactory
from portal.members.models import Profession, User

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


@pytest.mark.parametrize(
    "write",
    [
        lambda: Profession.objects.filter(slug="medecins").update(plural="médecins"),
        lambda: Group.objects.bulk_create([Group(name="bulk")]),
        lambda: connection.cursor().execute("UPDATE members_profession SET plural = plural"),
        lambda: Profession.objects.filter(slug="x-none").delete(),  # deletes nothing: no write
    ],
    ids=["update", "bulk_create", "raw_sql", "empty_delete"],
)
def test_writes_that_send_no_signal_renew_the_stamp(write, request):
    before = fragment_generations("members.profession", "auth.group")
    write()
    after = fragment_generations("members.profession", "auth.group")
    if request.node.callspec.id == "empty_delete":
        return  # Django skips the DELETE when nothing matches: either answer is coherent
    assert max(after) > max(before)


def test_through_tables_and_parents_and_unknown_models():
    user = User.objects.create(username="t", email="t@exemple.test")
    groups = fragment_generations("members.user_groups")
    group = Group.objects.create(name="t")
    user.groups.add(group)
    User.groups.through.objects.filter(user=user).delete()
    assert fragment_generations("members.user_groups") > groups
    # A page of any type writes "wagtailcore_page" (its concrete parent's table).
    pages = fragment_generations("wagtailcore.page")
    Page.objects.get(depth=2).specific.save()
    assert fragment_generations("wagtailcore.page") > pages
    with pytest.raises(LookupError):
        cached_value("x", 1, ("not.a_model",), list)
    assert apps.get_model("members.user_groups")._meta.auto_created
