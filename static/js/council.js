// Council pages: "select all" over the rows' check boxes (review queue, revocation form).
// The header box also follows the rows: checked when all are, mixed when some are.
// No inline scripts (CSP).
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  function rows() { return document.querySelectorAll(".row-check"); }
  function sync() {
    var boxes = rows(), checked = 0;
    boxes.forEach(function (box) { if (box.checked) { checked += 1; } });
    all.checked = boxes.length > 0 && checked === boxes.length;
    all.indeterminate = checked > 0 && checked < boxes.length;
  }
  all.addEventListener("change", function () {
    rows().forEach(function (box) { box.checked = all.checked; });
    all.indeterminate = false;
  });
  document.addEventListener("change", function (event) {
    if (event.target.classList && event.target.classList.contains("row-check")) { sync(); }
  });
  sync();  // a form shown again after an error keeps its choices
})();
