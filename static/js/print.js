// Buttons carrying data-print open the browser's print dialog (recovery codes page).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
