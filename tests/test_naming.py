"""The naming rule of docs/ARCHITECTURE.md, checked over every function and module in ``src/wbs``:

1. what users see by name is Dutch (URLs and their handlers, CLI commands, API fields, tables) - handlers and
   ``*_cmd`` functions are named after their URL or command, so they are left out here;
2. domain nouns are Dutch in every name (``stap``, never ``step``);
3. verbs and technical words follow the package: Dutch in the Dutch packages, English in the others (function
   names and parameters; a handler's parameters are named after their query, form field or CLI option, rule 1).

The word lists are not a dictionary: they hold the words that were found mixed, so the rule stays predictable
for the next engineer and a slip back is caught.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "wbs"

# packages (or modules) whose verbs and technical words are Dutch; everything else is English
NEDERLANDS = ("kader", "locatie", "plan", "watertoets", "bronnen", "rapport", "tekst.py")

# domain nouns in English that must be Dutch (stap, organisatie, maatregel, ...) wherever they occur
ENGELSE_DOMEINWOORDEN = {
    "step",
    "steps",
    "organisation",
    "organisations",
    "measure",
    "measures",
    "choice",
    "choices",
    "agreement",
    "agreements",
    "measurement",
    "measurements",
    "parcel",
    "parcels",
    "milestone",
    "milestones",
}
# first words of names: a Dutch verb in an English package, or an English verb in a Dutch one
NEDERLANDSE_WERKWOORDEN = set(
    "lees schrijf laad maak zet toon bereken bepaal controleer naar zoek haal normaliseer registreer valideer "
    "vergelijk bewaar markeer detecteer kies koppel pas voer installeer herlaad bouw geef vul wijzig heropen beslis "
    "verwijder tel splits vertaal huidige ruim".split()
)
ENGELSE_WERKWOORDEN = set(
    "get list create update load read write render compute check find make set save record parse prepare generate "
    "collect describe ensure fetch build show search apply prune preview screen add translate install".split()
)
# Dutch technical words (not domain nouns) once found in function and parameter names of the English packages
NEDERLANDSE_TECHNISCHE_WOORDEN = set(
    "fouten weigering sectie kwartaal zonder gebruikers beheerder antwoord getoond overzicht tabel tabellen uitvoer "
    "titels schrijver meet bruikbaar bundel kolommen bestandsnaam breedte hoogte groepen leeftijd vrij".split()
)
# a function registered as a route or a CLI command is named after its URL or command (rule 1)
HANDLER = re.compile(r"^(\w+)\.(get|post|put|patch|delete|api_route|command|callback)\b")


def _pakket_is_nederlands(pad: Path) -> bool:
    return str(pad.relative_to(SRC)).startswith(NEDERLANDS)


def _is_handler(f: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return f.name.endswith("_cmd") or any(HANDLER.match(ast.unparse(d)) for d in f.decorator_list)


def _overtredingen() -> list[str]:
    fout = []
    for pad in sorted(SRC.rglob("*.py")):
        rel = pad.relative_to(SRC)
        nl = _pakket_is_nederlands(pad)
        delen = set(re.split(r"[_/.]", str(rel.with_suffix(""))))
        if delen & ENGELSE_DOMEINWOORDEN:
            fout.append(f"{rel}: module name has an English domain noun")
        eerste = rel.stem.split("_")[0]
        if (nl and eerste in ENGELSE_WERKWOORDEN | {"ingest", "loader", "engine"}) or (
            not nl and eerste in NEDERLANDSE_WERKWOORDEN
        ):
            fout.append(f"{rel}: module name in the other language than its package")
        for f in ast.walk(ast.parse(pad.read_text(encoding="utf-8"))):
            if not isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) or f.name.startswith("__"):
                continue
            if _is_handler(f):
                continue
            woorden = f.name.lstrip("_").split("_")
            waar = f"{rel}:{f.lineno} {f.name}"
            if nl and woorden[0] in ENGELSE_WERKWOORDEN:
                fout.append(f"{waar}: English verb in a Dutch package")
            if not nl and woorden[0] in NEDERLANDSE_WERKWOORDEN:
                fout.append(f"{waar}: Dutch verb in an English package")
            if set(woorden) & ENGELSE_DOMEINWOORDEN:
                fout.append(f"{waar}: English domain noun")
            if not nl and set(woorden) & NEDERLANDSE_TECHNISCHE_WOORDEN:
                fout.append(f"{waar}: Dutch technical word in an English package")
            argumenten = f.args.posonlyargs + f.args.args + f.args.kwonlyargs
            for a in argumenten:
                if set(a.arg.split("_")) & ENGELSE_DOMEINWOORDEN:
                    fout.append(f"{waar}({a.arg}): English domain noun in a parameter")
                if not nl and set(a.arg.lstrip("_").split("_")) & NEDERLANDSE_TECHNISCHE_WOORDEN:
                    fout.append(f"{waar}({a.arg}): Dutch technical word in a parameter")
    return fout


def test_names_follow_the_rule():
    fout = _overtredingen()
    assert not fout, "\n".join(fout)


def test_the_check_catches_a_slip(tmp_path, monkeypatch):
    """The checker itself: an English verb in a Dutch package, an English domain noun and a Dutch technical word
    in an English package are all reported."""
    pakket = tmp_path / "wbs" / "plan"
    pakket.mkdir(parents=True)
    (pakket / "proef.py").write_text("def load_document(steps):\n    return steps\n", encoding="utf-8")
    (pakket / "engine.py").write_text("", encoding="utf-8")
    (tmp_path / "wbs" / "monitor").mkdir()
    (tmp_path / "wbs" / "monitor" / "proef.py").write_text(
        "def _check_header(kolommen):\n    return kolommen\n\n\ndef _bundel():\n    pass\n", encoding="utf-8"
    )
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path / "wbs")
    fout = _overtredingen()
    assert any("English verb in a Dutch package" in f for f in fout)
    assert any("English domain noun in a parameter" in f for f in fout)
    assert any(f.startswith("plan/engine.py: module name") for f in fout)
    assert any("_check_header(kolommen): Dutch technical word in a parameter" in f for f in fout)
    assert any("_bundel: Dutch technical word in an English package" in f for f in fout)
