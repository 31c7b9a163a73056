"""machina's post, topic and attachment forms with the portal's rules added.

- No patient data: a subject, message, edit reason, attachment comment or signature holding
  anything shaped like a NIR is refused (the text stays in the form so the author can remove
  the number); the attachment's text is checked too (``check_upload_text``).
- Attachments are checked by content: images and PDF only, 10 MB at most.
"""

import filetype
from django.core.exceptions import ValidationError
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm
from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm as MachinaAttachmentForm,
)
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.apps.forum_conversation.forum_attachments.models import Attachment
from machina.apps.forum_member.forms import ForumProfileForm as MachinaForumProfileForm
from machina.conf import settings as machina_settings

from portal.members.validators import check_upload_text, no_patient_data

ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024
ATTACHMENT_MIME_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


@no_patient_data("subject", "content", "update_reason")
class PostForm(MachinaPostForm):
    pass


@no_patient_data("subject", "content", "update_reason")
class TopicForm(MachinaTopicForm):
    pass


@no_patient_data("signature")
class ForumProfileForm(MachinaForumProfileForm):
    pass


def validate_attachment(upload):
    """Images and PDF only, recognised from their first bytes, 10 MB at most, and a PDF's text
    readable and free of patient data."""
    if upload.size > ATTACHMENT_MAX_SIZE:
        raise ValidationError(
            _("Ce fichier pèse %(size)s : la limite est de %(limit)s."),
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(ATTACHMENT_MAX_SIZE),
            },
            code="too_big",
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(2048))
    upload.seek(0)
    if kind is None or kind.mime not in ATTACHMENT_MIME_TYPES:
        raise ValidationError(
            _("Seules les images (JPEG, PNG, GIF, WebP) et les documents PDF peuvent être joints."),
            code="file_type",
        )
    check_upload_text(upload, kind.mime)


@no_patient_data("comment")
class AttachmentForm(MachinaAttachmentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only new uploads need checking; an unchanged attachment keeps its stored file.
        if upload and hasattr(upload, "content_type"):
            validate_attachment(upload)
        return upload


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
