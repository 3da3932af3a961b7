"""Error analysis on the Plantoets development sets only: the tool behind each linker change.

    python scripts/plan/ontwikkeling.py              # micro-F1, P, R and strength per development set, and the mean
    python scripts/plan/ontwikkeling.py --fouten     # also every passage where links differ from the gold
    python scripts/plan/ontwikkeling.py --patronen 3 21   # how often each pattern of keuze 3 and 21 is right

The test sets (and the other labellings of their passages) are never read here: see the protocol in
tests/data/plan/README.md. Each document is assessed once, so a full run takes a few seconds.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from voorbeelden import GOLD, ONTWIKKELSETS  # the one list of development sets, shared with the examples

from wbs.plan.evaluatie import GoldPassage, evalueer, koppel_aan_gold, lees_gold
from wbs.plan.inlezen import lees_bestand
from wbs.plan.termen import laad_termen
from wbs.plan.toets import PassageUit, Toetsresultaat, toets_document

BRONNEN = Path(str(resources.files("wbs.bronnen")))


def beoordeel() -> dict[str, Toetsresultaat]:
    return {doc: toets_document(lees_bestand(BRONNEN / doc)) for doc in sorted({d for _, d in ONTWIKKELSETS})}


def paren(res: dict[str, Toetsresultaat]) -> Iterator[tuple[str, GoldPassage, list[PassageUit]]]:
    for gold, doc in ONTWIKKELSETS:
        for g, raak in koppel_aan_gold(lees_gold(GOLD / gold, doc), res[doc].passages):
            yield gold, g, raak


def overzicht(res: dict[str, Toetsresultaat]) -> dict[str, float]:
    f1 = {}
    for gold, doc in ONTWIKKELSETS:
        s = evalueer(lees_gold(GOLD / gold, doc), res[doc])
        f1[gold] = s.micro_f1
        print(
            f"{gold:32s} micro-F1 {s.micro_f1:.3f}  P {s.micro_p:.3f}  R {s.micro_r:.3f}  "
            f"sterkte {s.sterkte_accuratesse:.3f}"
        )
    print(f"{'gemiddelde':32s} micro-F1 {sum(f1.values()) / len(f1):.3f}")
    return f1


def fouten(res: dict[str, Toetsresultaat]) -> None:
    for gold, g, raak in paren(res):
        voorspeld = sorted({k.nr for p in raak for k in p.keuzes})
        if set(voorspeld) != g.keuzes:
            waarom = "; ".join(f"{k.nr}: {', '.join(k.waarom)[:60]}" for p in raak for k in p.keuzes)
            tekst = " | ".join(p.tekst for p in raak)[:160]
            print(f"{gold} r{g.start_line} goud {sorted(g.keuzes)} voorspeld {voorspeld} [{waarom}] {tekst}")


def patroonprecisie(res: dict[str, Toetsresultaat], nrs: list[int]) -> list[tuple[int, str, str, int, int]]:
    """(keuze, kind, pattern, passages it matches that carry the keuze in the gold, passages it matches)."""
    uit = []
    alle = list(paren(res))
    for nr in nrs:
        termen = laad_termen().keuzes.get(nr)
        if termen is None:
            continue
        for soort, patronen in (("sterk", termen.patronen), ("breed", termen.zwakke_patronen)):
            for patroon in patronen:
                rx = re.compile(patroon, re.IGNORECASE)
                raak = [g for _, g, ps in alle if rx.search(" ".join(p.tekst for p in ps))]
                if raak:
                    uit.append((nr, soort, patroon, sum(nr in g.keuzes for g in raak), len(raak)))
    return uit


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Foutenanalyse op de ontwikkelsets van de Plantoets.")
    parser.add_argument("--fouten", action="store_true", help="toon elke passage waar de koppelingen afwijken")
    parser.add_argument(
        "--patronen",
        nargs="*",
        type=int,
        metavar="KEUZE",
        help="hoe vaak elk patroon van deze keuzes (geen: alle) juist is",
    )
    args = parser.parse_args(argv)
    res = beoordeel()
    overzicht(res)
    if args.fouten:
        fouten(res)
    if args.patronen is not None:
        for nr, soort, patroon, goed, n in patroonprecisie(res, args.patronen or sorted(laad_termen().keuzes)):
            print(f"{nr:2d} {soort:5s} {goed:3d}/{n:<3d} {patroon[:70]}")


if __name__ == "__main__":
    main()
