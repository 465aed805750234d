// Ward officers' pages: ask before destructive actions (forms carrying data-confirm).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// One-time tokens made in the browser (emulation/once.py): a page the staff page cache serves
// again still gets a fresh token per visit, so a double press is answered once.
document.addEventListener("DOMContentLoaded", function () {
  var fields = document.querySelectorAll("input[data-once-token]");
  for (var i = 0; i < fields.length; i++) {
    var bytes = new Uint8Array(24);
    window.crypto.getRandomValues(bytes);
    var text = "";
    for (var j = 0; j < bytes.length; j++) {
      text += String.fromCharCode(bytes[j]);
    }
    fields[i].value = btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
});
