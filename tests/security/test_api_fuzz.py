"""The JSON API fuzzed with schemathesis against its own OpenAPI schema (in-process, WSGI).

Every operation of /api/v1/openapi.json gets generated queries and path
parameters: no 500, every answer matches the schema (status, content type,
body). Bounded: a few dozen examples per operation, about a minute in all.
"""

import pytest
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES_PER_OPERATION = 60


@pytest.fixture
def api_schema(world):
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("api:openapi-json")
    except NoReverseMatch:
        pytest.skip("the JSON API has not landed")
    # Called straight through WSGI (not the test client), each request would close the
    # test's database connection at request_finished (PostgreSQL then fails): keep it
    # open, as django.test.Client does.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_api_survives_fuzzing(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert operations, "the OpenAPI schema lists no operation"
    failures, statuses = [], []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            response = case.call_and_validate()
            statuses.append(response.status_code)

        try:
            fuzz()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    # The fuzzing really ran, and reached both found and not-found answers.
    assert len(statuses) >= 5 * len(operations), (len(statuses), len(operations))
    assert 200 in statuses
