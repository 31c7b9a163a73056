from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    url = blocks.URLBlock(label=_("adresse"))
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "link"
        label = _("lien")
        template = "pages/blocks/link.html"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("intertitre"), form_classname="title", template="pages/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("paragraphe"),
        features=["bold", "italic", "link", "ol", "ul", "h3", "document-link"],
    )
    image = ImageBlock(label=_("image"))
    link = LinkBlock()
    document = DocumentChooserBlock(label=_("document"), template="pages/blocks/document.html")
    quote = blocks.BlockQuoteBlock(label=_("citation"))
