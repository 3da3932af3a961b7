// Watertoets section on /locatie: sends the drawn plan, the function and the paving numbers.
(function () {
  "use strict";
  function el(id) { return document.getElementById(id); }
  function getal(id) {
    const v = el(id).value.trim();
    return v === "" ? null : Number(v.replace(",", "."));
  }
  function toonFout(tekst) {
    const div = document.createElement("div");
    div.className = "fout"; div.setAttribute("role", "alert"); div.textContent = tekst;
    el("watertoets").replaceChildren(div);
  }
  function plan() {
    const loc = window.wbsLocatie;
    if (!loc) { return null; }
    if (!loc.plan() && el("sluit")) { el("sluit").click(); }
    return loc.plan();
  }
  function gegevens() {
    const afvoer = Array.from(document.querySelectorAll("input[name=wt-afvoer]:checked")).map(function (c) { return c.value; });
    return {
      verhard_nu_m2: getal("wt-verhard-nu"), verhard_plan_m2: getal("wt-verhard-plan"),
      grondgebruik_nu: el("wt-grondgebruik-nu").value || null, waterschap: el("wt-waterschap").value || null,
      gevoeligheidsfactor: getal("wt-factor"), naam: el("wt-naam").value.trim() || null, afvoer: afvoer,
    };
  }
  function verzoek() {
    const geometrie = plan();
    if (!geometrie) { toonFout("Teken of upload eerst een plangebied."); return null; }
    const g = gegevens();
    if (g.verhard_plan_m2 === null) { toonFout("Vul het verhard oppervlak na het plan in (m²)."); return null; }
    return { geometrie: geometrie, functie: el("functie").value, gegevens: g };
  }
  el("wt-form").addEventListener("submit", function () {
    const v = verzoek();
    if (!v) { return; }
    const body = Object.assign({ geometrie: v.geometrie, functie: v.functie, opslaan: el("wt-bewaar").checked }, v.gegevens);
    // HX-Request: the server answers an error with the Dutch fragment instead of a whole page
    fetch("/watertoets/fragment", { method: "POST", headers: { "Content-Type": "application/json", "HX-Request": "true" },
      body: JSON.stringify(body) })
      .then(function (r) { return r.text(); })
      .then(function (html) { el("watertoets").innerHTML = html; });
  });
  el("wt-pdf").addEventListener("click", function () {
    const v = verzoek();
    if (!v) { return; }
    const body = { geometrie: v.geometrie, functie: v.functie, watertoets: v.gegevens };
    fetch("/api/locatie/advies.pdf", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { if (!r.ok) { return r.json().then(function (j) {
        throw new Error(typeof j.detail === "string" ? j.detail : "Ongeldige invoer: controleer de oppervlakten.");
      }); } return r.blob(); })
      .then(function (blob) {
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob); a.download = "locatieadvies-watertoets.pdf"; a.click();
      })
      .catch(function (err) { toonFout(err.message); });
  });
})();
