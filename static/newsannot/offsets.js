/* Browser side of span offsets: the DOM counts UTF-16 code units, the server stores code points.
 *
 * The server renders the text as segments, each `<span data-s="N">` holding one text node that
 * starts at code point N. A DOM point (node, utf16Offset) maps to N + the code points in
 * node.data.slice(0, utf16Offset): work proportional to one segment, never to the whole text.
 * newsannot/lib/offsets.py is the server's side of the same conversion.
 */
(function (global) {
  "use strict";

  // Code points in a JS (UTF-16) string: a surrogate pair counts once.
  function cpLength(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        var d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
      }
      n++;
    }
    return n;
  }

  // UTF-16 offset -> code point offset within one string (an offset inside a pair rounds down).
  function utf16ToCodepoint(s, off) {
    var n = cpLength(s.slice(0, off));
    var c = s.charCodeAt(off - 1);
    return off > 0 && c >= 0xd800 && c <= 0xdbff ? n - 1 : n;
  }

  function codepointToUtf16(s, cp) {
    var i = 0;
    for (var n = 0; n < cp && i < s.length; n++) {
      var c = s.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    }
    return i;
  }

  function segStart(seg) { return parseInt(seg.getAttribute("data-s"), 10); }
  function segEnd(seg) { return segStart(seg) + cpLength(seg.textContent); }

  function isSeg(node) { return node.nodeType === 1 && node.hasAttribute("data-s"); }

  // Code point offset of a DOM boundary point inside `root`, or null if it is not in a segment.
  function pointToOffset(node, off, root) {
    if (node.nodeType === 3) {
      var seg = node.parentElement && node.parentElement.closest("[data-s]");
      if (!seg || !root.contains(seg)) return null;
      return segStart(seg) + utf16ToCodepoint(node.data, off);
    }
    if (isSeg(node)) return off === 0 ? segStart(node) : segEnd(node);
    // An element boundary (e.g. the root itself): `off` counts child nodes.
    var after = node.childNodes[off];
    if (after) {
      var first = isSeg(after) ? after : after.nodeType === 1 ? after.querySelector("[data-s]") : null;
      if (first) return segStart(first);
      if (after.nodeType === 3) return pointToOffset(after, 0, root);
    }
    var before = node.childNodes[off - 1];
    if (before) {
      if (isSeg(before)) return segEnd(before);
      if (before.nodeType === 3) return pointToOffset(before, before.data.length, root);
      var segs = before.querySelectorAll ? before.querySelectorAll("[data-s]") : [];
      if (segs.length) return segEnd(segs[segs.length - 1]);
    }
    return null;
  }

  // A selection Range -> {start, end, quote} in code points, trimmed of surrounding whitespace;
  // null when it selects nothing in `root`. A range reaching outside `root` is clipped to it.
  function rangeToSpan(range, root) {
    if (!range || range.collapsed || !range.intersectsNode(root)) return null;
    var r = range.cloneRange();
    if (!root.contains(r.startContainer)) r.setStart(root, 0);
    if (!root.contains(r.endContainer)) r.setEnd(root, root.childNodes.length);
    var raw = r.toString();
    var start = pointToOffset(r.startContainer, r.startOffset, root);
    if (start === null) return null;
    var quote = raw.trim();
    if (!quote) return null;
    // Whitespace is all in the Basic Multilingual Plane: UTF-16 units and code points agree.
    start += raw.length - raw.replace(/^\s+/, "").length;
    return { start: start, end: start + cpLength(quote), quote: quote };
  }

  // The text as code points, read once per #text element (it is replaced after each write).
  var charsCache = typeof WeakMap === "function" ? new WeakMap() : null;
  function textChars(root) {
    var got = charsCache && charsCache.get(root);
    if (!got) { got = Array.from(root.textContent); if (charsCache) charsCache.set(root, got); }
    return got;
  }

  // The text's segments in order, read once per #text element (it is replaced after most
  // writes) and per patch (annotate.js replaces some segments in place and counts up
  // data-patch): a range is then a binary search, not a scan of every segment of the article
  // (the suggestions panel marks hundreds at a time).
  var segCache = typeof WeakMap === "function" ? new WeakMap() : null;
  function segRows(root) {
    var patch = root.getAttribute("data-patch"), got = segCache && segCache.get(root);
    if (got && got.patch === patch) return got.rows;
    var segs = root.querySelectorAll("[data-s]"), rows = [];
    for (var k = 0; k < segs.length; k++) {
      var node = segs[k].firstChild;
      if (node && node.nodeType === 3) rows.push({ s0: segStart(segs[k]), node: node, len: -1 });
    }
    if (segCache) segCache.set(root, { patch: patch, rows: rows });
    return rows;
  }
  function rowLength(row) {
    if (row.len < 0) row.len = cpLength(row.node.data);
    return row.len;
  }

  // Code points [start, end) -> a DOM Range over the segments: a binary search for the first
  // segment (they are in text order), then only the segments the span covers.
  function spanToRange(root, start, end) {
    var rows = segRows(root);
    if (!rows.length || start >= end) return null;
    var lo = 0, hi = rows.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (rows[mid].s0 <= start) lo = mid; else hi = mid - 1; }
    var range = document.createRange(), begun = false, last = null;
    for (var k = lo; k < rows.length && rows[k].s0 < end; k++) {
      var row = rows[k], len = rowLength(row);
      if (row.s0 + len <= start) continue;
      if (!begun) { range.setStart(row.node, codepointToUtf16(row.node.data, Math.max(0, start - row.s0))); begun = true; }
      last = row;
    }
    if (!begun) return null;
    range.setEnd(last.node, codepointToUtf16(last.node.data, Math.min(rowLength(last), end - last.s0)));
    return range;
  }

  // -- Words, for snapping and for word-wise boundary keys ----------------------------------
  // Letters, digits, combining marks and joiners make words; an apostrophe or hyphen between
  // two word characters belongs to the word ("don't", "pro-Kremlin"). Han, kana and the like
  // are written without spaces: each such character is a word of its own, so snapping never
  // swallows a sentence.
  var SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  var WORD = /[\p{L}\p{N}\p{M}\p{Pc}\u200c\u200d]/u;
  var JOIN = /['\u2019\u00ad-]/;
  function kind(chars, i) {
    var c = chars[i];
    if (c === undefined) return 0;
    if (SPACELESS.test(c)) return 2;
    if (WORD.test(c)) return 1;
    if (JOIN.test(c) && WORD.test(chars[i - 1] || "") && WORD.test(chars[i + 1] || "")) return 1;
    return 0;
  }
  // Inside one word: i - 1 and i are both letters of the same (spaced) word.
  function inWord(chars, i) { return i > 0 && i < chars.length && kind(chars, i - 1) === 1 && kind(chars, i) === 1; }

  // -- Grapheme clusters and dictionary words (Intl.Segmenter), read in a window -------------
  // A user-perceived character may be several code points: "e" and a combining acute, the two
  // regional indicators of a flag, a Thai consonant and its tone mark. A boundary never stops
  // inside one. The segmenter reads only WINDOW code points either side of the boundary, so a
  // key press costs the same on any article; a cluster longer than that (a pile of combining
  // marks) is cut at the window's edge.
  var WINDOW = 64;
  var segmenters = {};
  function segmenter(lang, granularity) {
    if (typeof Intl === "undefined" || !Intl.Segmenter) return null;
    var key = granularity + " " + (lang || "");
    if (!segmenters[key]) {
      try { segmenters[key] = new Intl.Segmenter(lang || undefined, { granularity: granularity }); }
      catch (err) { segmenters[key] = new Intl.Segmenter(undefined, { granularity: granularity }); }
    }
    return segmenters[key];
  }
  // The segments of chars[from, to) as {start, end, word} in code points of the whole text.
  function segmentsAround(chars, i, lang, granularity) {
    var seg = segmenter(lang, granularity);
    if (!seg) return null;
    var from = Math.max(0, i - WINDOW), to = Math.min(chars.length, i + WINDOW), out = [];
    var at = from, it = seg.segment(chars.slice(from, to).join(""))[Symbol.iterator]();
    for (var step = it.next(); !step.done; step = it.next()) {
      var n = cpLength(step.value.segment);
      out.push({ start: at, end: at + n, word: !!step.value.isWordLike });
      at += n;
    }
    return out;
  }
  // The nearest grapheme boundary after (dir 1) or before (dir -1) code point i; without a
  // segmenter, the next code point.
  function graphemeStep(chars, i, dir, lang) {
    var segs = segmentsAround(chars, i, lang, "grapheme");
    if (!segs) return i + dir;
    for (var k = 0; k < segs.length; k++) {
      if (dir > 0 && segs[k].end > i) return segs[k].end;
      if (dir < 0 && segs[k].end >= i) return segs[k].start < i ? segs[k].start : (k ? segs[k - 1].start : i - 1);
    }
    return i + dir;
  }
  // i itself if it is a grapheme boundary, else the start (dir -1) or end (dir 1) of the
  // cluster it falls in.
  function graphemeEdge(chars, i, dir, lang) {
    if (i <= 0 || i >= chars.length) return i;
    var segs = segmentsAround(chars, i, lang, "grapheme");
    if (!segs) return i;
    for (var k = 0; k < segs.length; k++) {
      if (segs[k].start < i && i < segs[k].end) return dir < 0 ? segs[k].start : segs[k].end;
    }
    return i;
  }

  // A span widened so that neither end cuts a word, nor a user-perceived character (a Thai
  // consonant keeps its tone mark). Linear in the words touched, no more.
  function snapToWords(chars, start, end, lang) {
    while (inWord(chars, start)) start--;
    while (inWord(chars, end)) end++;
    return { start: graphemeEdge(chars, start, -1, lang), end: graphemeEdge(chars, end, 1, lang) };
  }

  function wordEndAfter(chars, i) {
    var n = chars.length;
    while (i < n && kind(chars, i) === 0) i++;
    if (i < n && kind(chars, i) === 2) return i + 1;
    while (i < n && kind(chars, i) === 1) i++;
    return i;
  }
  function wordStartBefore(chars, i) {
    while (i > 0 && kind(chars, i - 1) === 0) i--;
    if (i > 0 && kind(chars, i - 1) === 2) return i - 1;
    while (i > 0 && kind(chars, i - 1) === 1) i--;
    return i;
  }
  // A word-wise move by the browser's own word segmentation (dictionary words in Thai or
  // Chinese, as Ctrl + arrows move the caret): the end goes to the end of the next word (dir 1)
  // or of the word before the one it is in (-1); the start to the start of the word it is in
  // (-1) or of the word after it (1). null when the segmenter is missing or the word is
  // outside the window.
  function segmenterWordMove(chars, i, which, dir, lang) {
    var segs = segmentsAround(chars, i, lang, "word");
    if (!segs || !segs.length) return null;
    var words = segs.filter(function (s) { return s.word; }), k, to = null;
    var first = segs[0].start, last = segs[segs.length - 1].end;
    if (which === "end" && dir > 0) {
      for (k = 0; k < words.length && to === null; k++) if (words[k].end > i) to = words[k].end;
      if (to === null) to = last;
    } else if (which === "start" && dir < 0) {
      for (k = words.length - 1; k >= 0 && to === null; k--) if (words[k].start < i) to = words[k].start;
      if (to === null) to = first;
    } else if (which === "end") {
      for (k = words.length - 1; k >= 0; k--) if (words[k].start < i) break;
      to = k > 0 ? words[k - 1].end : first;
    } else {
      for (k = 0; k < words.length; k++) if (words[k].end > i) break;
      to = k + 1 < words.length ? words[k + 1].start : last;
    }
    // The window's own edges are no word boundaries unless they are the text's.
    if ((to === first && first > 0) || (to === last && last < chars.length)) return null;
    return to;
  }

  // Where a boundary key moves a span's `which` end ("start" or "end") by one user-perceived
  // character or, `byWord`, to the next word boundary; the span keeps at least one character.
  // `lang`, the text's language, guides the segmenter.
  function moveBoundary(chars, span, which, dir, byWord, lang) {
    var start = span.start, end = span.end, n = chars.length, i;
    var from = which === "end" ? end : start;
    if (!byWord) i = graphemeStep(chars, from, dir, lang);
    else i = segmenterWordMove(chars, from, which, dir, lang);
    if (i === null) {
      if (which === "end") {
        if (dir > 0) i = wordEndAfter(chars, end);
        else { i = wordStartBefore(chars, end); while (i > 0 && kind(chars, i - 1) === 0) i--; }
      } else if (dir < 0) i = wordStartBefore(chars, start);
      else { i = wordEndAfter(chars, start); while (i < n && kind(chars, i) === 0) i++; }
    }
    // The span keeps at least one whole character.
    if (which === "end") end = Math.max(graphemeStep(chars, start, 1, lang), Math.min(n, i));
    else start = Math.min(graphemeStep(chars, end, -1, lang), Math.max(0, i));
    return { start: start, end: end, quote: chars.slice(start, end).join("") };
  }

  // A selection as a span, snapped to words when `words` is set (leading and trailing
  // whitespace is trimmed either way, before and after snapping).
  function rangeToSnappedSpan(range, root, words) {
    var span = rangeToSpan(range, root);
    if (!span || !words) return span;
    var chars = textChars(root);
    var snapped = snapToWords(chars, span.start, span.end, root.lang);
    if (snapped.start === span.start && snapped.end === span.end) return span;
    return { start: snapped.start, end: snapped.end, quote: chars.slice(snapped.start, snapped.end).join(""), snapped: true };
  }

  // The caret (the selection's focus end) as a code point offset in `root`, or null.
  function caretOffset(root) {
    var sel = window.getSelection();
    if (!sel || !sel.rangeCount || !root.contains(sel.focusNode)) return null;
    return pointToOffset(sel.focusNode, sel.focusOffset, root);
  }
  // A collapsed caret at code point `at` of `root` (before the character there, or after the
  // last one).
  function placeCaret(root, at) {
    var r = spanToRange(root, at, at + 1), before = true;
    if (!r) { r = spanToRange(root, at - 1, at); before = false; }
    if (!r) return;
    r.collapse(before);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
  }

  global.NewsannotOffsets = {
    caretOffset: caretOffset,
    placeCaret: placeCaret,
    cpLength: cpLength,
    utf16ToCodepoint: utf16ToCodepoint,
    codepointToUtf16: codepointToUtf16,
    pointToOffset: pointToOffset,
    rangeToSpan: rangeToSpan,
    rangeToSnappedSpan: rangeToSnappedSpan,
    spanToRange: spanToRange,
    textChars: textChars,
    snapToWords: snapToWords,
    moveBoundary: moveBoundary,
  };
})(window);
