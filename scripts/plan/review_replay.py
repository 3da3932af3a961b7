"""Does reviewing one document make the Plantoets better on the next? Replay reviews and measure.

    python scripts/plan/review_replay.py                       # every ordered pair of development documents
    python scripts/plan/review_replay.py --van overijssel-water-bodem-acties.txt --naar omgevingsvisie-drenthe.txt
    python scripts/plan/review_replay.py --json uitkomst.json  # also write the figures as JSON

A simulated reviewer works through document A with the development gold labels as its judgement:
every proposed link on a labelled passage is accepted when the gold has it and rejected when not,
a keuze the gold has and the tool missed is added (to the overlapping passage with the most shared
lines), and a wrong strength is corrected. The decisions go through the same code as real reviews
(``wbs.plan.review.pas_toe`` and ``naar_voorbeelden``) and become labelled examples. Document B (a
different document) is then assessed without examples (the default) and with A's reviewed examples
through the ``--voorbeelden`` mechanism (``Voorbeeldgeheugen``), and scored on B's development sets.

Only development sets are read (``ONTWIKKELSETS`` of ``scripts/plan/voorbeelden.py``); the test sets
never. Where two annotators labelled the same passages of A (Drenthe: the first annotator and
annotator 2), the reviewer follows the set listed first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voorbeelden import GOLD, ONTWIKKELSETS  # noqa: E402  the one list of development sets

from wbs.kader import laad_kader  # noqa: E402
from wbs.plan import review  # noqa: E402
from wbs.plan.evaluatie import GoldPassage, evalueer, lees_gold  # noqa: E402
from wbs.plan.inlezen import lees_bestand  # noqa: E402
from wbs.plan.passages import split_passages  # noqa: E402
from wbs.plan.toets import Toetsresultaat, toets_document  # noqa: E402
from wbs.plan.voorbeelden import Voorbeeld, Voorbeeldgeheugen, lees_voorbeelden  # noqa: E402

BRONNEN = Path(str(resources.files("wbs.bronnen")))
REVIEWER = "simulatie (ontwikkellabels)"
_VOLGORDE = ["bindend", "afspraak", "intentie"]


def documenten() -> list[str]:
    return list(dict.fromkeys(doc for _, doc in ONTWIKKELSETS))


def _raakt(g: GoldPassage, h: GoldPassage) -> bool:
    return not (g.end_line < h.start_line or g.start_line > h.end_line)


def reviewer_gold(document: str, behalve: list[GoldPassage] = ()) -> list[GoldPassage]:
    """The development labels of ``document``, one labelling per passage (the set listed first wins),
    leaving out passages that overlap ``behalve`` (the passages the measurement is scored on)."""
    uit: list[GoldPassage] = []
    for gold, doc in ONTWIKKELSETS:
        if doc != document:
            continue
        for g in lees_gold(GOLD / gold, doc):
            if not any(_raakt(g, h) for h in uit) and not any(_raakt(g, h) for h in behalve):
                uit.append(g)
    return uit


def _overlap(g: GoldPassage, a: int, b: int) -> int:
    return max(0, min(g.end_line, b) - max(g.start_line, a) + 1)


def simuleer_review(res: Toetsresultaat, gold: list[GoldPassage]) -> list[review.Beslissing]:
    """The decisions a reviewer who agrees with the gold labels would make on ``res``."""
    beslissingen: list[review.Beslissing] = []
    tijd = datetime(2026, 12, 3, 12, 0)

    def beslis(p, actie: str, keuze: int | None = None, sterkte: str | None = None) -> None:
        beslissingen.append(
            review.Beslissing(
                start_line=p.start_line,
                end_line=p.end_line,
                actie=actie,
                keuze=keuze,
                sterkte=sterkte,
                gebruiker=REVIEWER,
                tijdstip=tijd,
            )
        )

    gezien: set[tuple[int, int, int]] = set()
    for g in gold:
        raak = [p for p in res.passages if _overlap(g, p.start_line, p.end_line) > 0]
        if not raak:
            continue
        for p in raak:
            for k in p.keuzes:
                if (p.start_line, p.end_line, k.nr) in gezien:
                    continue  # a passage overlapping two gold passages: the first decides
                gezien.add((p.start_line, p.end_line, k.nr))
                beslis(p, "accepteren" if k.nr in g.keuzes else "verwerpen", k.nr)
        hoofd = max(raak, key=lambda p: _overlap(g, p.start_line, p.end_line))
        voorgesteld = {k.nr for p in raak for k in p.keuzes}
        for nr in sorted(g.keuzes - voorgesteld):
            beslis(hoofd, "toevoegen", nr)
        if min((p.sterkte for p in raak), key=_VOLGORDE.index) != g.sterkte and hoofd.sterkte != g.sterkte:
            beslis(hoofd, "sterkte", sterkte=g.sterkte)
    return beslissingen


def voorbeelden_uit_review(
    document: str, res: Toetsresultaat, behalve: list[GoldPassage] = (), met_verworpen: bool = True
) -> tuple[list[Voorbeeld], dict]:
    """Replay the simulated review of ``document`` and turn it into labelled examples; with ``met_verworpen``
    the rejected proposals count against their keuze on similar passages (as in a real examples file)."""
    beslissingen = simuleer_review(res, reviewer_gold(document, behalve))
    beoordeling = review.pas_toe(res, beslissingen)
    leesteksten = {p.id: p.leestekst for p in split_passages(lees_bestand(BRONNEN / document))}
    regels = review.naar_voorbeelden(beoordeling, document, leesteksten, bron="review-replay")
    if not met_verworpen:
        regels = [{**r, "verworpen": []} for r in regels]
    # read back exactly as a reviewer's examples file is read by --voorbeelden
    voorbeelden = lees_voorbeelden("review-replay", review.voorbeelden_jsonl(regels).splitlines()) if regels else []
    telling = {a: sum(b.actie == a for b in beslissingen) for a in review.ACTIES if a != "intrekken"}
    telling["voorbeelden"] = len(voorbeelden)
    telling["positief"] = sum(bool(v.keuzes) for v in voorbeelden)
    return voorbeelden, telling


def scores(document: str, res: Toetsresultaat) -> dict[str, dict]:
    uit = {}
    for gold, doc in ONTWIKKELSETS:
        if doc == document:
            s = evalueer(lees_gold(GOLD / gold, doc), res)
            uit[gold] = {
                "f1": s.micro_f1,
                "p": s.micro_p,
                "r": s.micro_r,
                "interval": list(s.micro_f1_interval),
                "passages": s.n_passages,
            }
    return uit


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        description="Speel beoordelingen van het ene document af en meet de F1 op het volgende (alleen ontwikkelsets)."
    )
    parser.add_argument("--van", action="append", help="beoordeeld document (standaard: elk ontwikkeldocument)")
    parser.add_argument("--naar", action="append", help="volgend document (standaard: elk ander)")
    parser.add_argument("--json", help="schrijf de uitkomst ook als JSON naar dit bestand")
    parser.add_argument(
        "--zelfde-document",
        action="store_true",
        help="ook: beoordeel de andere ontwikkelpassages van hetzelfde document en meet op deze set "
        "(het volgende hoofdstuk of de volgende versie van hetzelfde plan)",
    )
    parser.add_argument(
        "--zonder-verworpen",
        action="store_true",
        help="verworpen voorstellen niet als tegenvoorbeeld gebruiken (de werkwijze tot stop 23, ter vergelijking)",
    )
    args = parser.parse_args(argv)
    alle = documenten()
    for d in (args.van or []) + (args.naar or []):
        if d not in alle:
            parser.error(f"{d} heeft geen ontwikkelset; kies uit {', '.join(alle)}")
    kader = laad_kader()
    nrs = [k.nr for k in kader.keuzes]
    basis = {d: toets_document(lees_bestand(BRONNEN / d), kader) for d in alle}
    uitkomst: dict = {"paren": []}
    print(f"{'beoordeeld (A)':38s} {'volgend (B)':38s} {'set van B':32s} {'zonder':>7s} {'met A':>7s} {'verschil':>8s}")
    for a in args.van or alle:
        voorbeelden, telling = voorbeelden_uit_review(a, basis[a], met_verworpen=not args.zonder_verworpen)
        geheugen = Voorbeeldgeheugen(voorbeelden, nrs)
        print(
            f"# {a}: {telling['accepteren']} geaccepteerd, {telling['verwerpen']} verworpen, "
            f"{telling['toevoegen']} toegevoegd, {telling['sterkte']} sterktes -> {telling['voorbeelden']} "
            f"voorbeelden ({telling['positief']} met keuze)"
        )
        for b in args.naar or alle:
            if b == a:
                continue
            zonder = scores(b, basis[b])
            met = scores(b, toets_document(lees_bestand(BRONNEN / b), kader, voorbeelden=geheugen))
            for gold in zonder:
                z, m = zonder[gold]["f1"], met[gold]["f1"]
                print(f"{a:38s} {b:38s} {gold:32s} {z:7.3f} {m:7.3f} {m - z:+8.3f}")
            uitkomst["paren"].append({"van": a, "naar": b, "review": telling, "zonder": zonder, "met": met})
    uitkomst["verschil"] = _verschil(uitkomst["paren"], "met A - zonder, ander document")
    if args.zelfde_document:
        uitkomst["zelfde_document"] = zelfde_document(basis, nrs, kader, not args.zonder_verworpen)
        uitkomst["verschil_zelfde_document"] = _verschil(
            uitkomst["zelfde_document"], "met review - zonder, zelfde document"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(uitkomst, indent=2, ensure_ascii=False), encoding="utf-8")
    return uitkomst


def _verschil(paren: list[dict], wat: str) -> dict | None:
    verschillen = [p["met"][g]["f1"] - p["zonder"][g]["f1"] for p in paren for g in p["zonder"]]
    if not verschillen:
        return None
    v = {
        "gemiddeld": statistics.mean(verschillen),
        "min": min(verschillen),
        "max": max(verschillen),
        "n": len(verschillen),
        "beter": sum(x > 0.0005 for x in verschillen),
        "slechter": sum(x < -0.0005 for x in verschillen),
    }
    print(
        f"\nverschil in micro-F1 ({wat}) over {v['n']} metingen: gemiddeld {v['gemiddeld']:+.3f}, "
        f"van {v['min']:+.3f} tot {v['max']:+.3f}; beter {v['beter']}, slechter {v['slechter']}"
    )
    return v


def zelfde_document(basis: dict[str, Toetsresultaat], nrs: list[int], kader, met_verworpen: bool) -> list[dict]:
    """Per development set T: review the other development passages of T's document, score on T."""
    print(f"\n{'zelfde document':38s} {'gemeten op':32s} {'zonder':>7s} {'met':>7s} {'verschil':>8s}")
    uit = []
    for gold, doc in ONTWIKKELSETS:
        meetset = lees_gold(GOLD / gold, doc)
        voorbeelden, telling = voorbeelden_uit_review(doc, basis[doc], meetset, met_verworpen)
        if not voorbeelden:
            continue
        geheugen = Voorbeeldgeheugen(voorbeelden, nrs).zonder(doc, [(g.start_line, g.end_line) for g in meetset])
        met = toets_document(lees_bestand(BRONNEN / doc), kader, voorbeelden=geheugen)
        z, m = evalueer(meetset, basis[doc]), evalueer(meetset, met)
        print(
            f"{doc:38s} {gold:32s} {z.micro_f1:7.3f} {m.micro_f1:7.3f} {m.micro_f1 - z.micro_f1:+8.3f}"
            f"   ({telling['voorbeelden']} voorbeelden)"
        )
        uit.append(
            {
                "van": doc,
                "naar": doc,
                "review": telling,
                "zonder": {gold: {"f1": z.micro_f1, "p": z.micro_p, "r": z.micro_r}},
                "met": {gold: {"f1": m.micro_f1, "p": m.micro_p, "r": m.micro_r}},
            }
        )
    return uit


if __name__ == "__main__":
    main()
