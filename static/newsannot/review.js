// Review queue keyboard: j/k move, a approves, r rejects (focus the reason, Enter sends), x selects.
// After a decision htmx swaps the item in place; the next pending item then takes focus.
(function () {
  "use strict";

  function pendingItems() {
    return Array.from(document.querySelectorAll(".item.is-pending"));
  }

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest(".item") : null;
  }

  function focusItem(item) {
    if (!item) return;
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function move(step) {
    var items = pendingItems();
    if (!items.length) return;
    var at = items.indexOf(current());
    var next = at === -1 ? items[0] : items[Math.min(items.length - 1, Math.max(0, at + step))];
    focusItem(next);
  }

  function nextAfter(item) {
    var items = Array.from(document.querySelectorAll(".item"));
    var at = items.indexOf(item);
    for (var i = at + 1; i < items.length; i++) if (items[i].classList.contains("is-pending")) return items[i];
    for (var j = at - 1; j >= 0; j--) if (items[j].classList.contains("is-pending")) return items[j];
    return null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) {
      if (event.key === "Escape") focusItem(event.target.closest(".item"));
      return;
    }
    var item = current();
    switch (event.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "a":
        if (item && item.querySelector("button.approve")) item.querySelector("button.approve").click();
        else return;
        break;
      case "r":
        if (item && item.querySelector("input.reason")) item.querySelector("input.reason").focus();
        else return;
        break;
      case "x":
        var box = item && item.querySelector("input.pick");
        if (box) box.checked = !box.checked;
        else return;
        break;
      default: return;
    }
    event.preventDefault();
  });

  // 4xx answers (the item with the reason, and Reload) are swapped by htmx's responseHandling,
  // configured once in base.html.

  // Which item a request came from: after the swap the old element is gone, its id is not.
  // Per request (its xhr), not in one variable: another answer settling while a decision was
  // on its way (the job strip's poll) used it up, focus stayed on the decided item, and the
  // decision's own answer moved it nowhere.
  var swapping = new WeakMap();
  document.addEventListener("htmx:beforeRequest", function (event) {
    var item = event.detail.elt.closest && event.detail.elt.closest(".item");
    if (item && event.detail.xhr) swapping.set(event.detail.xhr, item.id);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var xhr = event.detail.xhr, id = xhr && swapping.get(xhr);
    if (!id) return;
    swapping.delete(xhr);
    var item = document.getElementById(id);
    if (!item) return;
    if (item.classList.contains("has-error") || item.classList.contains("is-pending")) focusItem(item);
    else focusItem(nextAfter(item));
  });

  document.addEventListener("change", function (event) {
    if (!event.target.classList.contains("pick-all")) return;
    document.querySelectorAll("input.pick").forEach(function (box) { box.checked = event.target.checked; });
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".queue")) return;
    if (!current()) focusItem(pendingItems()[0]);
  });
})();
