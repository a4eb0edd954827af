// Suggestions panel: keys (Enter accepts, x dismisses, arrows move), focus kept across swaps,
// the focused or hovered suggestion marked on the article text with the CSS Highlight API,
// and the article's spans redrawn after an accept. The panel is an htmx partial; offsets.js
// (loaded before this script) maps its code point offsets onto the text.
(function () {
  "use strict";
  var lastIndex = 0;

  function items() { return Array.prototype.slice.call(document.querySelectorAll("#suggestions-panel .suggestion")); }

  // Code points [start, end) of the stored text -> a DOM Range over #text's segments: offsets.js
  // owns that conversion (and keeps the segments indexed across the text's patches).
  function rangeFor(start, end) {
    var el = document.getElementById("text"), O = window.NewsannotOffsets;
    return el && O ? O.spanToRange(el, start, end) : null;
  }
  function mark(name, lis) {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    var ranges = lis.map(function (li) { return rangeFor(+li.dataset.start, +li.dataset.end); }).filter(Boolean);
    if (ranges.length) CSS.highlights.set(name, new (Function.prototype.bind.apply(Highlight, [null].concat(ranges)))());
    else CSS.highlights.delete(name);
  }
  function refreshMarks() { mark("suggestions", items()); mark("suggestion-current", []); }

  function act(li, which) {
    lastIndex = items().indexOf(li);
    var button = li.querySelector(which === "accept" ? "button.accept" : "button.dismiss");
    if (button) button.click();
  }

  document.addEventListener("keydown", function (e) {
    var li = e.target.closest && e.target.closest("#suggestions-panel .suggestion");
    if (!li || e.ctrlKey || e.metaKey || e.altKey) return;
    var list = items(), i = list.indexOf(li);
    if (e.key === "Enter") { e.preventDefault(); e.stopPropagation(); act(li, "accept"); }
    else if (e.key === "x" || e.key === "X") { e.preventDefault(); e.stopPropagation(); act(li, "dismiss"); }
    else if (e.key === "ArrowDown" && list[i + 1]) { e.preventDefault(); list[i + 1].focus(); }
    else if (e.key === "ArrowUp" && list[i - 1]) { e.preventDefault(); list[i - 1].focus(); }
  }, true);

  // Enter with the caret in the text (annotate.js sends newsannot:accept-at, the caret's code
  // point offset) accepts the suggestion under it, the shortest if several overlap; focus and
  // caret stay in the text. Only suggestions the panel shows can be.
  // Remembered per request (its xhr), not in one flag: another answer settling in the panel
  // while the accept was on its way (a job-state poll) used the flag up, and the accept's own
  // answer then took focus from the text to a card.
  var textAccept = null, fromText = new WeakSet();
  document.addEventListener("htmx:beforeRequest", function (e) {
    if (!textAccept || e.detail.elt !== textAccept) return;
    textAccept = null;
    if (e.detail.xhr) fromText.add(e.detail.xhr);
  });
  function suggestionAt(at) {
    var best = null;
    items().forEach(function (li) {
      var s = +li.dataset.start, e = +li.dataset.end;
      if (s <= at && at <= e && li.querySelector("button.accept") && (!best || e - s < +best.dataset.end - +best.dataset.start)) best = li;
    });
    return best;
  }
  document.addEventListener("newsannot:accept-at", function (e) {
    var li = suggestionAt(e.detail.at);
    var status = document.querySelector("#suggestions-panel .suggestions-status");
    if (!li) { if (status) status.textContent = "No suggestion at the caret."; return; }
    var button = li.querySelector("button.accept");
    textAccept = button.form || button;
    mark("suggestion-current", [li]);
    act(li, "accept");
  });

  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (e) {
      var li = e.target.closest && e.target.closest("#suggestions-panel .suggestion");
      if (li) mark("suggestion-current", [li]);
    });
  });

  // The analyst's own writes in the text (create, delete, relabel) change what is still open:
  // the panel is asked again, so it never offers a span the analyst already has.
  // Once the writes have paused (boundary keys come in bursts) and nothing else is on its way:
  // a panel per write was work thrown away, and its read overlapped the next write.
  // (htmx marks whatever sent a request still on its way with the class htmx-request.)
  var reloadTimer = null;
  function reloadPanel() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(function () {
      if (document.querySelector(".htmx-request")) { reloadPanel(); return; }
      var panel = document.getElementById("suggestions-panel");
      if (!panel || !panel.dataset.url || !window.htmx) return;
      htmx.ajax("GET", panel.dataset.url, {
        target: "#suggestions-panel", swap: "outerHTML", values: { shown: panel.dataset.shown || "" }
      });
    }, 400);
  }

  document.addEventListener("htmx:afterSettle", function (e) {
    var panel = document.getElementById("suggestions-panel");
    if (!panel) return;
    refreshMarks();
    // A write redrew the text, whole or the lines it touched (#text-patch, out of band).
    if (e.detail.elt.id === "text" || e.detail.elt.id === "text-patch") { reloadPanel(); return; }
    // Focus moves to the next suggestion only after the panel's own accept or dismiss, never
    // after a write in the text (the caret stays there).
    if (!(e.detail.elt === panel || panel.contains(e.detail.elt))) return;
    var list = items();
    // Only the panel's own answers move focus to a card: after a save in the text, or an
    // accept made from it (Enter), the caret stays with the text (annotate.js).
    if (e.detail.xhr && fromText.has(e.detail.xhr)) { fromText.delete(e.detail.xhr); return; }
    if (list.length && panel.contains(document.activeElement) === false && e.detail.requestConfig &&
        e.detail.requestConfig.verb === "post") {
      list[Math.min(lastIndex, list.length - 1)].focus();
    }
  });

  // A panel replaced by a load (the job computing the article's suggestions has ended, or a
  // reload after a write): a card the analyst had focused keeps focus if it is still offered.
  // By place and label, not id: a run stores its suggestions anew.
  var held = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var active = document.activeElement;
    var li = active && active.closest && active.closest("#suggestions-panel .suggestion");
    var get = e.detail.requestConfig && e.detail.requestConfig.verb === "get";
    held = li && get ? { start: li.dataset.start, end: li.dataset.end, label: li.dataset.label } : null;
  });
  // afterSwap comes before afterSettle, where annotate.js sends focus a swap dropped to the text.
  document.addEventListener("htmx:afterSwap", function () {
    var h = held;
    held = null;
    if (!h || (document.activeElement && document.activeElement !== document.body)) return;
    var same = items().filter(function (li) {
      return li.dataset.start === h.start && li.dataset.end === h.end && li.dataset.label === h.label;
    })[0];
    if (same) same.focus({ preventScroll: true });
  });

  // The panel is fetched once the page has loaded and the browser is idle (hx-trigger
  // "newsannot:idle"): on a long article its swap, and the marks it draws on the text, held up
  // the first moments the analyst could act.
  function loadPanel() {
    var panel = document.getElementById("suggestions-panel");
    if (panel && window.htmx && panel.hasAttribute("hx-get")) htmx.trigger(panel, "newsannot:idle");
  }
  function whenIdle() {
    if (window.requestIdleCallback) requestIdleCallback(loadPanel, { timeout: 1000 });
    else setTimeout(loadPanel, 200);
  }
  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle);

  // After an accept, redraw the article text and the span list from the annotate page itself.
  document.body.addEventListener("newsannot:spans-changed", function () {
    fetch(window.location.href, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        // annotate.js keeps focus and caret across the replacement.
        document.dispatchEvent(new CustomEvent("newsannot:text-replacing"));
        ["text-style", "text", "spans"].forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) { old.replaceWith(fresh); if (window.htmx) htmx.process(fresh); }
        });
        document.dispatchEvent(new CustomEvent("newsannot:text-replaced"));
        refreshMarks();
      });
  });
})();
