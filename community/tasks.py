"""Background work of the boards, for a scheduler that enqueues django-tasks."""

from django_tasks import task

from .services import expire_requests


@task()
def expire_requests_task():
    """The daily expiry, for deployments that schedule tasks rather than cron commands."""
    return expire_requests()
