// The article list's one key: `n` asks for the next article (the "Next article" button).
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.key !== "n" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    var button = document.getElementById("next-assigned");
    if (button) { e.preventDefault(); button.click(); }
  });
})();
