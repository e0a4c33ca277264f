/* "Kopiér link" buttons: shown only when the browser can copy. */
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "Kopieret";
        setTimeout(function () { button.textContent = "Kopiér link"; }, 2000);
      });
    });
  });
})();
