// Locatietoets page: background map (PDOK BRT, offline fallback), legend with switchable layers,
// "what lies here" on click, address search (PDOK Locatieserver, offline fallback), drawing or
// uploading a plan area (any CRS: the server reads it), the advice, and comparing candidate sites.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("kaart-config").textContent);
  const kaartEl = document.getElementById("kaart");
  const kaart = L.map("kaart", { zoomSnap: 0.5 }).setView([52.62, 6.25], 9);
  const status = document.getElementById("kaartstatus");

  function zetStatus(tekst) { status.textContent = tekst; }

  // Background map. Without a tile URL, or when tiles do not load, the offline map remains: province
  // outlines (shipped with WBS) and place names, so a planner still sees where the plan lies.
  kaartEl.dataset.offline = "true";
  if (config.achtergrond) {
    const tegels = L.tileLayer(config.achtergrond, { maxZoom: 19, minZoom: 6, attribution: config.achtergrond_bron });
    let fouten = 0;
    let geladen = 0;
    tegels.on("tileload", function () {
      geladen += 1;
      if (geladen === 1) { kaartEl.dataset.offline = "false"; zetStatus(""); }
    });
    tegels.on("tileerror", function () {
      fouten += 1;
      if (fouten === 1 && geladen === 0) {
        zetStatus("Achtergrondkaart niet bereikbaar: u ziet de offline kaart met provinciegrenzen en plaatsnamen.");
      }
    });
    tegels.addTo(kaart);
  } else {
    zetStatus("Offline kaart: provinciegrenzen en plaatsnamen (geen achtergrondkaart ingesteld).");
  }

  // Place names: orientation without a tile server, and the offline fallback of the search.
  const plaatsen = [["Amsterdam", 52.373, 4.892], ["Rotterdam", 51.922, 4.479], ["Den Haag", 52.078, 4.288],
    ["Utrecht", 52.091, 5.122], ["Groningen", 53.219, 6.567], ["Leeuwarden", 53.201, 5.799],
    ["Zwolle", 52.512, 6.094], ["Kampen", 52.555, 5.911], ["Deventer", 52.255, 6.160], ["Assen", 52.993, 6.562],
    ["Emmen", 52.785, 6.897], ["Meppel", 52.696, 6.194], ["Enschede", 52.221, 6.893], ["Lelystad", 52.518, 5.471],
    ["Almere", 52.350, 5.265], ["Hoogeveen", 52.723, 6.476], ["Arnhem", 51.985, 5.899], ["Nijmegen", 51.842, 5.853],
    ["'s-Hertogenbosch", 51.690, 5.304], ["Eindhoven", 51.441, 5.470], ["Maastricht", 50.851, 5.691],
    ["Middelburg", 51.499, 3.614], ["Haarlem", 52.387, 4.646], ["Apeldoorn", 52.211, 5.970]];
  plaatsen.forEach(function (p) {
    L.circleMarker([p[1], p[2]], { radius: 3, color: "#333", weight: 1, fillOpacity: 1, interactive: false })
      .bindTooltip(p[0], { permanent: true, direction: "right", className: "plaatsnaam" }).addTo(kaart);
  });

  // Layers with a legend: colour, name, on/off.
  const overlays = {};
  const provincieNamen = [];
  const standaardAan = ["uiterwaarden", "beekdal", "grondwaterbeschermingsgebied", "diepe-polder", "veenweide",
    "natura2000", "waterbergingsgebied", "ijsselmeergebied", "provincies", "inzijggebied", "intrekgebied",
    "reserveringszone-waterkering"];
  config.lagen.forEach(function (l) {
    const regel = document.createElement("label");
    regel.className = "legenda-regel";
    regel.dataset.laag = l.id;
    const vink = document.createElement("input");
    vink.type = "checkbox";
    vink.checked = standaardAan.indexOf(l.id) >= 0;
    vink.disabled = true;
    const vlak = document.createElement("span");
    vlak.className = "legenda-kleur";
    vlak.style.background = l.kleur;
    if (l.id === "provincies") { vlak.style.background = "transparent"; vlak.style.border = "2px dashed " + l.kleur; }
    const naam = document.createElement("span");
    naam.textContent = l.id + (l.demo ? " (demo)" : "");
    regel.append(vink, vlak, naam);
    document.getElementById("legenda").appendChild(regel);
    fetch("/api/locatie/lagen/" + l.id + ".geojson").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (gj) {
        if (!gj) { regel.classList.add("leeg"); return; }
        const stijl = l.id === "provincies" ? { color: l.kleur, weight: 1.5, dashArray: "6 4", fill: false, interactive: false }
          : { color: l.kleur, weight: 1, fillOpacity: 0.18 };
        const laag = L.geoJSON(gj, { style: stijl, interactive: l.id !== "provincies" });
        if (l.id === "provincies") {
          gj.features.forEach(function (f) {
            const n = String(f.properties.naam || f.properties.id).replace(/(^|-)(\p{L})/gu, function (m, a, b) { return a + b.toUpperCase(); });
            provincieNamen.push({ naam: n, laag: L.geoJSON(f) });
          });
        }
        overlays[l.id] = laag;
        vink.disabled = false;
        if (vink.checked) { laag.addTo(kaart); laag.bringToBack(); }
        vink.addEventListener("change", function () {
          if (vink.checked) { laag.addTo(kaart); } else { kaart.removeLayer(laag); }
        });
        regel.dataset.geladen = "true";
      });
  });

  // Modes: "info" (click: what lies here) and "tekenen" (click: corner points of the plan area).
  let modus = "info";
  let punten = [];
  let schets = null;
  let plan = null;  // GeoJSON geometry in WGS84
  const tekenKnop = document.getElementById("teken");
  function zetModus(nieuw) {
    modus = nieuw;
    kaartEl.dataset.modus = nieuw;
    tekenKnop.textContent = nieuw === "tekenen" ? "Stop tekenen" : "Teken plangebied";
    tekenKnop.setAttribute("aria-pressed", nieuw === "tekenen" ? "true" : "false");
    if (nieuw === "tekenen") {
      kaart.doubleClickZoom.disable();
      zetStatus("Tekenen: klik de hoekpunten; dubbelklik of 'Vlak sluiten' om af te ronden.");
    } else {
      kaart.doubleClickZoom.enable();
    }
  }
  tekenKnop.addEventListener("click", function () {
    if (modus === "tekenen") { zetModus("info"); return; }
    if (plan) { wis(); }
    zetModus("tekenen");
  });

  function tekenSchets() {
    if (schets) { kaart.removeLayer(schets); }
    // Not interactive: every click of a double click must reach the map, not a redrawn sketch element.
    const stijl = { color: "#b3261e", interactive: false };
    schets = punten.length > 2 ? L.polygon(punten, stijl) : L.polyline(punten, stijl);
    schets.addTo(kaart);
  }
  let infoTimer = null;
  kaart.on("click", function (e) {
    if (modus === "tekenen") {
      punten.push([e.latlng.lat, e.latlng.lng]);
      tekenSchets();
      return;
    }
    // Wait a moment: a double click zooms and must not open the info popup (nor start a sketch).
    clearTimeout(infoTimer);
    infoTimer = setTimeout(function () { toonPlek(e.latlng); }, 300);
  });
  kaart.on("dblclick", function () {
    clearTimeout(infoTimer);
    if (modus === "tekenen") {
      // The two clicks of the double click each added the same point: keep one, then close the area.
      if (punten.length >= 2) {
        const a = punten[punten.length - 1];
        const b = punten[punten.length - 2];
        if (Math.abs(a[0] - b[0]) < 1e-7 && Math.abs(a[1] - b[1]) < 1e-7) { punten.pop(); }
      }
      sluit();
    }
  });

  function toonPlek(latlng) {
    const url = "/api/locatie/plek?lon=" + latlng.lng.toFixed(6) + "&lat=" + latlng.lat.toFixed(6);
    fetch(url).then(function (r) { return r.ok ? r.json() : r.json().then(function (j) { throw new Error(j.detail); }); })
      .then(function (d) {
        const div = document.createElement("div");
        div.className = "plekinfo";
        const kop = document.createElement("strong");
        kop.textContent = "RD " + Math.round(d.rd[0]) + ", " + Math.round(d.rd[1]) +
          (d.provincie.length ? " · provincie " + d.provincie.join(", ") : " · provincie onbekend");
        div.appendChild(kop);
        if (d.demodata) {
          const demo = document.createElement("div");
          demo.className = "muted";
          demo.textContent = "Demodata: illustratieve lagen, geen officiële kaarten.";
          div.appendChild(demo);
        }
        const lijst = document.createElement("ul");
        d.lagen.forEach(function (l) {
          const li = document.createElement("li");
          li.dataset.laag = l.id;
          let tekst = l.id + ": ";
          if (l.objecten.length) { tekst += l.objecten.map(function (o) { return o.id; }).join(", "); }
          else if (l.waarde !== undefined) { tekst += "waarde " + l.waarde; }
          else { tekst += "geen object"; }
          li.textContent = tekst + " (" + l.dekking + ")";
          if (l.objecten.length || l.waarde !== undefined) { li.className = "raak"; }
          lijst.appendChild(li);
        });
        div.appendChild(lijst);
        L.popup({ maxWidth: 360 }).setLatLng(latlng).setContent(div).openOn(kaart);
      })
      .catch(function (err) { toonFout(err.message || "Kon niet opvragen wat hier ligt."); });
  }

  function wis() {
    punten = []; plan = null;
    delete kaartEl.dataset.plan;  // no plan area now (tests and assistive tech read this state)
    if (schets) { kaart.removeLayer(schets); schets = null; }
    document.getElementById("meldingen").replaceChildren();
  }
  document.getElementById("wis").addEventListener("click", function () { wis(); zetModus("info"); });

  function toonMeldingen(meldingen) {
    const doel = document.getElementById("meldingen");
    doel.replaceChildren(...(meldingen || []).map(function (m) {
      const p = document.createElement("p");
      p.className = "melding"; p.setAttribute("role", "status"); p.textContent = m;
      return p;
    }));
  }

  // Let the server read, check and (if need be) repair the plan area; show what it made of it.
  function controleer(geometrie, pas) {
    return fetch("/api/locatie/geometrie", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ geometrie: geometrie }) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) { throw new Error(j.detail); } return j; }); })
      .then(function (j) {
        if (schets) { kaart.removeLayer(schets); }
        schets = L.geoJSON(j.geometrie, { style: { color: "#b3261e" } }).addTo(kaart);
        plan = j.geometrie;
        toonMeldingen(j.meldingen);
        if (pas) { kaart.fitBounds(schets.getBounds(), { maxZoom: 15 }); }
        kaartEl.dataset.plan = "klaar";
        return j;
      });
  }

  function sluit() {
    if (punten.length === 1) {
      plan = { type: "Point", coordinates: [punten[0][1], punten[0][0]] };
      zetModus("info");
      return Promise.resolve();
    }
    if (punten.length >= 3) {
      const ring = punten.map(function (p) { return [p[1], p[0]]; });
      ring.push(ring[0]);
      zetModus("info");
      return controleer({ type: "Polygon", coordinates: [ring] }, false)
        .catch(function (err) { plan = null; toonFout(err.message); });
    }
    toonFout("Zet minstens drie hoekpunten (of één punt) voor een plangebied.");
    return Promise.resolve();
  }
  document.getElementById("sluit").addEventListener("click", sluit);

  document.getElementById("upload").addEventListener("change", function (e) {
    const bestand = e.target.files[0];
    if (!bestand) { return; }
    const lezer = new FileReader();
    lezer.onload = function () {
      let gj;
      try { gj = JSON.parse(lezer.result); } catch (err) { toonFout("Het bestand is geen geldige GeoJSON."); return; }
      wis();
      zetModus("info");
      controleer(gj, true).catch(function (err) { toonFout(err.message); });
    };
    lezer.readAsText(bestand);
    e.target.value = "";
  });

  // Address and place search: PDOK Locatieserver when reachable, else the offline list.
  const zoekForm = document.getElementById("zoekform");
  const zoekUit = document.getElementById("zoekresultaten");
  function toonResultaten(items, melding) {
    const kinderen = [];
    if (melding) {
      const p = document.createElement("li"); p.className = "muted"; p.textContent = melding; kinderen.push(p);
    }
    items.forEach(function (it) {
      const li = document.createElement("li");
      const knop = document.createElement("button");
      knop.type = "button"; knop.className = "link"; knop.textContent = it.naam;
      knop.addEventListener("click", function () {
        if (it.grenzen) { kaart.fitBounds(it.grenzen); } else { kaart.setView([it.lat, it.lon], it.zoom || 14); }
      });
      li.appendChild(knop);
      kinderen.push(li);
    });
    if (!items.length && !melding) {
      const li = document.createElement("li"); li.className = "muted"; li.textContent = "Niets gevonden."; kinderen.push(li);
    }
    zoekUit.replaceChildren(...kinderen);
    zoekUit.dataset.klaar = "true";
  }
  function offlineZoek(q, melding) {
    const t = q.toLowerCase();
    const items = plaatsen.filter(function (p) { return p[0].toLowerCase().indexOf(t) >= 0; })
      .map(function (p) { return { naam: p[0], lat: p[1], lon: p[2], zoom: 12 }; });
    provincieNamen.forEach(function (p) {
      if (p.naam.toLowerCase().indexOf(t) >= 0) { items.push({ naam: "Provincie " + p.naam, grenzen: p.laag.getBounds() }); }
    });
    toonResultaten(items, melding);
  }
  zoekForm.addEventListener("submit", function (e) {
    e.preventDefault();
    const q = document.getElementById("zoek").value.trim();
    if (!q) { return; }
    zoekUit.dataset.klaar = "false";
    if (!config.zoeken) { offlineZoek(q, "Adreszoeken staat uit; gezocht in de offline lijst van plaatsen en provincies."); return; }
    const url = config.zoeken + (config.zoeken.indexOf("?") >= 0 ? "&" : "?") + "q=" + encodeURIComponent(q) +
      "&rows=6&fl=weergavenaam,centroide_ll,type";
    const ctrl = new AbortController();
    const timer = setTimeout(function () { ctrl.abort(); }, 5000);
    fetch(url, { signal: ctrl.signal }).then(function (r) { if (!r.ok) { throw new Error("status " + r.status); } return r.json(); })
      .then(function (j) {
        clearTimeout(timer);
        const items = ((j.response && j.response.docs) || []).map(function (d) {
          const m = /POINT\(([-\d.]+) ([-\d.]+)\)/.exec(d.centroide_ll || "");
          return m ? { naam: d.weergavenaam + " (" + d.type + ")", lon: parseFloat(m[1]), lat: parseFloat(m[2]),
            zoom: d.type === "adres" ? 17 : 13 } : null;
        }).filter(Boolean);
        toonResultaten(items);
      })
      .catch(function () {
        clearTimeout(timer);
        offlineZoek(q, "PDOK Locatieserver niet bereikbaar; gezocht in de offline lijst van plaatsen en provincies.");
      });
  });

  function toonFout(tekst) {
    const div = document.createElement("div");
    div.className = "fout"; div.setAttribute("role", "alert"); div.textContent = tekst;
    const advies = document.getElementById("advies");
    advies.replaceChildren(div);
  }
  function klaarPlan() {
    if (!plan && punten.length >= 3) { return sluit(); }
    return Promise.resolve();
  }
  function verzoek() {
    if (!plan) { toonFout("Teken of upload eerst een plangebied."); return null; }
    return JSON.stringify({ geometrie: plan, functie: document.getElementById("functie").value });
  }
  document.getElementById("toetsform").addEventListener("submit", function () {
    klaarPlan().then(function () {
      const body = verzoek();
      if (!body) { return; }
      laadFragment("/locatie/advies", body);
    });
  });
  // A result fragment from the server, errors included: the server answers an htmx-style request (HX-Request)
  // with a Dutch error fragment, so whatever comes back is shown where the result would have gone.
  function laadFragment(url, body) {
    const advies = document.getElementById("advies");
    advies.setAttribute("aria-busy", "true");
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "HX-Request": "true" }, body: body })
      .then(function (r) { return r.text(); })
      .then(function (html) { advies.innerHTML = html; })
      .catch(function () { toonFout("De server is niet bereikbaar; probeer het opnieuw."); })
      .finally(function () { advies.removeAttribute("aria-busy"); });
  }
  // Downloads (PDF, GeoJSON) are POSTs: fetch the file, then save it; a Dutch error lands in the advice panel.
  function download(url, body, naam) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
      .then(function (r) {
        if (!r.ok) {
          return r.json().catch(function () { return { detail: "De download lukte niet (status " + r.status + ")." }; })
            .then(function (j) { throw new Error(typeof j.detail === "string" ? j.detail : "Ongeldige invoer."); });
        }
        return r.blob();
      })
      .then(function (blob) {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = naam; a.click();
      })
      .catch(function (err) { toonFout(err.message || "De download lukte niet."); });
  }
  function downloadAdvies(formaat) {
    return klaarPlan().then(function () {
      const body = verzoek();
      if (!body) { return; }
      return download("/api/locatie/advies." + formaat, body, formaat === "pdf" ? "locatieadvies.pdf" : "locatietoets.geojson");
    });
  }
  document.getElementById("pdf").addEventListener("click", function () { downloadAdvies("pdf"); });
  document.getElementById("advies").addEventListener("click", function (e) {
    const link = e.target.closest("[data-download]");
    if (link) { e.preventDefault(); downloadAdvies(link.dataset.download); return; }
    if (e.target.closest("#vergelijk-pdf")) {
      if (kandidaten.length < 2) { toonFout("Bewaar minstens twee kandidaatlocaties om te vergelijken."); return; }
      download("/api/locatie/vergelijk.pdf", vergelijkVerzoek(), "locatievergelijking.pdf");
    }
  });

  // The keyboard path: a plan area typed or pasted as coordinates, WKT or GeoJSON.
  function tekstNaarGeometrie(tekst) {
    const t = tekst.trim();
    if (!t) { throw new Error("Vul coördinaten, WKT of GeoJSON in."); }
    if (t[0] === "{") {
      try { return JSON.parse(t); } catch (err) { throw new Error("Dit is geen geldige GeoJSON."); }
    }
    if (/^[A-Za-z]/.test(t)) { return t; }  // WKT: the server reads and checks it
    const punten = t.split(/[\n;]+/).map(function (r) { return r.trim(); }).filter(Boolean).map(function (r) {
      const d = r.split(/[\s,]+/).map(Number);
      if (d.length !== 2 || d.some(isNaN)) { throw new Error("Regel '" + r + "' is geen paar coördinaten (twee getallen)."); }
      return d;
    });
    if (punten.length === 1) { return { type: "Point", coordinates: punten[0] }; }
    if (punten.length < 3) { throw new Error("Geef minstens drie hoekpunten (of één punt)."); }
    const eerste = punten[0], laatste = punten[punten.length - 1];
    if (eerste[0] !== laatste[0] || eerste[1] !== laatste[1]) { punten.push(eerste.slice()); }
    return { type: "Polygon", coordinates: [punten] };
  }
  document.getElementById("tekstform").addEventListener("submit", function () {
    let geometrie;
    try { geometrie = tekstNaarGeometrie(document.getElementById("plantekst").value); }
    catch (err) { toonFout(err.message); return; }
    wis();
    zetModus("info");
    controleer(geometrie, true)
      .then(function () { zetStatus("Plangebied ingevoerd; kies de functie en 'Toetsen'."); })
      .catch(function (err) { plan = null; toonFout(err.message); });
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
    klaarPlan().then(function () {
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
  });
  document.getElementById("vergelijk").addEventListener("click", function () {
    if (kandidaten.length < 2) { toonFout("Bewaar minstens twee kandidaatlocaties om te vergelijken."); return; }
    const body = vergelijkVerzoek();
    laadFragment("/locatie/vergelijk", body);
  });
  function vergelijkVerzoek() {
    return JSON.stringify({
      functie: document.getElementById("functie").value,
      plannen: kandidaten.map(function (k) { return { naam: k.naam, geometrie: k.geometrie }; }),
    });
  }
  zetModus("info");
  window.wbsLocatie = {
    kaart: kaart, kandidaten: kandidaten, overlays: overlays,
    zetPlan: function (gj) { plan = gj; },
    plan: function () { return plan; },
    punten: function () { return punten.slice(); },
    modus: function () { return modus; },
  };
})();
