"""Project-wide form rendering: every field announces its errors and help text."""

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting


class AccessibleBoundField(BoundField):
    """Link errors and help to the input (aria-describedby) and flag it invalid."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = [attrs["aria-describedby"]] if attrs.get("aria-describedby") else []
        if self.auto_id and self.help_text and f"{self.auto_id}_helptext" not in described:
            described.append(f"{self.auto_id}_helptext")
        if self.form.is_bound and self.errors:
            attrs["aria-invalid"] = "true"
            if self.auto_id:
                described.insert(0, f"{self.auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
        return attrs


class FormRenderer(TemplatesSetting):
    bound_field_class = AccessibleBoundField
    field_template_name = "includes/field.html"
