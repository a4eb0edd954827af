// The article list's keys: `n` asks for the next article (the "Next article" button), `/`
// goes to the search box (which is not focused on load, so that `n` reaches the page).
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    if (e.key === "n") {
      var button = document.getElementById("next-assigned");
      if (button) { e.preventDefault(); button.click(); }
    } else if (e.key === "/") {
      var search = document.querySelector("input[name=q]");
      if (search) { e.preventDefault(); search.focus(); }
    }
  });
})();
