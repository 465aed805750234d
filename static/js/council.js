// Council pages: "select all" on the review queue. No inline scripts (CSP).
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  all.addEventListener("change", function () {
    document.querySelectorAll(".row-check").forEach(function (box) { box.checked = all.checked; });
  });
})();
