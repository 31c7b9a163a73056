"""Protocols, their versions (validated through a Wagtail workflow per commission) and downloads."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.models import (
    DraftStateMixin,
    RevisionMixin,
    Task,
    TaskState,
    WorkflowMixin,
    WorkflowState,
)

from portal.members.models import Commission, Profession
from portal.members.viewer import Viewer
from portal.search.models import SearchIndex
from portal.search.query import Column


def get_private_storage():
    return storages["private"]


def version_upload_to(instance, filename):
    # The file name was already sanitised by documents.validators.
    return f"protocoles/{instance.protocol.slug}/{filename}"


class ProtocolQuerySet(models.QuerySet):
    def published(self):
        return self.filter(current_version__isnull=False)

    def visible_to(self, user):
        """The library rule: published, and public or the viewer is an approved member."""
        qs = self.published()
        if Viewer.of(user).sees_members_content:
            return qs
        return qs.filter(is_public=True)


class Protocol(models.Model):
    """A shared care protocol; its content lives in its versions."""

    class Category(models.TextChoices):
        HOME_FOLLOW_UP = "suivi-domicile", _("Fiche de suivi à domicile")
        INR = "surveillance-inr", _("Surveillance INR")
        VITAL_SIGNS = "constantes-alertes", _("Constantes et alertes")
        COURSE_OF_ACTION = "conduite-a-tenir", _("Conduite à tenir")
        OTHER = "autre", _("Autre")

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=200, unique=True)
    summary = models.TextField(
        _("résumé"), help_text=_("À quoi sert ce protocole, pour qui, en quelques lignes.")
    )
    category = models.CharField(
        _("catégorie"), max_length=30, choices=Category.choices, default=Category.OTHER
    )
    target_professions = models.ManyToManyField(
        Profession,
        blank=True,
        related_name="protocols",
        verbose_name=_("professions concernées"),
        help_text=_("Leurs adhérents sont prévenus par e-mail à chaque nouvelle version validée."),
    )
    tags = TaggableManager(_("mots-clés"), blank=True, help_text=_("Séparés par des virgules."))
    commission = models.ForeignKey(
        Commission,
        on_delete=models.PROTECT,
        related_name="protocols",
        verbose_name=_("commission"),
        help_text=_("La commission qui rédige et valide ce protocole."),
    )
    review_date = models.DateField(
        _("à réviser avant le"),
        help_text=_("Passé cette date, le protocole est signalé « à réviser »."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Visible et téléchargeable par les visiteurs non connectés."),
    )
    current_version = models.OneToOneField(
        "ProtocolVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("version en vigueur"),
    )
    review_reminded_at = models.DateField(
        _("dernier rappel de révision"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = ProtocolQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("protocole")
        verbose_name_plural = _("protocoles")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    @property
    def needs_review(self):
        return self.review_date < timezone.localdate()


class ProtocolVersionQuerySet(models.QuerySet):
    def downloadable_by(self, user):
        """The one rule for ordinary downloads: published versions of protocols the viewer may see."""
        qs = self.filter(status=ProtocolVersion.Status.PUBLISHED, live=True)
        if Viewer.of(user).sees_members_content:
            return qs
        return qs.filter(protocol__is_public=True)

    def reviewable_by(self, user):
        """Versions in any state, for the bureau and for the members of the version's commission."""
        viewer = Viewer.of(user)
        if viewer.is_bureau:
            return self.all()
        if not viewer.commission_ids:
            return self.none()
        return self.filter(protocol__commission_id__in=viewer.commission_ids)

    def awaiting_validation_by(self, user):
        """Submitted versions ``user`` may validate: their commissions' (object permission),
        never their own."""
        from guardian.shortcuts import get_objects_for_user

        validated = get_objects_for_user(
            user, "members.validate_commission", klass=Commission, accept_global_perms=False
        )
        return self.filter(
            status=ProtocolVersion.Status.SUBMITTED, protocol__commission__in=validated
        ).exclude(created_by=user)


class ProtocolVersion(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """One file of a protocol. Once published it is never edited: a change is a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("En attente de validation")
        CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
        PUBLISHED = "published", _("Validée et publiée")
        SUPERSEDED = "superseded", _("Remplacée")
        REJECTED = "rejected", _("Refusée")

    EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="versions")
    number = models.CharField(
        _("numéro de version"), max_length=20, help_text=_("Ex. : 1.0, 1.1, 2.0")
    )
    changes = models.TextField(
        _("ce qui change"), blank=True, help_text=_("Pour une première version : « Création ».")
    )
    file = models.FileField(
        _("fichier"), storage=get_private_storage, upload_to=version_upload_to, max_length=255
    )
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"), default=0)
    content_type = models.CharField(_("type de fichier"), max_length=120)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="protocol_versions",
        verbose_name=_("rédigée par"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validée par"),
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)
    download_count = models.PositiveIntegerField(_("téléchargements"), default=0)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="protocolversion")

    objects = ProtocolVersionQuerySet.as_manager()

    # Fields that describe the version's life, not its content: a revision must never roll them back.
    LIFECYCLE_FIELDS = (
        "protocol_id",
        "status",
        "created_by_id",
        "created_at",
        "submitted_at",
        "validated_by_id",
        "validated_at",
        "download_count",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("version de protocole")
        verbose_name_plural = _("versions de protocole")
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "number"], name="protocolversion_unique_number"
            ),
            models.UniqueConstraint(
                fields=["protocol"],
                condition=Q(status="published"),
                name="protocolversion_one_published",
            ),
        ]

    def __str__(self):
        return f"{self.protocol} — v{self.number}"

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def get_download_url(self):
        return reverse(
            "documents:download", kwargs={"slug": self.protocol.slug, "version_pk": self.pk}
        )

    def get_review_url(self):
        return reverse(
            "documents:version", kwargs={"slug": self.protocol.slug, "version_pk": self.pk}
        )

    def get_workflow(self):
        """One workflow per commission, found through its validation task."""
        from wagtail.models import Workflow

        return Workflow.objects.filter(
            active=True,
            workflow_tasks__task__commissionvalidationtask__commission_id=self.protocol.commission_id,
        ).first()

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for field in self.LIFECYCLE_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj

    def publish(self, revision, user=None, skip_permission_checks=False, **kwargs):
        # Wagtail checks a model-wide "publish" permission; here the right to publish is the
        # per-commission validation right, already checked by CommissionValidationTask. So only a
        # revision that its commission's workflow approved may skip Wagtail's check.
        if not skip_permission_checks:
            skip_permission_checks = WorkflowState.objects.filter(
                base_content_type=self.get_base_content_type(),
                object_id=str(self.pk),
                status=WorkflowState.STATUS_APPROVED,
                current_task_state__revision=revision,
            ).exists()
        return super().publish(
            revision, user=user, skip_permission_checks=skip_permission_checks, **kwargs
        )


class CommissionValidationTask(Task):
    """Approval by a validator of the version's commission, who is never its author."""

    commission = models.ForeignKey(
        Commission,
        on_delete=models.CASCADE,
        related_name="validation_tasks",
        verbose_name=_("commission"),
    )

    admin_form_fields = [*Task.admin_form_fields, "commission"]

    class Meta:
        verbose_name = _("validation par la commission")
        verbose_name_plural = _("validations par la commission")

    @staticmethod
    def user_may_validate(obj, user):
        from portal.members.services import is_validator

        if not isinstance(obj, ProtocolVersion) or not user.is_authenticated:
            return False
        if obj.created_by_id == user.pk:
            return False
        return is_validator(user, obj.protocol.commission)

    def user_can_access_editor(self, obj, user):
        return self.user_may_validate(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_may_validate(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_may_validate(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_may_validate(obj, user):
            return [
                ("reject", _("Demander des modifications"), True),
                ("approve", _("Valider et publier"), False),
                ("approve", _("Valider et publier avec un commentaire"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        # Validators work in /protocoles/validation/: versions are not admin snippets (so a
        # published version cannot be edited in place there), and Wagtail's dashboard panel
        # needs a snippet viewset for every object it lists.
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _(
            "Les valideurs de la commission approuvent la version (jamais leur propre version)."
        )


class DownloadStat(models.Model):
    """Downloads of one version by one profession in one month (for the indicators)."""

    version = models.ForeignKey(
        ProtocolVersion, on_delete=models.CASCADE, related_name="download_stats"
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    month = models.DateField(_("mois"))
    count = models.PositiveIntegerField(_("téléchargements"), default=0)

    class Meta:
        verbose_name = _("statistique de téléchargement")
        verbose_name_plural = _("statistiques de téléchargement")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "profession", "month"],
                name="downloadstat_unique",
            )
        ]

    def __str__(self):
        return f"{self.version} — {self.profession or '-'} — {self.month:%m/%Y} : {self.count}"


class ProtocolSearch(SearchIndex):
    """The protocols' search index (portal.search); written and read by documents/search.py."""

    protocol = models.OneToOneField(Protocol, on_delete=models.CASCADE, related_name="search_row")
    title = models.TextField(blank=True)
    kind = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    summary = models.TextField(blank=True)

    COLUMNS = (
        Column("title", 8),
        Column("kind", 4),
        Column("tags", 2),
        Column("summary", 1),
    )
