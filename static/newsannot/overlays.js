/* Drawn over the article text: relations as connectors (the open span's; all the article's
 * with "Show all relations", key v) and the open span's two drag handles for its boundaries.
 *
 * Both live outside #text, in document coordinates, so the text's swaps never touch them; they
 * are redrawn (once a frame at most) after each swap, when the reader's size changes and when
 * the toggle changes. The connectors' layer takes no pointer events: selecting and clicking
 * the text go through it. Only what is shown is drawn: the open span's few relations, or the
 * article's tens; the highlights are found in one pass over the text's highlighted segments.
 */
(function () {
  "use strict";
  var O = window.NewsannotOffsets;
  var root = document.getElementById("annotate");
  if (!root || !O) return;
  var SVG = "http://www.w3.org/2000/svg";
  var toggle = document.getElementById("show-relations");
  var toggleForm = document.getElementById("relations-toggle");
  var all = null; // the article's relations once fetched: [{id, from, to, type}]

  function textEl() { return document.getElementById("text"); }
  function detailEl() { return document.getElementById("detail"); }
  function svg(name, attrs) {
    var el = document.createElementNS(SVG, name);
    for (var k in attrs) el.setAttribute(k, attrs[k]);
    return el;
  }

  // -- The connectors' layer ----------------------------------------------------------------
  var layer = svg("svg", { id: "connectors", "class": "connectors", "aria-hidden": "true" });
  var marker = svg("marker", {
    id: "connector-arrow", viewBox: "0 0 10 10", refX: "9", refY: "5",
    markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse"
  });
  marker.appendChild(svg("path", { d: "M0,0 L10,5 L0,10 z", "class": "connector-head" }));
  var defs = svg("defs", {});
  defs.appendChild(marker);
  layer.appendChild(defs);
  var drawn = svg("g", {});
  layer.appendChild(drawn);
  document.body.appendChild(layer);

  function openId() { var d = detailEl(); return d && d.getAttribute("data-open"); }

  // The relations to draw: all (when shown and fetched), else the open span's, read from its
  // side panel (which lists exactly the ones this user can see).
  function wanted() {
    var open = openId();
    if (toggle && toggle.checked && all) return all;
    if (!open) return [];
    return Array.prototype.map.call(document.querySelectorAll("#relations li.relation[data-from]"), function (li) {
      return {
        id: li.getAttribute("data-relation"), from: li.getAttribute("data-from"),
        to: li.getAttribute("data-to"), type: li.getAttribute("data-type-name")
      };
    });
  }

  // The first line box of each wanted span's highlight, in document coordinates: one pass over
  // the highlighted segments, not one query per span.
  function firstBoxes(ids) {
    var need = {}, left = 0, boxes = {};
    ids.forEach(function (id) { if (!need[id]) { need[id] = true; left++; } });
    var el = textEl();
    if (!el || !left) return boxes;
    var segs = el.querySelectorAll(".hl[data-spans]");
    for (var i = 0; i < segs.length && left; i++) {
      var these = segs[i].getAttribute("data-spans").split(" ");
      for (var j = 0; j < these.length; j++) {
        var id = these[j];
        if (!need[id] || boxes[id]) continue;
        var r = segs[i].getClientRects()[0];
        if (!r) continue;
        boxes[id] = { left: r.left + window.scrollX, right: r.right + window.scrollX,
                      top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
        left--;
      }
    }
    return boxes;
  }

  // A curve from one highlight to the other, arrowhead at the target, the type's name at its
  // middle. On one line it arches above the text (the line height leaves room); between lines
  // it leaves the lower edge of the upper highlight for the upper edge of the lower one, the
  // name beside its start, in the gap between the lines rather than over the text.
  function connector(rel, a, b, open) {
    var x1 = (a.left + a.right) / 2, x2 = (b.left + b.right) / 2, y1, y2, c1, c2;
    var at = null; // where the name goes: the arch's top, or beside the curve between the lines
    var lineH = a.bottom - a.top;
    if (Math.abs(a.top - b.top) < lineH / 2) {
      y1 = a.top + 2; y2 = b.top + 2;
      var top = Math.min(y1, y2) - Math.min(70, 16 + Math.abs(x2 - x1) * 0.12);
      c1 = top; c2 = top;
      at = { x: (x1 + x2) / 2, y: (y1 + y2 + 6 * top) / 8 - 3, cls: "" };
    } else {
      var down = b.top > a.top, k = Math.min(40, Math.abs(b.top - a.top) / 2 + 8);
      y1 = down ? a.bottom - 2 : a.top + 2;
      y2 = down ? b.top + 2 : b.bottom - 2;
      c1 = y1 + (down ? k : -k);
      c2 = y2 + (down ? -k : k);
      at = { x: x1 + 5, y: down ? a.bottom + 9 : a.top - 3, cls: " beside" };
    }
    var g = svg("g", {
      "class": "connector" + (open ? " open" : ""), "data-relation": rel.id,
      "data-from": rel.from, "data-to": rel.to
    });
    g.appendChild(svg("path", {
      "class": "connector-line", "marker-end": "url(#connector-arrow)",
      d: "M" + x1 + "," + y1 + " C" + x1 + "," + c1 + " " + x2 + "," + c2 + " " + x2 + "," + y2
    }));
    var name = rel.type || "";
    var box = clear(at.cls ? at.x : at.x - name.length * 3.3, at.y, name.length * 6.6 + 4);
    var label = svg("text", {
      "class": "connector-label" + at.cls, x: at.cls ? box.left : box.left + box.width / 2, y: at.y
    });
    label.textContent = name;
    g.appendChild(label);
    return g;
  }

  // Names already placed in this drawing: a name that would cover one moves right of it.
  var placed = [];
  function clear(left, y, width) {
    for (var tries = 0; tries < 8; tries++) {
      var hit = placed.filter(function (p) {
        return Math.abs(p.y - y) < 11 && left < p.left + p.width && p.left < left + width;
      })[0];
      if (!hit) break;
      left = hit.left + hit.width + 4;
    }
    var box = { left: left, y: y, width: width };
    placed.push(box);
    return box;
  }

  function drawConnectors() {
    var rels = wanted(), open = openId();
    placed = [];
    var ids = [];
    rels.forEach(function (r) { ids.push(String(r.from), String(r.to)); });
    var boxes = firstBoxes(ids);
    var frag = document.createDocumentFragment();
    rels.forEach(function (r) {
      var a = boxes[r.from], b = boxes[r.to];
      if (!a || !b) return; // an end not shown here (e.g. another analyst's, in "My spans")
      frag.appendChild(connector(r, a, b, open && (String(r.from) === open || String(r.to) === open)));
    });
    drawn.textContent = "";
    drawn.appendChild(frag);
  }

  // -- Drag handles on the open span's highlight ---------------------------------------------
  var handles = ["start", "end"].map(function (which) {
    var h = document.createElement("span");
    h.className = "bound-handle bound-" + which;
    h.setAttribute("data-which", which);
    h.setAttribute("aria-hidden", "true"); // the keyboard has Shift(+Alt)+arrows
    h.title = which === "start" ? "Drag to move the start" : "Drag to move the end";
    h.hidden = true;
    document.body.appendChild(h);
    return h;
  });
  var drag = null; // {which, handle, start, end, and the pointer's x, y, alt while it moves}

  function boundsForm() { return document.querySelector("#detail form.span-bounds"); }
  function openBounds() {
    var d = detailEl();
    if (!d || !d.getAttribute("data-open")) return null;
    return { start: +d.getAttribute("data-start"), end: +d.getAttribute("data-end") };
  }
  function place(h, x, top, height) {
    h.style.left = x + "px";
    h.style.top = top + "px";
    h.style.height = height + "px";
    h.hidden = false;
  }

  function placeHandles() {
    if (drag) return;
    var b = openBounds(), el = textEl();
    var range = b && boundsForm() && el && O.spanToRange(el, b.start, b.end);
    var rects = range ? Array.prototype.filter.call(range.getClientRects(), function (r) { return r.width > 0; }) : [];
    if (!rects.length) { handles.forEach(function (h) { h.hidden = true; }); return; }
    var first = rects[0], last = rects[rects.length - 1];
    place(handles[0], first.left + window.scrollX, first.top + window.scrollY, first.height);
    place(handles[1], last.right + window.scrollX, last.top + window.scrollY, last.height);
  }

  // The code point boundary nearest the point (x, y) in the viewport, if it is in the text.
  function offsetAt(x, y) {
    var node = null, off = 0;
    drag.handle.style.visibility = "hidden"; // not in the way of the hit test
    if (document.caretPositionFromPoint) {
      var p = document.caretPositionFromPoint(x, y);
      if (p) { node = p.offsetNode; off = p.offset; }
    } else if (document.caretRangeFromPoint) {
      var r = document.caretRangeFromPoint(x, y);
      if (r) { node = r.startContainer; off = r.startOffset; }
    }
    drag.handle.style.visibility = "";
    var el = textEl();
    if (!node || !el || !el.contains(node)) return null;
    return O.pointToOffset(node, off, el);
  }

  // The span with the dragged boundary at `at`: whitespace at its ends left out, the moved end
  // snapped to a word boundary in a "word" project (Alt keeps characters), one character kept.
  function moved(which, at, snap) {
    var chars = O.textChars(textEl());
    var start = drag.start, end = drag.end;
    if (which === "start") start = Math.min(at, end - 1); else end = Math.max(at, start + 1);
    while (start < end && /\s/.test(chars[start])) start++;
    while (end > start && /\s/.test(chars[end - 1])) end--;
    if (snap) {
      var s = O.snapToWords(chars, start, end, textEl().lang);
      if (which === "start") start = s.start; else end = s.end;
    }
    return end > start ? { start: start, end: end } : null;
  }

  function onDown(e) {
    var h = e.target.closest && e.target.closest(".bound-handle");
    var b = openBounds();
    if (!h || e.button !== 0 || !b || !boundsForm()) return;
    e.preventDefault(); // no text selection from here
    drag = { which: h.getAttribute("data-which"), handle: h, start: b.start, end: b.end };
    h.classList.add("dragging");
    if (h.setPointerCapture) h.setPointerCapture(e.pointerId);
  }
  // While dragging, what the span would become is shown (a CSS custom highlight: no change to
  // the text's markup), once a frame at most.
  var preview = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;
  var previewQueued = false;
  function showPreview() {
    if (!preview || previewQueued) return;
    previewQueued = true;
    requestAnimationFrame(function () {
      previewQueued = false;
      if (!drag || drag.x === undefined) return;
      var at = offsetAt(drag.x, drag.y); // where the pointer is now, not when this was queued
      var next = at === null ? null : moved(drag.which, at, granularity() && !drag.alt);
      var range = next && O.spanToRange(textEl(), next.start, next.end);
      if (range) preview.set("bound-preview", new Highlight(range));
      else preview.delete("bound-preview");
    });
  }
  function granularity() { return root.getAttribute("data-granularity") === "word"; }
  function onMove(e) {
    if (!drag) return;
    drag.handle.style.left = e.clientX + window.scrollX + "px";
    drag.handle.style.top = e.clientY + window.scrollY - drag.handle.offsetHeight / 2 + "px";
    drag.x = e.clientX;
    drag.y = e.clientY;
    drag.alt = e.altKey;
    showPreview();
  }
  function onUp(e) {
    if (!drag) return;
    var at = offsetAt(e.clientX, e.clientY), d = drag;
    d.handle.classList.remove("dragging");
    var next = at === null ? null : moved(d.which, at, granularity() && !e.altKey);
    drag = null;
    if (preview) preview.delete("bound-preview");
    var f = boundsForm();
    if (!next || !f || (next.start === d.start && next.end === d.end)) { redraw(); return; }
    f.elements.start.value = next.start;
    f.elements.end.value = next.end;
    // The keys' own form: the server checks the version (409 when stale) and takes the quote
    // from the stored text.
    f.requestSubmit();
  }
  document.addEventListener("pointerdown", onDown);
  document.addEventListener("pointermove", onMove);
  document.addEventListener("pointerup", onUp);
  document.addEventListener("pointercancel", function () {
    if (!drag) return;
    drag.handle.classList.remove("dragging");
    drag = null;
    if (preview) preview.delete("bound-preview");
    redraw();
  });
  document.addEventListener("mousedown", function (e) {
    if (e.target.closest && e.target.closest(".bound-handle")) e.preventDefault();
  });

  // -- When to draw --------------------------------------------------------------------------
  var queued = false;
  function redraw() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () { queued = false; drawConnectors(); placeHandles(); });
  }

  function fetchAll() {
    var url = toggleForm && toggleForm.getAttribute("data-relations");
    if (!url || !toggle.checked) return;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { all = data.relations; redraw(); } })
      .catch(function () { /* the open span's connectors stay; the next change fetches again */ });
  }

  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) fetchAll();
      redraw();
    });
  }
  // `v` shows or hides all relations, unless a selection waits for a label's key, the link
  // picker is choosing a type (where `v` may be one), or a field has the focus.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "v" || !toggle || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]:not(#text)")) return;
    var picker = document.getElementById("relation-picker"), help = document.getElementById("help");
    if ((picker && !picker.hidden) || (help && !help.hidden)) return;
    var sel = window.getSelection();
    if (sel && !sel.isCollapsed && textEl() && textEl().contains(sel.anchorNode)) return;
    e.preventDefault();
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Any saved change may have linked, unlinked or deleted: fetch the relations again.
  document.addEventListener("htmx:afterRequest", function (e) {
    var cfg = e.detail.requestConfig || {};
    if (e.detail.successful && cfg.verb === "post" && cfg.elt !== toggleForm) fetchAll();
  });
  document.addEventListener("htmx:afterSettle", redraw);
  document.addEventListener("htmx:oobAfterSwap", redraw);
  window.addEventListener("resize", redraw);
  var reader = root.querySelector(".reader");
  if (reader && window.ResizeObserver) new ResizeObserver(redraw).observe(reader);

  fetchAll();
  redraw();
})();
