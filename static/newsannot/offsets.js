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

  global.NewsannotOffsets = {
    cpLength: cpLength,
    utf16ToCodepoint: utf16ToCodepoint,
    codepointToUtf16: codepointToUtf16,
    pointToOffset: pointToOffset,
    rangeToSpan: rangeToSpan,
  };
})(window);
