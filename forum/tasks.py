"""Background work of the forum, for a scheduler that enqueues django-tasks."""

from django_tasks import task

from .tracking import flush_topic_views


@task()
def flush_topic_views_task():
    """Write the topic views counted in the cache (every few minutes)."""
    return flush_topic_views()
