/* "Udskriv" buttons on handouts: shown only when scripts run, since printing needs window.print(). */
(function () {
  "use strict";
  if (typeof window.print !== "function") { return; }
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
