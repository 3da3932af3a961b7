// Site-wide behaviour, without inline handlers (the Content-Security-Policy allows scripts from this server only).
(function () {
  "use strict";
  // Forms that scripts handle themselves (the Locatietoets map form) never submit the page.
  document.addEventListener("submit", function (e) {
    if (e.target.matches("form[data-geen-verzenden]")) { e.preventDefault(); }
  });
  // "Alles uitklappen / inklappen" buttons: open or close every <details> in the element they control.
  document.addEventListener("click", function (e) {
    const knop = e.target.closest("[data-details-alle]");
    if (!knop) { return; }
    const doel = document.getElementById(knop.getAttribute("aria-controls")) || document;
    doel.querySelectorAll("details").forEach(function (d) { d.open = knop.dataset.detailsAlle === "open"; });
  });
  // Plantoets coverage matrix: a click on a keuze shows its cited passages.
  document.addEventListener("click", function (e) {
    const cel = e.target.closest(".matrix .cel[data-keuze]");
    if (!cel) { return; }
    const doel = "kd-" + cel.dataset.keuze;
    document.querySelectorAll(".keuzedetail").forEach(function (d) { d.hidden = d.id !== doel; });
    document.querySelectorAll(".matrix .cel").forEach(function (c) {
      c.classList.toggle("gekozen", c === cel);
      c.setAttribute("aria-pressed", c === cel ? "true" : "false");
    });
  });
})();
