"""The watertoets as pure functions over the norms: no files, no layers, no I/O.

The service gathers the context (plan area, water board, province, layer findings); :func:`toets` turns
that and the paving numbers into a :class:`~wbs.watertoets.models.Watertoetsuitslag` with the procedure,
the storage volume and its calculation, the discharge limit, the protection level and cited advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wbs.rapport.opmaak import getal
from wbs.watertoets.models import (
    PROCEDURE_TEKST,
    PROCEDURES,
    Advies,
    Beschermingsniveau,
    Gebiedsbevinding,
    Kennis,
    Klasse,
    NormWaarde,
    Procedure,
    Provincienormen,
    Verharding,
    Waterschap,
    Watertoetsuitslag,
    citeer,
)


def _m2(waarde: float) -> str:
    return f"{getal(waarde, 0 if float(waarde).is_integer() else 1)} m²"


def strengste(procedures: list[Procedure]) -> Procedure:
    return max(procedures, key=PROCEDURES.index) if procedures else "geen"


def kies_klasse(waterschap: Waterschap, toename_m2: float) -> Klasse | None:
    """The band the added paving falls in (first whose upper bound it stays below), None without norms."""
    for klasse in waterschap.klassen:
        if klasse.tot_m2 is None:
            return klasse
        if toename_m2 < klasse.tot_m2 or (klasse.tot_inclusief and toename_m2 == klasse.tot_m2):
            return klasse
    return None


def _grens(klasse: Klasse) -> str:
    if klasse.tot_m2 is None:
        return "geen bovengrens"
    return f"{'tot en met' if klasse.tot_inclusief else 'minder dan'} {_m2(klasse.tot_m2)}"


@dataclass
class Compensatieberekening:
    soort: str
    m3: float | None = None
    m2_water: float | None = None
    stappen: list[str] = field(default_factory=list)
    melding: str | None = None


def bereken_compensatie(
    klasse: Klasse | None, toename_m2: float, gevoeligheidsfactor: float | None = None
) -> Compensatieberekening:
    """Storage volume (m³) or open-water area (m²) for the added paving, with every step written out."""
    if klasse is None:
        return Compensatieberekening(
            "onbekend",
            melding="Normen onbekend: voor dit waterschap zijn geen "
            "bevestigde compensatienormen opgenomen; vraag ze op bij het waterschap.",
        )
    c = klasse.compensatie
    if toename_m2 <= 0:
        return Compensatieberekening(
            "geen", 0.0, stappen=[f"Geen toename van verhard oppervlak ({_m2(toename_m2)}): geen compensatie."]
        )
    if c.soort == "geen":
        return Compensatieberekening(
            "geen", 0.0, stappen=[f"Toename {_m2(toename_m2)} valt in de klasse '{klasse.naam}': geen compensatie-eis."]
        )
    if c.soort == "percentage-oppervlak":
        m2 = round(toename_m2 * c.percentage / 100.0, 1)
        return Compensatieberekening(
            "open water (m²)",
            m2_water=m2,
            stappen=[
                f"Compensatie als open water = toename × {getal(c.percentage, 0)} % "
                f"= {_m2(toename_m2)} × {getal(c.percentage / 100, 2)} = {_m2(m2)} open water."
            ],
        )
    if c.soort == "diepte":
        mm = c.diepte_m * 1000
        if c.gevoeligheidsfactor:
            per_factor = toename_m2 * c.diepte_m
            if gevoeligheidsfactor is None:
                return Compensatieberekening(
                    "berging (m³)",
                    None,
                    stappen=[
                        f"Berging = toename × gevoeligheidsfactor × {getal(c.diepte_m, 2)} m "
                        f"= {_m2(toename_m2)} × F × {getal(c.diepte_m, 2)} m = {getal(per_factor, 1)} × F m³."
                    ],
                    melding="Gevoeligheidsfactor F niet opgegeven: het bergingsvolume is "
                    f"{getal(per_factor, 1)} × F m³. Lees F af op de kaart van het waterschap en geef hem op.",
                )
            m3 = round(toename_m2 * gevoeligheidsfactor * c.diepte_m, 1)
            return Compensatieberekening(
                "berging (m³)",
                m3,
                stappen=[
                    f"Berging = toename × gevoeligheidsfactor × {getal(c.diepte_m, 2)} m "
                    f"= {_m2(toename_m2)} × {getal(gevoeligheidsfactor, 2)} × {getal(c.diepte_m, 2)} m "
                    f"= {getal(m3, 1)} m³ (dat is {getal(mm * gevoeligheidsfactor, 0)} mm over de toename)."
                ],
            )
        m3 = round(toename_m2 * c.diepte_m, 1)
        return Compensatieberekening(
            "berging (m³)",
            m3,
            stappen=[
                f"Berging = toename × {getal(mm, 0)} mm = {_m2(toename_m2)} × {getal(c.diepte_m, 3)} m "
                f"= {getal(m3, 1)} m³."
            ],
        )
    if c.soort == "maatwerk":
        return Compensatieberekening(
            "maatwerk",
            None,
            stappen=[
                f"Toename {_m2(toename_m2)} valt in de klasse '{klasse.naam}': het waterschap bepaalt de compensatie "
                "op maat."
            ],
            melding="Compensatie op maat: het waterschap bepaalt de omvang in zijn advies.",
        )
    return Compensatieberekening(
        "onbekend",
        None,
        stappen=[f"Toename {_m2(toename_m2)} valt in de klasse '{klasse.naam}'."],
        melding="Normen onbekend: de omvang van de compensatie voor deze klasse is niet bevestigd; "
        "vraag haar op bij het waterschap.",
    )


def _norm_tekst(n: int | None) -> str | None:
    return f"1:{n}" if n else None


def beschermingsniveau(
    normen: Provincienormen,
    grondgebruik_nu: str | None,
    grondgebruik_plan: str | None,
    namen: dict[str, str],
    binnen_provincie: bool,
) -> Beschermingsniveau:
    """Does the change of land use raise the permitted flooding frequency norm (1:N per year)?"""
    tabel = {n.grondgebruik: n for n in normen.inundatienormen}
    nu, plan = tabel.get(grondgebruik_nu or ""), tabel.get(grondgebruik_plan or "")
    bronnen = [normen.inundatie_garantie_bron.citeer()] + [n.bron.citeer() for n in (nu, plan) if n]
    bron = "; ".join(dict.fromkeys(bronnen))
    kader = (
        ""
        if binnen_provincie
        else f" Buiten {normen.provincie} gebruikt WBS deze tabel als referentie: het zijn de referentienormen uit het "
        "ontwerp-Nationaal Waterplan die de provincie heeft overgenomen; controleer de eigen provinciale "
        "verordening."
    )
    basis = {
        "grondgebruik_nu": grondgebruik_nu,
        "grondgebruik_plan": grondgebruik_plan,
        "norm_nu": _norm_tekst(nu.herhalingstijd_jaar) if nu else None,
        "norm_plan": _norm_tekst(plan.herhalingstijd_jaar) if plan else None,
        "bron": bron,
    }
    if not grondgebruik_nu or not grondgebruik_plan:
        mist = "huidige" if not grondgebruik_nu else "geplande"
        return Beschermingsniveau(
            **basis,
            stijgt=None,
            tekst=f"Niet te bepalen: geef het {mist} grondgebruik op "
            f"om te zien of de functiewijziging een hoger beschermingsniveau vraagt.{kader}",
        )
    naam_nu, naam_plan = namen.get(grondgebruik_nu, grondgebruik_nu), namen.get(grondgebruik_plan, grondgebruik_plan)
    if plan is not None and plan.herhalingstijd_jaar is None:
        return Beschermingsniveau(
            **basis,
            stijgt=None,
            tekst=f"Voor {naam_plan.lower()} geldt geen vaste norm ({plan.toelichting.rstrip('.')}).{kader}",
        )
    if nu is None or plan is None:
        return Beschermingsniveau(
            **basis, stijgt=None, tekst="Niet te bepalen: geen norm voor dit grondgebruik." + kader
        )
    if nu.herhalingstijd_jaar is None:
        return Beschermingsniveau(
            **basis,
            stijgt=True,
            tekst=(
                f"Van {naam_nu.lower()} (geen norm) naar {naam_plan.lower()} (1:{plan.herhalingstijd_jaar}): de "
                f"functiewijziging vraagt voortaan een beschermingsniveau van eens per {plan.herhalingstijd_jaar} jaar."
                + kader
            ),
        )
    stijgt = plan.herhalingstijd_jaar > nu.herhalingstijd_jaar
    if stijgt:
        tekst = (
            f"Van {naam_nu.lower()} (1:{nu.herhalingstijd_jaar}) naar {naam_plan.lower()} "
            f"(1:{plan.herhalingstijd_jaar}): de functiewijziging verhoogt het vereiste beschermingsniveau; "
            f"inundatie mag nog maar eens per {plan.herhalingstijd_jaar} jaar voorkomen in plaats van eens per "
            f"{nu.herhalingstijd_jaar} jaar. Het watersysteem moet dat garanderen."
        )
    elif plan.herhalingstijd_jaar == nu.herhalingstijd_jaar:
        tekst = (
            f"Van {naam_nu.lower()} naar {naam_plan.lower()}: het beschermingsniveau blijft "
            f"1:{plan.herhalingstijd_jaar}."
        )
    else:
        tekst = (
            f"Van {naam_nu.lower()} (1:{nu.herhalingstijd_jaar}) naar {naam_plan.lower()} "
            f"(1:{plan.herhalingstijd_jaar}): het vereiste beschermingsniveau daalt."
        )
    return Beschermingsniveau(**basis, stijgt=stijgt, tekst=tekst + kader)


@dataclass
class Context:
    """Everything the service found out about the plan besides the paving numbers."""

    functie: str
    functie_naam: str
    oppervlakte_m2: float
    centroide_rd: tuple[float, float]
    geometrie_wkt: str
    lagen: str
    waterschap: Waterschap | None
    waterschap_herkomst: str
    provincie: str | None
    provincie_bekend: bool
    gebieden: list[Gebiedsbevinding]
    keuze_titels: dict[int, str]
    keuze_bronnen: dict[int, str]
    meldingen: list[str] = field(default_factory=list)


# what the result takes over unchanged from the context and from the paving numbers
_UIT_CONTEXT = "functie functie_naam oppervlakte_m2 centroide_rd geometrie_wkt lagen provincie gebieden".split()
_UIT_INVOER = "naam verhard_nu_m2 verhard_plan_m2 verharding_nu verharding_plan gevoeligheidsfactor".split()


@dataclass
class Invoer:
    verhard_nu_m2: float
    verhard_plan_m2: float
    verharding_nu: Verharding | None = None
    verharding_plan: Verharding | None = None
    grondgebruik_nu: str | None = None
    grondgebruik_plan: str | None = None
    afvoer: list[str] = field(default_factory=list)
    gevoeligheidsfactor: float | None = None
    naam: str | None = None


def gepland_grondgebruik(kennis: Kennis, functie: str, opgegeven: str | None) -> str | None:
    if opgegeven:
        return opgegeven
    for gg_id, gg in kennis.grondgebruik.items():
        if functie in gg.functies:
            return gg_id
    return None


def toets(invoer: Invoer, ctx: Context, kennis: Kennis, provincies: dict[str, Provincienormen]) -> Watertoetsuitslag:
    toename = round(invoer.verhard_plan_m2 - invoer.verhard_nu_m2, 1)
    normen: list[NormWaarde] = []
    redenen: list[str] = []
    procedures: list[Procedure] = []
    meldingen = list(ctx.meldingen)
    berekening = [
        f"Toename verhard oppervlak = gepland − huidig = {_m2(invoer.verhard_plan_m2)} − "
        f"{_m2(invoer.verhard_nu_m2)} = {_m2(toename)}."
    ]
    if invoer.verharding_plan is not None:
        v = invoer.verharding_plan
        berekening.append(f"Gepland verhard: dak {_m2(v.dak)} + weg {_m2(v.weg)} + overig {_m2(v.overig)}.")

    # Water board: procedure band and compensation.
    ws = ctx.waterschap
    klasse = kies_klasse(ws, max(toename, 0.0)) if ws else None
    if ws is None:
        meldingen.append(
            "Waterschap onbekend: geef het waterschap op of gebruik een lagenconfiguratie met de laag "
            "'waterschappen'. Normen onbekend voor de waterschapsnormen."
        )
        redenen.append(
            "Waterschap onbekend: procedure van het waterschap niet te bepalen; neem contact op met het waterschap."
        )
        procedures.append("normaal")
    elif not ws.normen_bekend:
        meldingen.append(
            f"Normen onbekend voor {ws.naam}: er zijn geen bevestigde compensatienormen opgenomen. "
            "Vraag de normen op bij het waterschap; WBS raadt geen waarde."
        )
        redenen.append(f"Normen onbekend voor {ws.naam}: de procedure volgt uit het advies van het waterschap.")
        procedures.append("normaal")
    if ws is not None:
        for i, k in enumerate(ws.klassen, start=1):
            normen.append(
                NormWaarde(
                    id=f"{ws.id}:klasse-{i}",
                    naam=f"{k.naam} (procedure {k.procedure})",
                    waarde=k.tot_m2,
                    eenheid="m² toename (bovengrens)",
                    bron=citeer(k.bron),
                    status=k.bron.status,
                )
            )
    comp = bereken_compensatie(klasse, max(toename, 0.0), invoer.gevoeligheidsfactor)
    if klasse is not None:
        procedures.append(klasse.procedure)
        redenen.append(
            f"{ws.naam}: toename {_m2(max(toename, 0.0))} valt in '{klasse.naam}' "
            f"({_grens(klasse)}) → procedure {klasse.procedure}."
        )
        c = klasse.compensatie
        if c.soort == "diepte":
            normen.append(
                NormWaarde(
                    id=f"{ws.id}:berging",
                    naam="Bergingseis over de toename",
                    waarde=c.diepte_m * 1000,
                    eenheid="mm" + (" × gevoeligheidsfactor" if c.gevoeligheidsfactor else ""),
                    bron=citeer(klasse.bron),
                    status=klasse.bron.status,
                )
            )
        elif c.soort == "percentage-oppervlak":
            normen.append(
                NormWaarde(
                    id=f"{ws.id}:open-water",
                    naam="Compensatie als open water",
                    waarde=c.percentage,
                    eenheid="% van de toename",
                    bron=citeer(klasse.bron),
                    status=klasse.bron.status,
                )
            )
    berekening += comp.stappen
    if comp.melding and klasse is not None:  # without a class the water-board message above says it already
        meldingen.append(comp.melding)
    if invoer.gevoeligheidsfactor is not None:
        normen.append(
            NormWaarde(
                id="gevoeligheidsfactor",
                naam="Gevoeligheidsfactor (opgegeven)",
                waarde=invoer.gevoeligheidsfactor,
                eenheid="-",
                bron="opgegeven door de gebruiker",
            )
        )
    if toename < 0:
        berekening.append("De verharding neemt af: geen compensatie nodig; de afname helpt het watersysteem.")

    # Province (seed) rules: discharge norm, protection level, paving rules.
    namen = {k: g.naam for k, g in kennis.grondgebruik.items()}
    gg_plan = gepland_grondgebruik(kennis, ctx.functie, invoer.grondgebruik_plan)
    afvoernorm = ws.afvoernorm.waarde_l_s_ha if ws and ws.afvoernorm else None
    if ws and ws.afvoernorm:
        normen.append(
            NormWaarde(
                id=f"{ws.id}:afvoernorm",
                naam=ws.afvoernorm.naam,
                waarde=afvoernorm,
                eenheid="l/s/ha",
                bron=citeer(ws.afvoernorm.bron),
                status=ws.afvoernorm.bron.status,
            )
        )
    niveau = None
    adviesredenen: set[str] = set()
    gebieden_in = {g.id for g in ctx.gebieden if g.uitkomst == "ligt-in"}
    for pn in provincies.values():
        binnen = ctx.provincie == pn.provincie
        niveau = beschermingsniveau(pn, invoer.grondgebruik_nu, gg_plan, namen, binnen)
        for n in pn.inundatienormen:
            if n.grondgebruik not in (invoer.grondgebruik_nu, gg_plan):
                continue
            normen.append(
                NormWaarde(
                    id=f"{pn.provincie.lower()}:inundatie:{n.grondgebruik}",
                    naam=f"Toelaatbare inundatiekans {n.naam.lower()}",
                    waarde=_norm_tekst(n.herhalingstijd_jaar) or n.toelichting,
                    eenheid="per jaar",
                    bron=n.bron.citeer(),
                )
            )
        if niveau.stijgt:
            adviesredenen.add("hoger-beschermingsniveau")
            if binnen:  # outside the province the table is a reference only: it informs, it does not decide
                procedures.append(pn.procedure_bij_hoger_beschermingsniveau)
                redenen.append(
                    f"Hoger beschermingsniveau ({niveau.norm_nu or 'geen norm'} → {niveau.norm_plan}) "
                    f"in {pn.provincie} → procedure {pn.procedure_bij_hoger_beschermingsniveau}."
                )
        if not binnen:
            if not ctx.provincie_bekend:
                meldingen.append(
                    f"Provincie onbekend (geen laag 'provincie'): de regels van {pn.provincie} zijn niet getoetst."
                )
            continue
        if gg_plan == "bebouwd-gebied":
            afvoernorm = (
                pn.afvoernorm.waarde_l_s_ha if afvoernorm is None else min(afvoernorm, pn.afvoernorm.waarde_l_s_ha)
            )
            normen.append(
                NormWaarde(
                    id=f"{pn.provincie.lower()}:afvoernorm",
                    naam=pn.afvoernorm.naam,
                    waarde=pn.afvoernorm.waarde_l_s_ha,
                    eenheid="l/s/ha",
                    bron=citeer(pn.afvoernorm.bron),
                )
            )
            normen.append(
                NormWaarde(
                    id=f"{pn.provincie.lower()}:afvoer-extreem",
                    naam=pn.afvoer_extreem,
                    waarde="niet groter dan de huidige afvoer",
                    eenheid="bij neerslag 1:100",
                    bron=pn.afvoer_extreem_bron.citeer(),
                )
            )
        for r in pn.regels:
            if r.laag and r.laag not in {g.laag for g in ctx.gebieden if g.uitkomst == "ligt-in"}:
                continue
            if r.alleen_bij_toename and toename <= 0:
                continue
            procedures.append(r.procedure_minimaal)
            if r.procedure_minimaal != "geen":
                redenen.append(f"{r.naam} → ten minste procedure {r.procedure_minimaal}.")
            normen.append(NormWaarde(id=r.id, naam=r.naam, waarde=r.tekst, eenheid="regel", bron=r.bron.citeer()))
    afvoer_max = None
    if afvoernorm is not None and ctx.oppervlakte_m2 > 0:
        ha = ctx.oppervlakte_m2 / 10_000
        afvoer_max = round(afvoernorm * ha, 2)
        berekening.append(
            f"Maximale afvoer = {getal(afvoernorm, 1)} l/s/ha × {getal(ha, 2)} ha = {getal(afvoer_max, 2)} l/s."
        )

    # Layers that matter.
    for g in ctx.gebieden:
        if g.uitkomst == "ligt-in":
            procedures.append(g.procedure_minimaal)
            redenen.append(f"Ligt in {g.naam.lower()} → ten minste procedure {g.procedure_minimaal}.")
    if gebieden_in & {"wateroverlast", "overstromingsdiepte"}:
        adviesredenen.add("gebied-wateroverlast")

    procedure = strengste(procedures)
    adviezen = _adviezen(kennis, ctx, invoer, toename, gg_plan, gebieden_in, adviesredenen)
    return Watertoetsuitslag(
        **{veld: getattr(ctx, veld) for veld in _UIT_CONTEXT},
        **{veld: getattr(invoer, veld) for veld in _UIT_INVOER},
        waterschap=ws.id if ws else None,
        waterschap_naam=ws.naam if ws else None,
        waterschap_herkomst=ctx.waterschap_herkomst if ws else "onbekend",
        normen_bekend=bool(ws and ws.normen_bekend),
        procedure=procedure,
        procedure_tekst=PROCEDURE_TEKST[procedure],
        procedure_redenen=redenen,
        toename_verharding_m2=toename,
        afvoer=list(invoer.afvoer),
        compensatie_m3=comp.m3,
        compensatie_m2_water=comp.m2_water,
        compensatie_soort=comp.soort,
        berekening=berekening,
        afvoernorm_l_s_ha=afvoernorm,
        afvoer_max_l_s=afvoer_max,
        beschermingsniveau=niveau,
        normen=normen,
        adviezen=adviezen,
        meldingen=meldingen,
    )


def _adviezen(
    kennis: Kennis,
    ctx: Context,
    invoer: Invoer,
    toename: float,
    gg_plan: str | None,
    gebieden_in: set[str],
    redenen: set[str],
) -> list[Advies]:
    geldt = set(redenen) | {"altijd"}
    if toename > 0:
        geldt.add("toename")
    if gg_plan == "bebouwd-gebied" and toename > 0:
        geldt.add("bebouwd-gebied")
    if "afvoer" in invoer.afvoer and "infiltratie" not in invoer.afvoer and "berging" not in invoer.afvoer:
        geldt.add("afvoer-direct")
    if not invoer.afvoer and toename > 0:
        geldt.add("geen-afvoerwijze")
    if "infiltratie" in invoer.afvoer and "grondwaterbescherming" in gebieden_in:
        geldt.add("infiltratie-grondwaterbescherming")
    uit = []
    for a in kennis.adviezen:
        if a.wanneer not in geldt:
            continue
        bronnen = [f"keuze {a.keuze}: {ctx.keuze_bronnen.get(a.keuze, '')}".rstrip(": ")]
        if a.bron:
            bronnen.append(a.bron.citeer())
        uit.append(
            Advies(
                id=a.id,
                tekst=a.tekst,
                keuze=a.keuze,
                keuze_titel=ctx.keuze_titels.get(a.keuze, ""),
                bron="; ".join(bronnen),
            )
        )
    for g in ctx.gebieden:
        if g.uitkomst == "ligt-in" and g.keuze:
            uit.append(
                Advies(
                    id=f"gebied-{g.id}",
                    tekst=g.toelichting,
                    keuze=g.keuze,
                    keuze_titel=ctx.keuze_titels.get(g.keuze, ""),
                    bron=g.bron,
                )
            )
    return uit
