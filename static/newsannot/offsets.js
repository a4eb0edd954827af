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

  // Code points [start, end) -> a DOM Range over the segments: a binary search for the first
  // segment (they are in text order), then only the segments the span covers.
  function spanToRange(root, start, end) {
    var segs = root.querySelectorAll("[data-s]");
    if (!segs.length || start >= end) return null;
    var lo = 0, hi = segs.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (segStart(segs[mid]) <= start) lo = mid; else hi = mid - 1; }
    var range = document.createRange(), begun = false;
    for (var k = lo; k < segs.length; k++) {
      var s0 = segStart(segs[k]), node = segs[k].firstChild;
      if (s0 >= end) break;
      if (!node || node.nodeType !== 3) continue;
      var len = cpLength(node.data);
      if (s0 + len <= start) continue;
      if (!begun) { range.setStart(node, codepointToUtf16(node.data, Math.max(0, start - s0))); begun = true; }
      range.setEnd(node, codepointToUtf16(node.data, Math.min(len, end - s0)));
    }
    return begun ? range : null;
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

  // A span widened so that neither end cuts a word. Linear in the words touched, no more.
  function snapToWords(chars, start, end) {
    while (inWord(chars, start)) start--;
    while (inWord(chars, end)) end++;
    return { start: start, end: end };
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
  // Where a boundary key moves a span's `which` end ("start" or "end") by one character or,
  // `byWord`, to the next word boundary; the span keeps at least one character.
  function moveBoundary(chars, span, which, dir, byWord) {
    var start = span.start, end = span.end, n = chars.length, i;
    if (which === "end") {
      if (!byWord) i = end + dir;
      else if (dir > 0) i = wordEndAfter(chars, end);
      else { i = wordStartBefore(chars, end); while (i > 0 && kind(chars, i - 1) === 0) i--; }
      end = Math.max(start + 1, Math.min(n, i));
    } else {
      if (!byWord) i = start + dir;
      else if (dir < 0) i = wordStartBefore(chars, start);
      else { i = wordEndAfter(chars, start); while (i < n && kind(chars, i) === 0) i++; }
      start = Math.min(end - 1, Math.max(0, i));
    }
    return { start: start, end: end, quote: chars.slice(start, end).join("") };
  }

  // A selection as a span, snapped to words when `words` is set (leading and trailing
  // whitespace is trimmed either way, before and after snapping).
  function rangeToSnappedSpan(range, root, words) {
    var span = rangeToSpan(range, root);
    if (!span || !words) return span;
    var chars = textChars(root);
    var snapped = snapToWords(chars, span.start, span.end);
    if (snapped.start === span.start && snapped.end === span.end) return span;
    return { start: snapped.start, end: snapped.end, quote: chars.slice(snapped.start, snapped.end).join(""), snapped: true };
  }

  global.NewsannotOffsets = {
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
