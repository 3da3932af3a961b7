// Batch screening page: draw the screened parcels coloured by verdict once htmx has swapped in the result.
(function () {
  const kleur = {
    "verboden": "#b3261e", "nee-tenzij": "#d9480f", "voorwaarden": "#c99a06", "niet-getoetst": "#868e96",
    "aandacht": "#1971c2", "geen-bezwaar": "#2b8a3e",
  };
  let kaart = null;
  function teken(sectie) {
    const el = sectie.querySelector("#scankaart");
    if (!el) return;
    if (kaart) { kaart.remove(); kaart = null; }
    kaart = L.map(el, { zoomSnap: 0.5 });
    fetch(sectie.dataset.kaart).then((r) => r.json()).then((gj) => {
      const laag = L.geoJSON(gj, {
        style: (f) => ({ color: kleur[f.properties.oordeel] || "#555", weight: 0.5, fillOpacity: 0.55 }),
        onEachFeature: (f, l) => l.bindTooltip(`${f.properties.oordeel}${f.properties.regels ? ": " + f.properties.regels.replaceAll(";", ", ") : ""}`),
      }).addTo(kaart);
      if (laag.getLayers().length) kaart.fitBounds(laag.getBounds());
      el.dataset.getekend = String(laag.getLayers().length);
    });
  }
  document.body.addEventListener("htmx:afterSwap", (e) => {
    const sectie = e.detail.target.querySelector("section.scan");
    if (sectie) teken(sectie);
  });
  window.wbsScan = { teken };
})();
