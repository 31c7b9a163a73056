from django.http import HttpResponse


def healthz(request):
    """Liveness: answers without touching the database or the session."""
    return HttpResponse("ok", content_type="text/plain")


def bare(request):
    """The benchmark's ceiling: a trivial view through the full middleware stack."""
    return HttpResponse("bare", content_type="text/plain")
