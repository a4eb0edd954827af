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

  function selectionSpan() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    return O.rangeToSpan(sel.getRangeAt(0), textEl());
  }

  function hidePicker() {
    if (picker) picker.hidden = true;
    pending = null;
  }

  function showPicker() {
    if (!picker) return;
    var span = selectionSpan();
    if (!span) { hidePicker(); return; }
    pending = span;
    var rects = window.getSelection().getRangeAt(0).getClientRects();
    var last = rects[rects.length - 1] || textEl().getBoundingClientRect();
    picker.hidden = false;
    var left = Math.min(last.right + window.scrollX - 20, window.scrollX + document.documentElement.clientWidth - picker.offsetWidth - 8);
    picker.style.left = Math.max(8, left) + "px";
    picker.style.top = last.bottom + window.scrollY + 6 + "px";
  }

  function save(labelKey) {
    var span = pending || selectionSpan();
    if (!span || !form) return;
    form.elements.label.value = labelKey;
    form.elements.start.value = span.start;
    form.elements.end.value = span.end;
    form.elements.quote.value = span.quote;
    hidePicker();
    window.getSelection().removeAllRanges();
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
    if (item) { item.click(); item.focus(); }
  }

  function moveInList(step) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".span-item"));
    if (!items.length) return;
    var at = items.indexOf(document.querySelector(".span-item.open"));
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
      label: item.getAttribute("data-label"),
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
  function say(message) {
    var flash = document.getElementById("flash");
    if (flash) { flash.textContent = ""; var p = document.createElement("p"); p.className = "error"; p.textContent = message; flash.appendChild(p); }
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
    if (!candidates.length) { say("No span here can be linked from this one."); return true; }
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

  // Digit keys set the open span's attribute value with that number.
  function setAttributeByDigit(digit) {
    var option = document.querySelector('#span-attributes option[data-digit="' + digit + '"]');
    if (!option) return false;
    var select = option.parentNode;
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.querySelector("[data-help-close]").focus();
  }

  document.addEventListener("mouseup", function (e) {
    if (picker && picker.contains(e.target)) return;
    setTimeout(showPicker, 0);
  });
  document.addEventListener("keyup", function (e) {
    if (e.shiftKey || e.key === "Shift") showPicker();
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
    var t = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]:not(#text)")) return;
    if (inText(t) && (e.key === "Enter" || e.key === "Backspace" || e.key === "Delete")) {
      e.preventDefault();
      return;
    }
    if (e.key === "?") { e.preventDefault(); toggleHelp(); return; }
    var label = labelForKey(e.key) || labelForKey(e.key.toLowerCase());
    if (label && (pending || selectionSpan())) { e.preventDefault(); save(label); return; }
    if (selectionSpan()) return;
    if (e.key === "l" && startLink()) { e.preventDefault(); return; }
    if (/^[1-9]$/.test(e.key) && setAttributeByDigit(e.key)) { e.preventDefault(); return; }
    if (e.key === "j") moveInList(1);
    else if (e.key === "k") moveInList(-1);
    else if (e.key === "n") {
      var next = document.getElementById("next-assigned");
      if (next) next.click();
    }
    else if (e.key === "]" || e.key === "[") {
      var nav = document.getElementById(e.key === "]" ? "next-article" : "prev-article");
      if (nav) nav.click();
    }
  });

  // 4xx answers carry a message for the person (e.g. "quote does not match"): show it.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var status = e.detail.xhr.status;
    if (status >= 400 && status < 500) { e.detail.shouldSwap = true; e.detail.isError = false; }
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var id = e.detail.elt && e.detail.elt.id;
    giveCaret();
    markOpen(id === "detail");
  });
  document.addEventListener("htmx:responseError", function () {
    var flash = document.getElementById("flash");
    if (flash) flash.innerHTML = '<p class="error">The server could not save this. Please try again.</p>';
  });

  giveCaret();
  markOpen(true);
})();
