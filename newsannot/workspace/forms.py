from __future__ import annotations

import re

from django import forms

from newsannot.ingest import fields
from newsannot.workload.selectors import WORK_CHOICES
from newsannot.workspace.selectors import PROGRESS_CHOICES, ArticleFilters

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _most(length: int) -> dict[str, int]:
    return {"maxlength": length}


class ArticleForm(forms.Form):
    """A pasted article. The form only carries what was typed: article_create validates each
    field (newsannot/ingest/fields.py, as on every path) and its message lands on the field it
    names. The maxlength attributes, from the model, only spare the typist a round trip."""

    title = forms.CharField(required=False, widget=forms.TextInput(_most(fields.TITLE_MAX)))
    url = forms.CharField(required=False, label="URL", widget=forms.URLInput(_most(fields.URL_MAX)))
    outlet = forms.CharField(required=False, widget=forms.TextInput(_most(fields.OUTLET_MAX)))
    published_at = forms.CharField(
        required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.CharField(
        required=False,
        help_text="BCP 47: en, ru, pt-BR; empty if unknown",
        widget=forms.TextInput({**_most(fields.LANGUAGE_MAX), "placeholder": "en, ru, pt-BR"}),
    )
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def has_paste(self) -> bool:
        return bool(self.data.get("text", "").strip() or self.data.get("title", "").strip())

    def clean_url(self) -> str:
        # An address typed without a scheme ("example.org/a") is taken to be https; one with
        # another scheme ("javascript:...") goes to the validator as it is, to be refused.
        url = self.cleaned_data["url"]
        return f"https://{url}" if url and not _SCHEME.match(url) else url


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    outlet = forms.ChoiceField(required=False)
    progress = forms.ChoiceField(required=False, choices=[("", "Any progress"), *PROGRESS_CHOICES])
    label = forms.ChoiceField(required=False)
    work = forms.ChoiceField(required=False, choices=[("", "Any assignment"), *WORK_CHOICES])

    def __init__(self, *args, outlets: list[str], labels: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outlet"].choices = [("", "Any outlet")] + [(o, o) for o in outlets]
        self.fields["label"].choices = [("", "Any label")] + [(lb.key, lb.name) for lb in labels]

    def filters(self) -> ArticleFilters:
        # An unknown choice (a stale link) filters nothing rather than failing the page.
        data = self.cleaned_data if self.is_valid() else {}
        return ArticleFilters(
            q=(data.get("q") or "").strip(),
            outlet=data.get("outlet") or "",
            progress=data.get("progress") or "",
            label=data.get("label") or "",
            work=data.get("work") or "",
        )
