/* The annotate view: selection -> label picker -> htmx POST; keyboard shortcuts; span panel. */
(function () {
  "use strict";
  var O = window.NewsannotOffsets;
  var root = document.getElementById("annotate");
  if (!root || !O) return;
  var picker = document.getElementById("picker");
  var form = document.getElementById("new-span");
  var help = document.getElementById("help");
  var pending = null;

  function textEl() { return document.getElementById("text"); }

  // Keyboard selection: the text is made "editable" only so that the browser gives it a caret
  // (Tab into it, arrows move, Shift + arrows select, Ctrl + Shift + arrows by word). Every edit
  // is refused below, so the stored text can never change from here.
  function giveCaret() {
    var el = textEl();
    if (!el || el.isContentEditable) return;
    el.contentEditable = "true";
    el.spellcheck = false;
    // Editable only for the caret: to assistive technology, a read-only multi-line text box
    // (a role on which aria-readonly is allowed).
    el.setAttribute("role", "textbox");
    el.setAttribute("aria-multiline", "true");
    el.setAttribute("aria-readonly", "true");
    el.setAttribute("autocorrect", "off");
    el.setAttribute("autocapitalize", "off");
  }
  function inText(node) {
    var el = textEl();
    return !!(el && node && el.contains(node));
  }
  document.addEventListener("beforeinput", function (e) {
    if (inText(e.target)) e.preventDefault();
  });
  ["paste", "drop", "cut", "dragstart"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (inText(e.target)) e.preventDefault();
    });
  });

  // The project's selection granularity: "word" snaps mouse selections to whole words (Alt
  // held keeps characters); keyboard selections are exact either way (Ctrl+Shift+arrows select
  // by word already).
  var granularity = root.getAttribute("data-granularity");
  function selectionSpan(snap) {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    return O.rangeToSnappedSpan(sel.getRangeAt(0), textEl(), !!snap);
  }

  // Moving the caret through the text says which spans it entered ("In: Unverified claim"),
  // or that it left them: a highlight's label is otherwise only its title, which screen
  // readers do not read while moving by character or word.
  var where = document.getElementById("text-where"), whereSaid = "";
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (!where || !sel || !sel.rangeCount || !inText(document.activeElement)) return;
    var node = sel.focusNode, el = node && (node.nodeType === 1 ? node : node.parentElement);
    var seg = el && el.closest && el.closest("#text .seg");
    var said = seg && seg.classList.contains("hl") ? "In: " + segLabels(seg) : (whereSaid ? "Outside the spans" : "");
    if (said === whereSaid) return;
    whereSaid = said;
    where.textContent = said;
  });

  function hidePicker() {
    if (!picker) return;
    var hadFocus = picker.contains(document.activeElement);
    picker.hidden = true;
    pending = null;
    // Focus never drops to <body>: back to the text the selection was made in.
    if (hadFocus && textEl()) textEl().focus({ preventScroll: true });
  }

  // The picker is a menu (WAI-ARIA menu pattern): announced when it appears, ↓ from the text
  // enters it, ↑/↓/Home/End move, Enter picks (the buttons' own click), Esc or Tab leave it.
  var pickerHint = document.getElementById("picker-hint");
  function announcePicker() {
    if (!pickerHint) return;
    pickerHint.textContent = "";
    pickerHint.textContent = "Label menu: press a label's key, or Down arrow to choose.";
  }
  function menuItems() { return Array.prototype.slice.call(picker.querySelectorAll("[role=menuitem]")); }
  function focusItem(i) {
    var items = menuItems();
    if (!items.length) return;
    items[(i + items.length) % items.length].focus();
  }
  function pickerKeys(e) {
    if (!picker || picker.hidden) return false;
    var items = menuItems(), at = items.indexOf(document.activeElement);
    if (at < 0) {
      if (e.key === "ArrowDown" && !e.shiftKey && !e.altKey && !e.ctrlKey) { focusItem(0); return true; }
      return false;
    }
    if (e.key === "ArrowDown") focusItem(at + 1);
    else if (e.key === "ArrowUp") focusItem(at - 1);
    else if (e.key === "Home") focusItem(0);
    else if (e.key === "End") focusItem(items.length - 1);
    else if (e.key === "Tab") hidePicker();
    else return false;
    return true;
  }

  function showPicker(snap) {
    if (!picker) return;
    var span = selectionSpan(snap);
    if (!span) { hidePicker(); return; }
    if (span.snapped) {
      // Show what will be saved: the selection itself grows to the whole words.
      var range = O.spanToRange(textEl(), span.start, span.end);
      if (range) { var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range); }
    }
    pending = span;
    var rects = window.getSelection().getRangeAt(0).getClientRects();
    var last = rects[rects.length - 1] || textEl().getBoundingClientRect();
    if (picker.hidden) announcePicker();
    picker.hidden = false;
    var left = Math.min(last.right + window.scrollX - 20, window.scrollX + document.documentElement.clientWidth - picker.offsetWidth - 8);
    picker.style.left = Math.max(8, left) + "px";
    picker.style.top = last.bottom + window.scrollY + 6 + "px";
  }

  function save(labelKey) {
    flushPicker();
    var span = pending || selectionSpan();
    if (!span || !form) return;
    form.elements.label.value = labelKey;
    form.elements.start.value = span.start;
    form.elements.end.value = span.end;
    form.elements.quote.value = span.quote;
    hidePicker();
    // The selection stays until the answer replaces the text: if the network fails, it is
    // still there to label again (or Enter retries).
    form.requestSubmit();
  }

  function labelForKey(key) {
    if (!picker || !key || key.length !== 1) return null;
    var buttons = picker.querySelectorAll("[data-key]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-key") === key) return buttons[i].getAttribute("data-label");
    }
    return null;
  }

  // Mark the open span's segments. One selector query per opened span, no scan of all spans.
  function markOpen(scroll) {
    var active = document.querySelectorAll("#text .seg.active");
    for (var i = 0; i < active.length; i++) active[i].classList.remove("active");
    var detail = document.getElementById("detail");
    var id = detail && detail.getAttribute("data-open");
    document.querySelectorAll(".span-item.open").forEach(function (el) { el.classList.remove("open"); });
    if (!id) return;
    var item = document.querySelector('.span-item[data-span="' + id + '"]');
    if (item) item.classList.add("open");
    var segs = document.querySelectorAll('#text [data-spans~="' + id + '"]');
    for (var j = 0; j < segs.length; j++) segs[j].classList.add("active");
    if (scroll && segs.length) segs[0].scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function openSpan(id) {
    var item = document.querySelector('.span-item[data-span="' + id + '"]');
    if (item) { item.click(); item.focus(); return; }
    // Not in the part of the list fetched so far: its detail straight away.
    var list = document.querySelector("ol[data-detail]");
    if (list && window.htmx) {
      htmx.ajax("GET", list.getAttribute("data-detail").replace(PLACEHOLDER, id),
        { target: "#detail", swap: "outerHTML" });
    }
  }

  function moveInList(step) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".span-item"));
    if (!items.length) return;
    // From the item with focus (j / k and a click put it there at once), else the open one:
    // another request settling meanwhile (the suggestions panel's load) marks the spans from
    // the detail as it was, before the answer for the item just opened came in.
    var active = document.activeElement;
    var from = active && active.classList && active.classList.contains("span-item") ? active
      : document.querySelector(".span-item.open");
    var at = items.indexOf(from);
    var next = items[Math.max(0, Math.min(items.length - 1, at < 0 ? 0 : at + step))];
    openSpan(next.getAttribute("data-span"));
  }

  // Linking the open span to another: `l` (or the panel's button), then j / k move between the
  // spans it may link to, nearest first, a relation type's key picks the type, Enter links. With
  // the mouse: the panel's button, then click the target's highlight and a type.
  var relPicker = document.getElementById("relation-picker");
  var relForm = document.getElementById("new-relation");
  var link = null; // {from, candidates, at, type}

  function spanInfo(item) {
    return {
      id: item.getAttribute("data-span"),
      label: item.getAttribute("data-label-key"),
      start: +item.getAttribute("data-start"),
      end: +item.getAttribute("data-end")
    };
  }
  function words(el, name) { var v = el.getAttribute(name); return v ? v.split(" ") : []; }
  function typeAllows(btn, fromLabel, toLabel) {
    var f = words(btn, "data-from-labels"), t = words(btn, "data-to-labels");
    return (!f.length || f.indexOf(fromLabel) >= 0) && (!t.length || t.indexOf(toLabel) >= 0);
  }
  function typeButtons() {
    return relPicker ? Array.prototype.slice.call(relPicker.querySelectorAll("[data-type]")) : [];
  }
  function gap(a, b) {
    return a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;
  }

  function startLink() {
    var detail = document.getElementById("detail");
    var id = detail && detail.getAttribute("data-open");
    var fromItem = id && document.querySelector('.span-item[data-span="' + id + '"]');
    if (!fromItem || !relPicker || !relForm) return false;
    var from = spanInfo(fromItem);
    var buttons = typeButtons();
    var candidates = Array.prototype.slice.call(document.querySelectorAll(".span-item"))
      .map(spanInfo)
      .filter(function (c) {
        return c.id !== from.id && buttons.some(function (b) { return typeAllows(b, from.label, c.label); });
      })
      .sort(function (a, b) { return gap(from, a) - gap(from, b) || a.start - b.start; });
    if (!candidates.length) { say('<p class="error">No span here can be linked from this one.</p>'); return true; }
    link = { from: from, candidates: candidates, at: 0, type: null };
    showTarget();
    return true;
  }

  function clearTargets() {
    document.querySelectorAll(".link-target").forEach(function (el) { el.classList.remove("link-target"); });
  }

  function showTarget() {
    clearTargets();
    var target = link.candidates[link.at];
    var segs = document.querySelectorAll('#text [data-spans~="' + target.id + '"]');
    for (var i = 0; i < segs.length; i++) segs[i].classList.add("link-target");
    var item = document.querySelector('.span-item[data-span="' + target.id + '"]');
    if (item) item.classList.add("link-target");
    var allowed = typeButtons().filter(function (b) {
      var ok = typeAllows(b, link.from.label, target.label);
      b.hidden = !ok;
      return ok;
    });
    var keys = allowed.map(function (b) { return b.getAttribute("data-type"); });
    if (keys.indexOf(link.type) < 0) link.type = keys[0];
    allowed.forEach(function (b) {
      b.setAttribute("aria-checked", b.getAttribute("data-type") === link.type ? "true" : "false");
    });
    relPicker.hidden = false;
    var rect = (segs[0] || textEl()).getBoundingClientRect();
    relPicker.style.left = Math.max(8, rect.left + window.scrollX) + "px";
    relPicker.style.top = rect.bottom + window.scrollY + 6 + "px";
    if (segs.length) segs[0].scrollIntoView({ block: "nearest" });
  }

  function moveTarget(step) {
    var n = link.candidates.length;
    link.at = (link.at + step + n) % n;
    showTarget();
  }

  function pickType(type) {
    var btn = typeButtons().filter(function (b) { return !b.hidden && b.getAttribute("data-type") === type; })[0];
    if (!btn) return false;
    link.type = type;
    showTarget();
    return true;
  }

  function endLink() {
    link = null;
    clearTargets();
    if (relPicker) relPicker.hidden = true;
  }

  function finishLink() {
    if (!link || !link.type) return;
    relForm.elements.type.value = link.type;
    relForm.elements.from.value = link.from.id;
    relForm.elements.to.value = link.candidates[link.at].id;
    endLink();
    relForm.requestSubmit();
  }

  function linkKey(e) {
    if (e.key === "Escape") { endLink(); return; }
    if (e.key === "j" || e.key === "ArrowDown") moveTarget(1);
    else if (e.key === "k" || e.key === "ArrowUp") moveTarget(-1);
    else if (e.key === "Enter") finishLink();
    else {
      var btn = typeButtons().filter(function (b) { return !b.hidden && b.getAttribute("data-key") === e.key; })[0];
      if (!btn) return; // Tab and the rest keep their meaning
      pickType(btn.getAttribute("data-type"));
    }
    e.preventDefault();
  }

  // A key pressed the moment a panel was swapped in acts on content htmx wires up only when
  // it settles (20 ms on, later on a busy machine): wired first here. Else htmx missed the
  // change a digit made (the attribute never saved), and a button's click, by which it knows
  // which button sent the form: r sent no decision ("Unknown decision ''").
  function wired(el) {
    if (window.htmx) htmx.process(el.form || el);
    return el;
  }

  // Digit keys set the open span's attribute value with that number.
  function setAttributeByDigit(digit) {
    var option = document.querySelector('#span-attributes option[data-digit="' + digit + '"]');
    if (!option) return false;
    var select = wired(option.parentNode);
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  // The help is a modal dialog: Tab stays inside it, and closing it gives focus back to what
  // opened it (the "Shortcuts" button, or the text after "?").
  var helpOpener = null;
  function toggleHelp(show) {
    if (!help) return;
    var open = show === undefined ? help.hidden : show;
    if (open === !help.hidden) return;
    if (open) helpOpener = document.activeElement;
    help.hidden = !open;
    if (open) { help.querySelector("[data-help-close]").focus(); return; }
    var back = helpOpener && document.contains(helpOpener) && helpOpener !== document.body ? helpOpener : textEl();
    helpOpener = null;
    if (back) back.focus({ preventScroll: true });
  }
  function trapHelp(e) {
    if (!help || help.hidden || e.key !== "Tab") return false;
    var f = help.querySelectorAll("button, a[href], input, select, textarea, [tabindex]:not([tabindex='-1'])");
    var first = f[0], last = f[f.length - 1];
    if (!help.contains(document.activeElement)) first.focus();
    else if (e.shiftKey && document.activeElement === first) last.focus();
    else if (!e.shiftKey && document.activeElement === last) first.focus();
    else return false;
    return true;
  }

  // A form htmx has not processed yet (a key pressed the moment its panel was swapped in: j,
  // then Delete) would be submitted by the browser itself, and the page left; htmx takes it
  // up here, before the submit reaches the form (processing twice is a no-op).
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (window.htmx && f.matches && f.matches("[hx-post],[hx-put],[hx-patch],[hx-delete]")) {
      window.htmx.process(f);
    }
  }, true);

  // The picker (and the snapping to words) waits for the selection the mouse made to settle;
  // a label key pressed before that runs it first (flushPicker), or it saved the selection as
  // dragged ("nts 'fleeing in panic' after") and the picker opened after the save.
  var pickerTimer = null, pickerSnap = false;
  function flushPicker() {
    if (pickerTimer === null) return;
    clearTimeout(pickerTimer);
    pickerTimer = null;
    showPicker(pickerSnap);
  }
  document.addEventListener("mouseup", function (e) {
    if (picker && picker.contains(e.target)) return;
    pickerSnap = granularity === "word" && !e.altKey;
    clearTimeout(pickerTimer);
    pickerTimer = setTimeout(flushPicker, 0);
  });
  document.addEventListener("keyup", function (e) {
    if (e.shiftKey || e.key === "Shift") showPicker(false);
  });

  // -- Boundary keys: with a span open (and the caret not in the text, where Shift + arrows
  // select), Shift+arrows move its end, Alt+Shift+arrows its start, by word with Ctrl. Each
  // move is a span update; presses made while one is on its way are sent after its answer,
  // with the version it brings back.
  var wanted = null, wantedFor = null, boundsBusy = false, refocusItem = false;
  var sending = null, sendingFor = null;
  function boundsForm() { return document.querySelector("#detail form.span-bounds"); }
  // Where the next key moves from: what is still to send, else what is on its way (a key
  // pressed while a move is in flight moves on from it, not from the place before it), else
  // where the server last put the span: the bounds form's inputs as rendered (defaultValue).
  function boundsFrom(id) {
    if (wanted && wantedFor === id) return wanted;
    if (boundsBusy && sending && sendingFor === id) return sending;
    var f = boundsForm();
    return { start: +f.elements.start.defaultValue, end: +f.elements.end.defaultValue };
  }
  function moveOpenSpan(e) {
    var detail = document.getElementById("detail");
    var id = detail && detail.getAttribute("data-open");
    if (!id || !boundsForm()) return false;
    var cur = boundsFrom(id);
    var next = O.moveBoundary(O.textChars(textEl()), cur, e.altKey ? "start" : "end",
      e.key === "ArrowRight" ? 1 : -1, e.ctrlKey || e.metaKey, textEl().lang);
    if (next.start !== cur.start || next.end !== cur.end) { wanted = next; wantedFor = id; sendBounds(); }
    return true;
  }
  function sendBounds() {
    var f = boundsForm(), detail = document.getElementById("detail");
    if (!f || !wanted || boundsBusy || detail.getAttribute("data-open") !== wantedFor) return;
    f.elements.start.value = wanted.start;
    f.elements.end.value = wanted.end;
    sending = wanted;
    sendingFor = wantedFor;
    wanted = null;
    boundsBusy = true;
    refocusItem = true;
    // The form came in with the last answer, and htmx wires new content up only when it
    // settles (20 ms on): a key pressed sooner submitted it natively, a whole-page POST.
    if (window.htmx) htmx.process(f);
    f.requestSubmit();
  }
  // After the answer (afterRequest and afterSettle come in either order): focus back on the
  // open span's item, so the next key moves it again, and send what was pressed meanwhile.
  function afterBounds() {
    if (boundsBusy) return;
    if (refocusItem) {
      var item = document.querySelector(".span-item.open");
      if (item) { refocusItem = false; item.focus({ preventScroll: true }); }
    }
    sendBounds();
  }
  document.addEventListener("htmx:afterRequest", function (e) {
    // requestConfig.elt: the form that sent it (detail.elt is wherever the event fired, the
    // form being gone after the swap).
    var src = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (src && src.classList && src.classList.contains("span-bounds")) {
      boundsBusy = false;
      sending = null;
      setTimeout(afterBounds, 0);
    }
  });

  // A span list item opens its detail with htmx. The items carry no hx-* attributes (htmx
  // would process thousands on load): the list holds the URL, with a placeholder id.
  var PLACEHOLDER = "2147483647";
  function openDetail(item) {
    var list = item.closest("ol[data-detail]");
    if (!list || !window.htmx) return false;
    var url = list.getAttribute("data-detail").replace(PLACEHOLDER, item.getAttribute("data-span"));
    // Marked open at once, so j / k pressed before the answer settles move on from this item.
    document.querySelectorAll(".span-item.open").forEach(function (el) { el.classList.remove("open"); });
    item.classList.add("open");
    htmx.ajax("GET", url, { source: item, target: "#detail", swap: "outerHTML" });
    return true;
  }
  document.addEventListener("click", function (e) {
    var item = e.target.closest && e.target.closest(".span-item");
    if (!item || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    if (openDetail(item)) e.preventDefault();
  });

  // Clicking a highlight (without selecting) opens its innermost span.
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-link-start]")) { startLink(); return; }
    var typeBtn = e.target.closest && e.target.closest("#relation-picker [data-type]");
    if (typeBtn && link) { pickType(typeBtn.getAttribute("data-type")); finishLink(); return; }
    var hl = link && e.target.closest && e.target.closest("#text .hl");
    if (hl) {
      // In link mode a click on a highlight picks that span as the target, innermost first.
      var ids = hl.getAttribute("data-spans").split(" ").reverse();
      for (var c = 0; c < link.candidates.length; c++) {
        if (ids.indexOf(link.candidates[c].id) >= 0) { link.at = c; showTarget(); return; }
      }
      return;
    }
    var pick = e.target.closest && e.target.closest("#picker [data-label]");
    if (pick) { save(pick.getAttribute("data-label")); return; }
    if (e.target.closest && e.target.closest("[data-help]")) { toggleHelp(true); return; }
    if (e.target.closest && e.target.closest("[data-help-close]")) { toggleHelp(false); return; }
    var seg = e.target.closest && e.target.closest("#text .hl");
    if (seg && window.getSelection().isCollapsed) {
      var ids = seg.getAttribute("data-spans").split(" ");
      openSpan(ids[ids.length - 1]);
    }
  });

  document.addEventListener("keydown", function (e) {
    if (link && !e.ctrlKey && !e.metaKey && !e.altKey) { linkKey(e); return; }
    if (e.key === "Escape") { hidePicker(); toggleHelp(false); return; }
    if (trapHelp(e) || pickerKeys(e)) { e.preventDefault(); return; }
    var t = e.target;
    var inField = t.closest && t.closest("input, textarea, select, [contenteditable]:not(#text)");
    // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y): the user's own changes in this article. In a text
    // field they stay the field's own undo; a <select> has none (the label's keeps the focus
    // after a relabel), so there they are the page's.
    var ownUndo = inField && t.tagName !== "SELECT";
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !ownUndo) {
      var k = e.key.toLowerCase();
      if (k === "z" || k === "y") {
        e.preventDefault();
        if (k === "y" || e.shiftKey) redo(); else undo();
        return;
      }
    }
    if (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowRight") && !inField && !inText(t)) {
      if (moveOpenSpan(e)) { e.preventDefault(); return; }
    }
    if (e.key === "Enter" && failed && !inField && !(t.closest && t.closest("button, a"))) {
      e.preventDefault();
      retry();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (inField) return;
    // Delete: the open span goes (no confirmation: Ctrl+Z brings it back).
    if (e.key === "Delete" && !(pending || selectionSpan())) {
      var del = document.querySelector("#detail form.span-delete button");
      if (del) { e.preventDefault(); wired(del).click(); return; }
    }
    if (inText(t) && (e.key === "Enter" || e.key === "Backspace" || e.key === "Delete")) {
      e.preventDefault();
      // Enter with the caret in a suggestion accepts it, as Enter does in the panel
      // (suggestions.js owns the panel).
      var caret = e.key === "Enter" && window.getSelection().isCollapsed ? O.caretOffset(textEl()) : null;
      if (caret !== null) document.dispatchEvent(new CustomEvent("newsannot:accept-at", { detail: { at: caret } }));
      return;
    }
    if (e.key === "?") { e.preventDefault(); toggleHelp(); return; }
    var label = labelForKey(e.key) || labelForKey(e.key.toLowerCase());
    if (label && (pending || selectionSpan())) { e.preventDefault(); save(label); return; }
    if (selectionSpan()) return;
    if (e.key === "l" && startLink()) { e.preventDefault(); return; }
    if (/^[1-9]$/.test(e.key) && setAttributeByDigit(e.key)) { e.preventDefault(); return; }
    // Reviewers: a / r decide the open span (its buttons are there only when they may).
    var decide = { a: "approve", r: "reject" }[e.key];
    var button = decide && document.querySelector('#detail [data-decide="' + decide + '"]');
    if (button) { e.preventDefault(); wired(button).click(); return; }
    if (e.key === "j") moveInList(1);
    else if (e.key === "k") moveInList(-1);
    else if (e.key === "n") {
      var next = document.getElementById("next-assigned");
      if (next) next.click();
    }
    else if (e.key === "d" && !label) {
      // Mark the article done (and go on, as its button says): not when it is done already,
      // nor when a label has d (one made before d was kept from labels: it stays the label's).
      var done = document.querySelector("[data-mark-done]");
      if (done) { e.preventDefault(); done.click(); }
    }
    else if (e.key === "]" || e.key === "[") {
      var nav = document.getElementById(e.key === "]" ? "next-article" : "prev-article");
      if (nav) nav.click();
    }
  });

  // -- Patches: after a change to one span the server sends only the lines it touched
  // (#text-patch, [data-from, data-to): whole lines, so segment boundaries on any page) and its
  // list item (#list-patch, to go before the item of data-before). Moved into place here.
  function applyPatch() {
    var patch = document.getElementById("text-patch"), el = textEl();
    if (patch && el && patch.hasAttribute("data-from")) {
      var from = +patch.getAttribute("data-from"), to = +patch.getAttribute("data-to");
      patch.removeAttribute("data-from");
      var first = el.querySelector('.seg[data-s="' + from + '"]');
      if (!first && patch.firstElementChild) { location.reload(); return; }
      var node = first;
      while (node && node.nodeType === 1 && +node.getAttribute("data-s") < to) {
        var next = node.nextSibling;
        node.remove();
        node = next;
      }
      var frag = document.createDocumentFragment();
      while (patch.firstChild) frag.appendChild(patch.firstChild);
      el.insertBefore(frag, node);
      // Read by offsets.js, whose index of the segments is then out of date.
      el.dataset.patch = String((+el.dataset.patch || 0) + 1);
    }
    var items = document.getElementById("list-patch");
    if (items && items.hasAttribute("data-span")) {
      var id = items.getAttribute("data-span"), before = items.getAttribute("data-before");
      items.removeAttribute("data-span");
      var list = document.querySelector("#spans ol[data-detail]"), li = items.querySelector("li");
      var old = list && list.querySelector('.span-item[data-span="' + id + '"]');
      if (old) old.closest("li").remove();
      if (li && list) {
        var at = before && list.querySelector('.span-item[data-span="' + before + '"]');
        // Its place not fetched yet (the list's later pages come as it is scrolled): the page
        // that holds it will bring it.
        var more = list.querySelector("li.more");
        if (at) list.insertBefore(li, at.closest("li"));
        else if (!more) list.appendChild(li);
      }
      items.innerHTML = "";
    }
  }
  document.addEventListener("htmx:oobAfterSwap", applyPatch);

  // A highlight's tooltip (its labels) is set when the mouse first comes over it: a title on
  // each of thousands of segments was a tenth of a long article's page. The labels are kept by
  // highlight class, on the <style> elements that define the classes (the page's and each
  // patch's).
  var labelMaps = { count: -1, map: {} };
  function labelsOf(cls) {
    var styles = document.querySelectorAll("#text-styles style[data-labels]");
    if (styles.length !== labelMaps.count) {
      labelMaps = { count: styles.length, map: {} };
      for (var i = 0; i < styles.length; i++) {
        try { Object.assign(labelMaps.map, JSON.parse(styles[i].getAttribute("data-labels"))); }
        catch (err) { /* a malformed map leaves tooltips out, nothing else */ }
      }
    }
    return labelMaps.map[cls];
  }
  // A highlight's label names, from its classes (the page carries no title per segment).
  function segLabels(seg) {
    if (seg.hasAttribute("title")) return seg.getAttribute("title");
    for (var i = 0; i < seg.classList.length; i++) {
      var names = labelsOf(seg.classList[i]);
      if (names) return names;
    }
    return "";
  }
  document.addEventListener("mouseover", function (e) {
    var seg = e.target.closest && e.target.closest("#text .hl");
    if (!seg || seg.hasAttribute("title")) return;
    var names = segLabels(seg);
    if (names) seg.title = names;
  });

  // 4xx answers carry a message for the person (e.g. "quote does not match"): htmx's
  // responseHandling (base.html) swaps them in; nothing to do here.
  document.addEventListener("htmx:afterSettle", function (e) {
    var id = e.detail.elt && e.detail.elt.id;
    applyPatch();
    giveCaret();
    markOpen(id === "detail");
    readNotice();
    afterBounds();
  });
  // What responseHandling does not swap (it alone decides) is an error: a 5xx, or a message
  // for the person in plain text (middleware.py: 413 for a request over the size limit, 503
  // while the database is out of reach), which swapped into its target would break it. Said
  // here, in the server's words when it gave some; the selection or typed note stays.
  document.addEventListener("htmx:responseError", function (e) {
    var flash = document.getElementById("flash");
    if (!flash) return;
    var xhr = e.detail.xhr, cfg = e.detail.requestConfig || {};
    var type = (xhr && xhr.getResponseHeader("Content-Type")) || "";
    var said = type.indexOf("text/plain") === 0 ? xhr.responseText.trim().slice(0, 500) : "";
    var p = document.createElement("p");
    p.className = "error";
    p.textContent = said || (cfg.verb === "get" ? "The server could not load this."
      : "The server could not save this.") + " Please try again.";
    flash.replaceChildren(p);
  });

  // Focus and caret stay in the text across the swaps a save brings (the text element is
  // replaced): remembered before the request, put back after the swap. A change sent from
  // elsewhere (Delete on the span opened with j, the detail form's Save) loses focus with the
  // list item or form the swap replaces: it comes to the text too, at the open span's start,
  // so that the next Tab or arrow goes on from where the analyst was working. Unless it was
  // on a span's list item that is back after the swap (Ctrl+Z of a boundary move pressed
  // there, a reviewer's a / r on the span opened with j): focus goes back to that item, so
  // that Shift+arrows go on moving the span's boundaries and j / k on from it.
  // Remembered per request (its xhr), not in one variable: another request settling meanwhile
  // (the panel j asked for settles 20 ms after its swap, a Delete pressed within them is
  // already on its way; a job-state poll) took the memory, and the Delete's own swap then
  // left focus on <body>.
  var focusMemory = new WeakMap();
  function lostFocus(active) {
    return !active || active === document.body || !document.contains(active);
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var sel = window.getSelection(), el = textEl(), active = document.activeElement;
    var xhr = e.detail && e.detail.xhr;
    // Nothing had focus (e.g. the suggestions panel loading as the page opens): none to keep.
    if (!xhr || !el || lostFocus(active)) return;
    if (!inText(active)) {
      var detail = document.getElementById("detail");
      var at = detail && detail.getAttribute("data-start");
      focusMemory.set(xhr, {
        caretAt: at ? +at : 0,
        itemAt: active.classList.contains("span-item") ? active.getAttribute("data-span") : null,
      });
      return;
    }
    if (!sel || !sel.rangeCount) return;
    var r = sel.getRangeAt(0);
    var caretAt = O.pointToOffset(r.endContainer, r.endOffset, el);
    focusMemory.set(xhr, { caretAt: caretAt === null ? 0 : caretAt, itemAt: null });
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var xhr = e.detail && e.detail.xhr, memory = xhr && focusMemory.get(xhr);
    var el = textEl(), now = window.getSelection(), active = document.activeElement;
    if (!memory || !el) return;
    focusMemory.delete(xhr);
    // Focus went somewhere else since the request left (the label picker, a field, the list):
    // the person moved it, and it stays. Only focus a swap dropped to <body> (or that was on
    // an element the swap removed) comes back. (The suggestions panel's load, answered while
    // the analyst walked the picker, took it back.) A boundary move gives it back to the open
    // span's item itself (afterBounds).
    if ((!lostFocus(active) && !inText(active)) || refocusItem) return;
    // Still in the text, where it was (a patch replaced other lines): leave it be.
    if (inText(active) && now && now.rangeCount && el.contains(now.getRangeAt(0).endContainer)) return;
    var item = memory.itemAt && document.querySelector('#spans ol .span-item[data-span="' + memory.itemAt + '"]');
    if (item) { item.focus({ preventScroll: true }); return; }
    el.focus({ preventScroll: true });
    O.placeCaret(el, memory.caretAt);
  });
  // After an accepted suggestion suggestions.js puts a fresh text in place (not an htmx
  // swap): a caret for it, the open span marked, and focus and caret back if they were in it.
  var replacingAt = null;
  document.addEventListener("newsannot:text-replacing", function () {
    var el = textEl();
    replacingAt = el && inText(document.activeElement) ? O.caretOffset(el) : null;
  });
  document.addEventListener("newsannot:text-replaced", function () {
    var el = textEl(), at = replacingAt;
    replacingAt = null;
    giveCaret();
    markOpen(false);
    if (!el || at === null || !lostFocus(document.activeElement)) return;
    el.focus({ preventScroll: true });
    O.placeCaret(el, at);
  });

  // The notice names the change's history row: read it in the same task as the swap, so an
  // undo pressed right after a change undoes that change.
  document.addEventListener("htmx:afterSwap", function () { applyPatch(); readNotice(); });

  // -- Notices: what the server saved, and requests that never reached it --------------------
  var noticeTimer = null;
  function noticeEl() { return document.getElementById("notice"); }
  function say(html, keep) {
    var el = noticeEl();
    if (!el) return;
    clearTimeout(noticeTimer);
    el.innerHTML = html;
    if (!keep) noticeTimer = setTimeout(function () {
      if (!el.contains(document.activeElement)) el.innerHTML = "";
    }, 12000);
  }

  // A request that failed on the network (or timed out) is kept, to send again with Enter or
  // the Retry button; what the analyst typed or selected is left as it was.
  var failed = null;
  if (window.htmx) htmx.config.timeout = 20000;
  function onFail(e) {
    var elt = e.detail.elt;
    if (!elt || !document.contains(elt)) return;
    // A failed save outranks a failed load (e.g. the suggestions panel): its message stays.
    if (failed && failed.elt.tagName === "FORM" && elt.tagName !== "FORM" && document.contains(failed.elt)) return;
    var cfg = e.detail.requestConfig || {};
    failed = { elt: elt, verb: cfg.verb, path: cfg.path };
    // A dropped connection never reached the server; a timeout may have (a retry then meets
    // the version rule or the duplicate check, never a second copy).
    var timedOut = e.type === "htmx:timeout";
    var what = elt.closest && elt.closest("form[hx-post]") ? "Not saved" : "Not loaded";
    var why = timedOut ? "the server did not answer in time, so this may not have been saved."
      : "the connection failed. Nothing reached the server.";
    say('<p class="error">' + what + ": " + why +
      ' Press <kbd>Enter</kbd> or <button type="button" class="link" data-retry>Retry</button>.</p>', true);
  }
  document.addEventListener("htmx:sendError", onFail);
  document.addEventListener("htmx:timeout", onFail);
  // Only the failed request's own element sending again settles it (another request, e.g. the
  // suggestions panel loading, must not wipe the message).
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (failed && e.detail.elt === failed.elt) failed = null;
  });
  function retry() {
    var f = failed;
    failed = null;
    if (!f) return;
    say('<p class="muted">Sending again…</p>', true);
    // An undo that timed out may have landed: the server then answers with what it did.
    if (f.elt.id === "undo-form") f.elt.elements.again.value = "1";
    if (f.elt.tagName === "FORM") f.elt.requestSubmit();
    else if (f.elt.classList.contains("span-item")) openDetail(f.elt);
    else htmx.ajax(f.verb, f.path, { source: f.elt });
  }
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-retry]")) { retry(); return; }
    var u = e.target.closest && e.target.closest("[data-undo]");
    if (u) sendUndo(u.getAttribute("data-undo"), u.getAttribute("data-mode"));
  });

  // -- Undo / redo: stacks of history-row ids, kept for this tab and article ----------------
  var stackKey = "newsannot-undo-" + (textEl() && textEl().getAttribute("data-article"));
  function stacks() {
    try { return JSON.parse(sessionStorage.getItem(stackKey)) || { undo: [], redo: [] }; }
    catch (err) { return { undo: [], redo: [] }; }
  }
  function keep(st) { try { sessionStorage.setItem(stackKey, JSON.stringify(st)); } catch (err) { /* private mode */ } }
  // After each answer: the notice names the history row the change left, and whether it was
  // an undo, a redo or a new change (which ends the redo chain).
  function readNotice() {
    var p = document.querySelector("#notice p[data-history]");
    if (!p || p.hasAttribute("data-read")) return;
    p.setAttribute("data-read", "");
    var id = p.getAttribute("data-history");
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () {
      var el = noticeEl();
      if (el && el.contains(p) && !el.contains(document.activeElement)) el.innerHTML = "";
    }, 12000);
    if (!id) return;
    var st = stacks(), mode = p.getAttribute("data-mode");
    if (mode === "undo") st.redo.push(id);
    else if (mode === "redo") st.undo.push(id);
    else { st.undo.push(id); st.redo = []; }
    keep(st);
  }
  // One undo (or redo) on its way at a time: presses made meanwhile are sent after its answer,
  // each from the stacks that answer left. (Sent at once, htmx kept only the last one queued
  // on the form: three quick Ctrl+Z undid one change, and the third met a 409 about the
  // second, which was never sent and was gone from the stack.)
  var undoBusy = false, undoNext = [];
  function sendUndo(id, mode) {
    var f = document.getElementById("undo-form");
    if (!f || !id) return;
    if (undoBusy) { undoNext.push(mode === "redo" ? redo : undo); return; }
    var st = stacks(), list = mode === "redo" ? st.redo : st.undo;
    var at = list.lastIndexOf(String(id));
    if (at >= 0) list.splice(at, 1);
    keep(st);
    f.elements.history.value = id;
    f.elements.mode.value = mode;
    f.elements.again.value = "";
    f.requestSubmit();
  }
  // Busy from when htmx sends it (a retry too; a request htmx never sends never blocks).
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (e.detail.elt && e.detail.elt.id === "undo-form") undoBusy = true;
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var src = e.detail.requestConfig && e.detail.requestConfig.elt;
    if (!src || src.id !== "undo-form") return;
    undoBusy = false;
    // After a refusal (its message is shown) or a failure, the presses after it are dropped.
    var xhr = e.detail.xhr, ok = !e.detail.failed && xhr && xhr.status < 300;
    var next = ok ? undoNext.shift() : null;
    if (!ok) undoNext = [];
    // From the stacks as this answer leaves them (readNotice is idempotent).
    if (next) setTimeout(function () { readNotice(); next(); }, 0);
  });
  function undo() {
    if (undoBusy) { undoNext.push(undo); return; }
    var st = stacks();
    if (!st.undo.length) { say('<p class="muted">Nothing to undo.</p>'); return; }
    sendUndo(st.undo[st.undo.length - 1], "undo");
  }
  function redo() {
    if (undoBusy) { undoNext.push(redo); return; }
    var st = stacks();
    if (!st.redo.length) { say('<p class="muted">Nothing to redo.</p>'); return; }
    sendUndo(st.redo[st.redo.length - 1], "redo");
  }

  giveCaret();
  markOpen(true);
})();
