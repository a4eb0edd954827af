from __future__ import annotations

from django import forms

from newsannot.workspace.selectors import PROGRESS_CHOICES, ArticleFilters


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    outlet = forms.CharField(max_length=200, required=False)
    published_at = forms.DateField(
        required=False, label="Date", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def has_paste(self) -> bool:
        return bool(self.data.get("text", "").strip() or self.data.get("title", "").strip())


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    outlet = forms.ChoiceField(required=False)
    progress = forms.ChoiceField(required=False, choices=[("", "Any progress"), *PROGRESS_CHOICES])
    label = forms.ChoiceField(required=False)

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
        )
