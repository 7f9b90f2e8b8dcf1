// Enhancements only: every page works without this file.
(function () {
  "use strict";
  // After htmx swaps <main>, move focus there (or to the error summary) so screen readers
  // announce the new page, as they do after a full page load.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || target.id !== "main") { return; }
    var focusTarget = target.querySelector(".error-summary") || target;
    focusTarget.focus({ preventScroll: false });
  });
  // Print buttons exist only where printing can be started from the page.
  function showPrintButtons() {
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  document.addEventListener("DOMContentLoaded", showPrintButtons);
  document.addEventListener("htmx:afterSettle", showPrintButtons);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) { window.print(); }
  });
  // A second click on a submit button while the first request runs sends nothing twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    window.setTimeout(function () { delete form.dataset.submitted; }, 5000);
  }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target && event.target.closest && event.target.closest("form");
    if (form) { delete form.dataset.submitted; }
  });
})();
