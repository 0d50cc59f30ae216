// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Move focus to the error summary when a form comes back with problems, as GOV.UK does, so that
  // screen reader users hear what went wrong.
  var summary = document.querySelector("[data-module='error-summary']");
  if (summary) {
    summary.focus();
  }
  // Stop a double click sending a form twice.
  document.addEventListener("submit", function (event) {
    var button = event.target.querySelector("[data-prevent-double-click]");
    if (!button) return;
    if (button.getAttribute("data-clicked")) {
      event.preventDefault();
      return;
    }
    button.setAttribute("data-clicked", "true");
    setTimeout(function () { button.removeAttribute("data-clicked"); }, 2000);
  });
})();
