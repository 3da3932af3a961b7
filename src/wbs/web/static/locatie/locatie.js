// Locatietoets page: draw or upload a plan area, show demo layers, request the advice.
(function () {
  "use strict";
  const kaart = L.map("kaart", { zoomSnap: 0.5 }).setView([52.62, 6.25], 9);
  const kleuren = ["#1971c2", "#2b8a3e", "#e8590c", "#9c36b5", "#0c8599", "#c2255c", "#5c940d", "#f08c00"];
  const overlays = {};
  const lagen = JSON.parse(document.getElementById("lagen-data").textContent);
  lagen.forEach(function (id, i) {
    fetch("/api/locatie/lagen/" + id + ".geojson").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (gj) {
        if (!gj) { return; }
        const kleur = kleuren[i % kleuren.length];
        const stijl = id === "provincie" ? { color: "#5c5c5c", weight: 1.5, dashArray: "6 4", fill: false }
          : { color: kleur, weight: 1, fillOpacity: 0.15 };
        const laag = L.geoJSON(gj, { style: stijl,
          onEachFeature: function (f, l) { l.bindTooltip(id + ": " + f.properties.id); } });
        overlays[id] = laag;
        if (["uiterwaarden", "beekdal", "grondwaterbeschermingsgebied", "diepe-polder", "veenweide",
             "natura2000", "waterbergingsgebied", "ijsselmeergebied", "provincie"].indexOf(id) >= 0) { laag.addTo(kaart); }
        besturing.addOverlay(laag, id);
      });
  });
  const besturing = L.control.layers(null, {}, { collapsed: true }).addTo(kaart);
  // Orientation without a tile server (the tool works offline): a few place names.
  [["Zwolle", 52.512, 6.094], ["Kampen", 52.555, 5.911], ["Assen", 52.993, 6.562], ["Emmen", 52.785, 6.897],
   ["Meppel", 52.696, 6.194], ["Enschede", 52.221, 6.893], ["Lelystad", 52.518, 5.471], ["Hoogeveen", 52.723, 6.476]]
    .forEach(function (p) {
      L.circleMarker([p[1], p[2]], { radius: 3, color: "#333", weight: 1, fillOpacity: 1, interactive: false })
        .bindTooltip(p[0], { permanent: true, direction: "right", className: "plaatsnaam" }).addTo(kaart);
    });

  let punten = [];
  let schets = null;
  let plan = null;  // GeoJSON geometry in WGS84

  function tekenSchets() {
    if (schets) { kaart.removeLayer(schets); }
    schets = punten.length > 2 ? L.polygon(punten, { color: "#b3261e" }) : L.polyline(punten, { color: "#b3261e" });
    schets.addTo(kaart);
  }
  kaart.on("click", function (e) {
    if (plan) { wis(); }
    punten.push([e.latlng.lat, e.latlng.lng]);
    tekenSchets();
  });
  function wis() {
    punten = []; plan = null;
    if (schets) { kaart.removeLayer(schets); schets = null; }
  }
  document.getElementById("wis").addEventListener("click", wis);
  document.getElementById("sluit").addEventListener("click", function () {
    if (punten.length === 1) {
      plan = { type: "Point", coordinates: [punten[0][1], punten[0][0]] };
    } else if (punten.length >= 3) {
      const ring = punten.map(function (p) { return [p[1], p[0]]; });
      ring.push(ring[0]);
      plan = { type: "Polygon", coordinates: [ring] };
    } else {
      toonFout("Zet minstens drie hoekpunten (of één punt) voor een plangebied.");
    }
  });
  document.getElementById("upload").addEventListener("change", function (e) {
    const bestand = e.target.files[0];
    if (!bestand) { return; }
    const lezer = new FileReader();
    lezer.onload = function () {
      try {
        const gj = JSON.parse(lezer.result);
        wis();
        schets = L.geoJSON(gj, { style: { color: "#b3261e" } }).addTo(kaart);
        kaart.fitBounds(schets.getBounds(), { maxZoom: 14 });
        plan = gj;
      } catch (err) {
        toonFout("Het bestand is geen geldige GeoJSON.");
      }
    };
    lezer.readAsText(bestand);
  });
  function toonFout(tekst) {
    const div = document.createElement("div");
    div.className = "fout"; div.setAttribute("role", "alert"); div.textContent = tekst;
    const advies = document.getElementById("advies");
    advies.replaceChildren(div);
  }
  function verzoek() {
    if (!plan && punten.length >= 3) { document.getElementById("sluit").click(); }
    if (!plan) { toonFout("Teken of upload eerst een plangebied."); return null; }
    return JSON.stringify({ geometrie: plan, functie: document.getElementById("functie").value });
  }
  document.getElementById("toetsform").addEventListener("submit", function () {
    const body = verzoek();
    if (!body) { return; }
    fetch("/locatie/advies", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) { return r.text(); })
      .then(function (html) { document.getElementById("advies").innerHTML = html; });
  });
  document.getElementById("pdf").addEventListener("click", function () {
    const body = verzoek();
    if (!body) { return; }
    fetch("/api/locatie/advies.pdf", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) { if (!r.ok) { return r.json().then(function (j) { throw new Error(j.detail); }); } return r.blob(); })
      .then(function (blob) {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = "locatieadvies.pdf"; a.click();
      })
      .catch(function (err) { toonFout(err.message); });
  });
  // Alternative locations: collect drawn plans as candidates A, B, C... and rank them for the chosen function.
  const kandidaten = [];
  function toonKandidaten() {
    const lijst = document.getElementById("kandidaten");
    lijst.replaceChildren(...kandidaten.map(function (k, i) {
      const li = document.createElement("li");
      li.textContent = k.naam + " ";
      const weg = document.createElement("button");
      weg.type = "button"; weg.className = "klein"; weg.textContent = "verwijder";
      weg.setAttribute("aria-label", "Verwijder " + k.naam);
      weg.addEventListener("click", function () { kaart.removeLayer(k.laag); kandidaten.splice(i, 1); toonKandidaten(); });
      li.appendChild(weg);
      return li;
    }));
  }
  document.getElementById("kandidaat").addEventListener("click", function () {
    if (!plan && punten.length >= 3) { document.getElementById("sluit").click(); }
    if (!plan) { toonFout("Teken of upload eerst een plangebied om als kandidaat te bewaren."); return; }
    const gebruikt = kandidaten.map(function (k) { return k.naam; });
    let n = 0;
    while (gebruikt.indexOf("Locatie " + String.fromCharCode(65 + n)) >= 0) { n += 1; }
    const naam = "Locatie " + String.fromCharCode(65 + n);
    const laag = L.geoJSON(plan, { style: { color: "#5f3dc4", dashArray: "4 3", weight: 2, fillOpacity: 0.1 } })
      .bindTooltip(naam.slice(-1), { permanent: true, direction: "center", className: "kandidaatlabel" }).addTo(kaart);
    kandidaten.push({ naam: naam, geometrie: plan, laag: laag });
    wis();
    toonKandidaten();
  });
  document.getElementById("vergelijk").addEventListener("click", function () {
    if (kandidaten.length < 2) { toonFout("Bewaar minstens twee kandidaatlocaties om te vergelijken."); return; }
    const body = JSON.stringify({
      functie: document.getElementById("functie").value,
      plannen: kandidaten.map(function (k) { return { naam: k.naam, geometrie: k.geometrie }; }),
    });
    fetch("/locatie/vergelijk", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) { return r.text(); })
      .then(function (html) { document.getElementById("advies").innerHTML = html; });
  });
  window.wbsLocatie = { kaart: kaart, zetPlan: function (gj) { plan = gj; }, plan: function () { return plan; },
    kandidaten: kandidaten };
})();
