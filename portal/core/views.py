"""Infrastructure views: liveness, readiness, the benchmark's ceiling."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from .probes import readiness_problems


def healthz(request):
    """Liveness: answers without touching the database or the session."""
    return HttpResponse("ok", content_type="text/plain")


def bare(request):
    """The benchmark's ceiling: a trivial view through the full middleware stack."""
    return HttpResponse("bare", content_type="text/plain")


@never_cache
def readyz(request):
    """Readiness: 200 when the database, Redis and migrations are ready, else 503 and why."""
    problems = readiness_problems()
    if problems:
        body = "non prêt :\n" + "\n".join(f"- {problem}" for problem in problems) + "\n"
        return HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("prêt\n", content_type="text/plain; charset=utf-8")
