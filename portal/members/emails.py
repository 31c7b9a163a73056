"""Render e-mails from templates and queue them."""

from django.conf import settings
from django.template.loader import render_to_string

from .tasks import send_email


def queue_email(template, context, recipients):
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue the send."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    context = {
        "site_name": settings.SITE_NAME,
        "base_url": settings.WAGTAILADMIN_BASE_URL,
        **context,
    }
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}_body.txt", context)
    send_email.enqueue(subject=subject, body=body, recipients=list(recipients))
