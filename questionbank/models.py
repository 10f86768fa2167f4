"""The question bank: categories and questions, edited as Wagtail snippets."""

import html

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.functions import Cast
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    Revision,
    RevisionMixin,
    WorkflowMixin,
    WorkflowState,
)
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from accounts.validators import validate_single_line

from .richtext import UNREADABLE, nesting_error

PROMPT_FEATURES = ["bold", "italic", "code", "ol", "ul", "link"]
# The rating scale: every rating, rubric guide, label, chart axis and key reads it.
RATING_LEVELS = (1, 2, 3, 4)
GUIDE_FIELDS = tuple(f"guide_{level}" for level in RATING_LEVELS)
LIST_FIELDS = ("follow_ups", "key_points")
# A question's content, as the bank holds it and as an interview freezes it: the snapshot
# copy, the import's comparison and the reports' canonical data iterate over these.
CONTENT_FIELDS = ("prompt", "difficulty", "expected_minutes", *GUIDE_FIELDS, *LIST_FIELDS)


class QuestionContent(models.Model):
    """What a question says beyond its prompt and difficulty: time, scoring guide, follow-ups
    and key points. The bank's Question and the interview's frozen copy both have it."""

    expected_minutes = models.PositiveSmallIntegerField(
        _("expected minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # One guide per level of RATING_LEVELS.
    guide_1 = models.TextField(_("rating 1 looks like"), blank=True)
    guide_2 = models.TextField(_("rating 2 looks like"), blank=True)
    guide_3 = models.TextField(_("rating 3 looks like"), blank=True)
    guide_4 = models.TextField(_("rating 4 looks like"), blank=True)
    follow_ups = models.TextField(_("follow-up questions"), blank=True, help_text=_("One per line"))
    key_points = models.TextField(
        _("key points of a good answer"), blank=True, help_text=_("One per line")
    )

    class Meta:
        abstract = True

    def guides(self) -> dict[int, str]:
        return {level: getattr(self, f"guide_{level}") for level in RATING_LEVELS}

    def follow_up_list(self) -> list[str]:
        return [line.strip() for line in self.follow_ups.splitlines() if line.strip()]

    def key_point_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def content(self) -> dict[str, object]:
        """The content fields' values, e.g. to freeze a copy of them."""
        return {name: getattr(self, name) for name in CONTENT_FIELDS}


class Difficulty(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    MID = "mid", _("Mid")
    SENIOR = "senior", _("Senior")


@register_setting(icon="list-ol")
class RatingScale(BaseGenericSetting):
    """The labels of the 1-4 rating scale, shared by every rubric."""

    label_1 = models.CharField(
        _("label for 1"), max_length=60, default="No evidence", validators=[validate_single_line]
    )
    label_2 = models.CharField(
        _("label for 2"), max_length=60, default="Some evidence", validators=[validate_single_line]
    )
    label_3 = models.CharField(
        _("label for 3"), max_length=60, default="Good evidence", validators=[validate_single_line]
    )
    label_4 = models.CharField(
        _("label for 4"),
        max_length=60,
        default="Strong evidence",
        validators=[validate_single_line],
    )

    panels = [
        FieldRowPanel([FieldPanel("label_1"), FieldPanel("label_2")]),
        FieldRowPanel([FieldPanel("label_3"), FieldPanel("label_4")]),
    ]

    class Meta:
        verbose_name = _("rating scale")

    def labels(self) -> dict[int, str]:
        return {level: getattr(self, f"label_{level}") for level in RATING_LEVELS}


class Category(index.Indexed, models.Model):
    """A heading of the bank ("Models & Database"); questions belong to exactly one."""

    name = models.CharField(
        _("name"), max_length=120, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    number = models.PositiveIntegerField(_("number"), default=0, help_text=_("Order in the bank"))
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("number"),
        FieldPanel("description"),
    ]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["number", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class QuestionTag(TaggedItemBase):
    """A competency tag on a question (orm, security, testing...)."""

    content_object = ParentalKey(
        "questionbank.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class QuestionQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def with_status(self):
        """What each question's status tag ("live + draft", "in moderation", "scheduled") reads,
        for a listing: an annotation and one prefetch instead of two queries per row, as
        Wagtail's PageQuerySet does for pages (annotate_approved_schedule,
        prefetch_workflow_states); Question.approved_schedule and Wagtail's
        workflow_in_progress read them."""
        scheduled = Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(self.model),
            object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
            approved_go_live_at__isnull=False,
        )
        return self.annotate(_approved_schedule=Exists(scheduled)).prefetch_related(
            Prefetch(
                "workflow_states",
                queryset=WorkflowState.objects.active().select_related("current_task_state__task"),
                to_attr="_current_workflow_states",
            )
        )


class Question(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
    QuestionContent,
):
    """One interview question with its rubric; belongs to a Category, tagged with competencies.

    ``key`` is the stable identity used by import/export to match rows across files.
    """

    key = models.SlugField(
        _("key"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_(
            "Stable identifier used to match imports; never shown to candidates. Leave it "
            "blank to derive it from the prompt; it stays the same once published."
        ),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="questions", verbose_name=_("category")
    )
    prompt = RichTextField(_("prompt"), features=PROMPT_FEATURES)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.MID
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("competencies"))
    sort_order = models.PositiveIntegerField(_("order in category"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="question",
        for_concrete_model=False,
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="question",
        for_concrete_model=False,
    )

    objects = QuestionQuerySet.as_manager()

    panels = [
        FieldPanel("prompt"),
        FieldRowPanel(
            [FieldPanel("category"), FieldPanel("difficulty"), FieldPanel("expected_minutes")]
        ),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("guide_1"),
                FieldPanel("guide_2"),
                FieldPanel("guide_3"),
                FieldPanel("guide_4"),
            ],
            heading=_("Scoring guide"),
        ),
        FieldPanel("follow_ups"),
        FieldPanel("key_points"),
        MultiFieldPanel([FieldPanel("key"), FieldPanel("sort_order")], heading=_("Bank identity")),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("prompt"),
        index.SearchField("key_points"),
        index.SearchField("follow_ups"),
        # The admin's search box autocompletes over all three texts (the bank page uses the
        # full-text fields above).
        index.AutocompleteField("prompt"),
        index.AutocompleteField("key_points"),
        index.AutocompleteField("follow_ups"),
        index.FilterField("category"),
        index.FilterField("difficulty"),
        index.FilterField("live"),
        # The bank page filters searches by category slug and tag name.
        index.RelatedFields("category", [index.FilterField("slug")]),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("name")]),
    ]

    class Meta:
        ordering = ["category__number", "sort_order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(difficulty__in=Difficulty.values),
                name="question_difficulty_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(expected_minutes__gte=1, expected_minutes__lte=120),
                name="question_minutes_in_range",
            ),
            # The form may leave the key blank; it is derived before saving, never stored empty.
            models.CheckConstraint(condition=~models.Q(key=""), name="question_key_not_empty"),
        ]

    def __str__(self) -> str:
        text = self.prompt_text
        return text if len(text) <= 90 else text[:87] + "..."

    def clean(self):
        super().clean()
        if self.prompt == UNREADABLE:
            raise ValidationError(
                {
                    "prompt": _(
                        "The prompt could not be read (not the editor's format, or lists "
                        "nested too deep). Nothing was saved: reload the page and edit again."
                    )
                }
            )
        problem = nesting_error(self.prompt or "")
        if problem:
            raise ValidationError({"prompt": _("The prompt is too complex: %s.") % problem})

    @property
    def approved_schedule(self) -> bool:
        """A revision is approved to go live later (annotated by QuestionQuerySet.with_status)."""
        if hasattr(self, "_approved_schedule"):
            return self._approved_schedule
        return super().approved_schedule

    @property
    def prompt_text(self) -> str:
        return html.unescape(strip_tags(self.prompt)).strip()

    def get_preview_template(self, request, mode_name):
        return "questionbank/question_preview.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            "labels": RatingScale.load().labels(),
        }
