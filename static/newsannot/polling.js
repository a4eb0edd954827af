/* Polling waits while the tab is hidden. An element that polls (hx-trigger "every 2s, ...")
 * asks nothing while no one can see its answer, and asks once at once when the tab is shown
 * again: its trigger lists "visibilitychange from:document" for that. htmx's own trigger
 * filter ("every 2s [!document.hidden]") needs eval, which the page's policy forbids
 * (allowEval is off), so the one rule lives here, for every poller on every page.
 */
(function () {
  "use strict";
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail && e.detail.elt;
    var trigger = (elt && elt.getAttribute && elt.getAttribute("hx-trigger")) || "";
    if (document.hidden && /(^|,)\s*every\s/.test(trigger)) e.preventDefault();
  });
})();
