"""Background work of the documents app (django-tasks) that is not started by a write.

Tasks that a write enqueues live next to that write in services.py (publication
notices), so services never import this module.
"""

from django_tasks import task

from .services import notify_publication, remind_reviews  # noqa: F401

# notify_publication is importable here too: tasks queued before it moved name this path.


@task()
def remind_protocol_reviews():
    """Daily: remind the commissions of their protocols past the review date."""
    return remind_reviews()
