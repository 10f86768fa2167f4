"""The question form of the Wagtail admin: a blank key is derived, line breaks are stored one
way, so revisions compare only what the editor changed."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import GUIDE_FIELDS, LIST_FIELDS, Question
from .richtext import UNREADABLE
from .services import question_key_for

# Browsers send textarea line breaks as \r\n; the importer and the bank store \n.
MULTILINE_FIELDS = (*GUIDE_FIELDS, *LIST_FIELDS)


class QuestionForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        for name in MULTILINE_FIELDS:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].replace("\r\n", "\n").replace("\r", "\n")
        # An unreadable post is left to Question.clean, which says what went wrong.
        prompt = cleaned.get("prompt")
        if prompt is not None and prompt != UNREADABLE and not Question(prompt=prompt).prompt_text:
            # The editor's empty paragraph is not empty HTML, so "required" lets it through.
            self.add_error("prompt", _("Write the question."))
        # "key" is missing from cleaned when the editor typed an invalid one: its error shows.
        prompt = cleaned.get("prompt")
        if "key" in cleaned and prompt and prompt != UNREADABLE:
            cleaned["key"] = question_key_for(
                question=self.instance,
                wanted=cleaned["key"],
                category=cleaned.get("category"),
                prompt=cleaned["prompt"],
            )
        return cleaned
