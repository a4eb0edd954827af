"""Ctrl+Z with the focus on a <select> of the detail panel (where a relabel leaves it): a
select has no undo of its own, so the keys undo and redo the user's last change, as they do
elsewhere on the page; a text field keeps its own undo."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsannot.annotations.models import Span
from tests.browser.test_annotate import open_article
from tests.browser.test_annotate_undo_actions import label_and_mark, notice_says

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ctrl_z_on_the_label_select_undoes_the_relabel_and_ctrl_shift_z_redoes_it(
    page, analyst, article
):
    open_article(page, article, analyst)
    span = label_and_mark(page, "said the strikes", "a")
    label = page.locator("#detail select[name=label]")
    label.select_option("unverified-claim")
    page.click("#detail button.primary")
    notice_says(page, "Changed Unverified claim “said the strikes”")

    page.focus("#detail select[name=label]")
    page.keyboard.press("Control+z")
    notice_says(page, "Undone: changed Unverified claim “said the strikes”")
    # Said where a screen reader hears it: the notice is the page's polite live region.
    polite = page.locator('#notice[role=status][aria-live="polite"]')
    expect(polite).to_contain_text("Undone: changed Unverified claim “said the strikes” Redo")
    assert Span.objects.get(pk=span.pk).label.key == "attribution"
    expect(label).to_have_value("attribution")

    page.focus("#detail select[name=label]")
    page.keyboard.press("Control+Shift+z")
    notice_says(page, "Redone: changed Unverified claim “said the strikes”")
    assert Span.objects.get(pk=span.pk).label.key == "unverified-claim"


def test_ctrl_z_in_the_note_stays_the_notes_own_undo(page, analyst, article):
    open_article(page, article, analyst)
    span = label_and_mark(page, "said the strikes", "a")
    note = page.locator("#detail textarea[name=note]")
    note.click()
    page.keyboard.type("ask")
    page.keyboard.press("Control+z")
    expect(note).to_have_value("")
    # Nothing sent: the span is as it was created, and the notice still says so.
    expect(page.locator("#notice p").first).to_contain_text("Created Attribution")
    assert Span.objects.get(pk=span.pk).version == 1
