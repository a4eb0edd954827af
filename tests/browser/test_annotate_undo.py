"""The annotate view when the network fails, and undo / redo, with the user's keys and mouse."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from newsannot.annotations.models import Span
from newsannot.annotations.services import span_update
from tests.browser.conftest import login
from tests.browser.test_annotate import open_article, select_with_mouse
from tests.conftest import quote_span

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dropped_connection_says_so_keeps_the_selection_and_enter_retries(page, analyst, article):
    open_article(page, article, analyst)
    page.route("**/spans/", lambda route: route.abort("internetdisconnected"))
    select_with_mouse(page, "said the strikes")
    page.keyboard.press("a")
    notice = page.wait_for_selector("#notice p.error")
    assert "Not saved: the connection failed" in notice.inner_text()
    assert page.get_attribute("#notice", "aria-live") == "polite"
    assert page.evaluate("window.getSelection().toString()") == "said the strikes"
    assert not Span.objects.exists()
    assert page.locator(".span-item").count() == 0  # nothing shown as saved

    page.unroute("**/spans/")
    page.keyboard.press("Enter")
    page.wait_for_selector("#notice p:has-text('Created Attribution')")
    span = Span.objects.get()
    assert span.quote == "said the strikes"


def test_a_note_typed_while_offline_is_kept_and_saved_once_the_server_answers(
    page, analyst, article
):
    span = quote_span(article, analyst, "attribution", "said the strikes")
    login_and_open = f"/a/{article.pk}/?span={span.pk}"
    open_article(page, article, analyst)
    page.goto(login_and_open)
    page.wait_for_selector("section#suggestions-panel", state="attached")
    page.route("**/edit/", lambda route: route.abort("connectionreset"))
    page.fill("#detail textarea[name=note]", "ask the ministry")
    page.click("#detail button.primary")
    page.wait_for_selector("#notice p.error")
    assert page.input_value("#detail textarea[name=note]") == "ask the ministry"
    assert "Changed" not in page.inner_text("#notice")
    page.unroute("**/edit/")
    page.click("#notice [data-retry]")
    page.wait_for_selector("#notice p:has-text('Changed Attribution')")
    span.refresh_from_db()
    assert span.note == "ask the ministry"


def test_ctrl_z_undoes_a_new_span_and_ctrl_shift_z_brings_it_back(page, analyst, article):
    open_article(page, article, analyst)
    select_with_mouse(page, "said the strikes")
    page.keyboard.press("a")
    page.wait_for_selector(".span-item")
    span_id = Span.objects.get().pk

    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: created Attribution')")
    assert page.locator(".span-item").count() == 0
    assert not Span.objects.exists()

    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector("#notice p:has-text('Redone: created Attribution')")
    page.wait_for_selector(f'.span-item[data-span="{span_id}"]')
    assert Span.objects.get().quote == "said the strikes"


def test_two_ctrl_z_take_back_a_relabel_and_the_span_and_two_ctrl_shift_z_redo_both(
    page, analyst, article
):
    open_article(page, article, analyst)
    select_with_mouse(page, "said the strikes")
    page.keyboard.press("a")
    page.wait_for_selector("#notice p:has-text('Created Attribution')")
    span_id = Span.objects.get().pk
    page.wait_for_selector(f'#detail[data-open="{span_id}"]')
    page.select_option("#detail select[name=label]", "unverified-claim")
    page.click("#detail button.primary")
    page.wait_for_selector("#notice p:has-text('Changed Unverified claim')")

    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: changed Unverified claim')")
    assert Span.objects.get().label.key == "attribution"
    # The second goes on to the span's creation (it once answered 409 "changed by alice").
    page.keyboard.press("Control+z")
    expect(page.locator(".span-item")).to_have_count(0)
    assert page.inner_text("#flash") == ""
    assert not Span.objects.exists()

    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector("#notice p:has-text('Redone: created Attribution')")
    page.wait_for_selector(f'.span-item[data-span="{span_id}"]')
    page.keyboard.press("Control+Shift+z")
    page.wait_for_selector("#notice p:has-text('Redone: changed Unverified claim')")
    assert page.inner_text("#flash") == ""
    span = Span.objects.get()
    assert (span.pk, span.label.key, span.quote) == (
        span_id,
        "unverified-claim",
        "said the strikes",
    )


def test_a_refused_undo_shows_the_error_without_the_notice_before_it(
    page, analyst, manager, article
):
    open_article(page, article, analyst)
    select_with_mouse(page, "said the strikes")
    page.keyboard.press("a")
    page.wait_for_selector("#notice p:has-text('Created Attribution')")
    span = Span.objects.get()
    span_update(span=span, actor=manager, note="manager was here")
    page.keyboard.press("Control+z")
    page.wait_for_selector("#flash p.error:has-text('changed by mona')")
    assert "Created" not in page.inner_text("#notice")
    assert page.locator("#notice [data-undo]").count() == 0


def test_delete_needs_no_confirmation_and_the_notice_undoes_it(page, analyst, article):
    span = quote_span(article, analyst, "attribution", "said the strikes")
    open_article(page, article, analyst)
    page.goto(f"/a/{article.pk}/?span={span.pk}")
    page.click("#detail button.danger")
    page.wait_for_selector("#notice p:has-text('Deleted Attribution')")
    assert not Span.objects.exists()
    assert page.dialogs == []
    page.click("#notice [data-undo]")
    page.wait_for_selector(f'.span-item[data-span="{span.pk}"]')
    back = Span.objects.get()
    assert (back.pk, back.quote) == (span.pk, "said the strikes")
    # The same from the keyboard: Delete, then Ctrl+Z.
    page.wait_for_selector(f'#detail[data-open="{span.pk}"]')
    page.keyboard.press("Delete")
    # Case-sensitive: :has-text would take the "Undone: deleted Attribution" still shown.
    page.wait_for_selector("#notice p:text-matches('^Deleted Attribution')")
    assert not Span.objects.exists()
    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: deleted Attribution')")
    assert Span.objects.get().pk == span.pk


def test_a_reviewer_approves_with_a_in_place_sees_the_count_drop_and_undoes_it(
    page, reviewer, analyst, article
):
    span = quote_span(article, analyst, "attribution", "said the strikes")
    login(page, reviewer.username, f"{reviewer.username}-pw")
    page.goto(f"/a/{article.pk}/?who=all&span={span.pk}")
    page.wait_for_function("window.htmx && window.NewsannotOffsets")
    assert page.inner_text("#review-count") == "Review queue: 1 pending"
    page.keyboard.press("a")
    page.wait_for_selector("#notice p:has-text('Approved Attribution')")
    assert page.inner_text("#review-count") == "Review queue: 0 pending"
    span.refresh_from_db()
    assert span.status == "approved"

    page.keyboard.press("Control+z")
    page.wait_for_selector("#notice p:has-text('Undone: approved Attribution')")
    assert page.inner_text("#review-count") == "Review queue: 1 pending"
    span.refresh_from_db()
    assert (span.status, span.reviewer) == ("pending", None)


def test_a_request_that_times_out_says_so_and_is_not_shown_as_saved(page, analyst, article):
    open_article(page, article, analyst)
    page.evaluate("htmx.config.timeout = 400")  # the page's own is 20 s
    held = []
    page.route("**/spans/", lambda route: held.append(route))  # never answered
    select_with_mouse(page, "said the strikes")
    page.keyboard.press("a")
    notice = page.wait_for_selector("#notice p.error")
    assert "did not answer in time" in notice.inner_text()
    assert page.locator(".span-item").count() == 0
    assert page.evaluate("window.getSelection().toString()") == "said the strikes"


def test_a_note_over_the_size_limit_says_why_in_the_servers_words_and_stays(
    page, analyst, article, settings
):
    # 413 is not swapped (base.html's responseHandling): its plain-text message is said in the
    # flash, not replaced by a generic "try again" that would fail the same way.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    span = quote_span(article, analyst, "attribution", "said the strikes")
    open_article(page, article, analyst)
    page.goto(f"/a/{article.pk}/?span={span.pk}")
    page.wait_for_selector("section#suggestions-panel", state="attached")
    note = "ask the ministry " * 200
    page.fill("#detail textarea[name=note]", note)
    page.click("#detail button.primary")
    flash = page.wait_for_selector("#flash p.error")
    assert "larger than the limit of 2,000 bytes; nothing was saved" in flash.inner_text()
    assert "Please try again" not in flash.inner_text()
    assert page.input_value("#detail textarea[name=note]") == note
    span.refresh_from_db()
    assert span.note == ""
