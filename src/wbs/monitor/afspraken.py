"""The agreements register (afspraken): what provinces, water boards and the state agreed, as data.

Pure domain logic and file formats, no database:

* :class:`AfspraakInvoer` - one agreement as read from a file or an API body, validated;
* :func:`read_structured` / :func:`write_structured` - YAML, CSV and xlsx (round trip);
* :func:`read_actietabel` - a province's flattened action table (``overijssel-water-bodem-acties.txt``)
  into rows, each cited by its line range;
* :func:`from_plantoets` - the JSON of ``wbs plan toets --format json``: passages of strength
  ``afspraak`` become draft agreements (status ``concept``) to confirm. The Plantoets result is
  read with this module's own pydantic model: the monitor does not import ``wbs.plan``.

Errors are :class:`wbs.monitor.fouten.OngeldigeInvoer` with a Dutch message naming row and field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import date
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wbs import fouten
from wbs.kader.models import KEUZE_NUMMERS
from wbs.monitor.schemas import Status
from wbs.monitor.spreadsheet import write_rows

AfspraakStatus = Literal["concept", Status]  # a step's statuses, and "concept" before an agreement is made
AFSPRAAK_STATUSSEN = get_args(AfspraakStatus)
Herkomst = Literal["bestand", "actietabel", "plantoets", "handmatig"]
KOLOMMEN = (
    "id",
    "eigenaar",
    "partijen",
    "titel",
    "tekst",
    "keuzes",
    "maatregelen",
    "periode",
    "deadline",
    "status",
    "bewijs",
    "toelichting",
    "bron",
    "herkomst",
    "demo",
)
LIJST_KOLOMMEN = ("partijen", "keuzes", "maatregelen")
MAX_RIJEN = 5000
_PERIODE = re.compile(r"^\d{4}(-Q[1-4])?$")


def period_end(periode: str) -> date:
    """``2024-Q3`` -> 2024-09-30; ``2026`` -> 2026-12-31."""
    if "-Q" in periode:
        jaar, q = periode.split("-Q")
        maand = int(q) * 3
        return date(int(jaar), maand, 31 if maand in (3, 12) else 30)
    return date(int(periode), 12, 31)


class AfspraakInvoer(BaseModel):
    """One agreement: parties, what is agreed, linked keuzes/measures, deadline, status, evidence, source."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str | None = Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", description="Eigen kenmerk; leeg: de monitor geeft er een"
    )
    eigenaar: str = Field(min_length=1, max_length=64, description="Organisatie die de afspraak nakomt (code)")
    partijen: list[str] = Field(default_factory=list, description="Andere betrokken partijen (codes of namen)")
    titel: str = Field(min_length=1, max_length=300)
    tekst: str = Field(min_length=1, max_length=5000, description="Wat is afgesproken")
    keuzes: list[int] = Field(default_factory=list)
    maatregelen: list[str] = Field(default_factory=list)
    periode: str | None = Field(None, description="Deadline als periode: JJJJ of JJJJ-Qn")
    deadline: date | None = None
    status: AfspraakStatus = "niet-gestart"
    bewijs: str | None = Field(None, max_length=2000, description="Bewijs van nakoming (document, besluit, link)")
    toelichting: str | None = Field(None, max_length=2000)
    bron: str = Field(min_length=3, max_length=500, description="Waar de afspraak staat: bestand:regels of document")
    herkomst: Herkomst = "bestand"
    demo: bool = False

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul_bytes(cls, v):
        if isinstance(v, str) and "\x00" in v:
            raise ValueError("bevat een ongeldig teken (NUL)")
        return v

    @field_validator("keuzes")
    @classmethod
    def _keuzes(cls, v: list[int]) -> list[int]:
        for nr in v:
            if nr not in KEUZE_NUMMERS:
                raise ValueError(f"keuze {nr} bestaat niet; kies 1 tot en met 33")
        return sorted(set(v))

    @field_validator("periode")
    @classmethod
    def _period(cls, v: str | None) -> str | None:
        if v in (None, ""):
            return None
        if not _PERIODE.match(v) or not 2000 <= int(v[:4]) <= 2100:
            raise ValueError(f"periode {v!r} moet de vorm JJJJ of JJJJ-Qn hebben (2000-2100)")
        return v

    @model_validator(mode="after")
    def _deadline(self) -> AfspraakInvoer:
        if self.periode and self.deadline is None:
            self.deadline = period_end(self.periode)
        if self.deadline is not None and not 2000 <= self.deadline.year <= 2100:
            raise ValueError(f"deadline {self.deadline} ligt niet tussen 2000 en 2100")
        if len(self.partijen) > 50 or len(self.maatregelen) > 100:
            raise ValueError("te veel partijen of maatregelen")
        return self


def _error_text(exc: ValidationError, waar: str) -> str:
    delen = []
    for e in exc.errors()[:5]:
        veld = ".".join(str(x) for x in e["loc"]) or "(rij)"
        msg = e["msg"].removeprefix("Value error, ")
        delen.append(f"{veld}: {msg}")
    return f"{waar}: " + "; ".join(delen)


def validate_rows(rows: list[dict], bron: str) -> list[AfspraakInvoer]:
    """Validate raw rows; one Dutch error naming every bad row (up to ten), nothing half-read."""
    if not rows:
        raise fouten.OngeldigeInvoer(f"{bron}: geen afspraken gevonden")
    if len(rows) > MAX_RIJEN:
        raise fouten.OngeldigeInvoer(f"{bron}: te veel rijen ({len(rows)}); hoogstens {MAX_RIJEN}")
    out, problemen = [], []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problemen.append(f"afspraak {n}: verwacht velden met namen, kreeg {type(row).__name__}")
            continue
        try:
            out.append(AfspraakInvoer.model_validate(row))
        except ValidationError as exc:
            problemen.append(_error_text(exc, f"afspraak {n}"))
    if problemen:
        meer = f" (en nog {len(problemen) - 10})" if len(problemen) > 10 else ""
        raise fouten.OngeldigeInvoer(f"{bron}: " + " | ".join(problemen[:10]) + meer)
    ids = [a.id for a in out if a.id]
    dubbel = sorted({i for i in ids if ids.count(i) > 1})
    if dubbel:
        raise fouten.OngeldigeInvoer(f"{bron}: kenmerk(en) dubbel: {', '.join(dubbel)}")
    return out


# -- structured files: YAML, CSV, xlsx ------------------------------------------------------------


def _split_list(v: object) -> list:
    if v is None:
        return []
    if isinstance(v, list):
        return v
    text = str(v).strip()
    return [x.strip() for x in re.split(r"[;,]", text) if x.strip()] if text else []


def _from_flat(row: dict) -> dict:
    """A CSV/xlsx row: empty cells are absent, list columns are ';'-separated, demo is ja/nee."""
    out = {}
    for k, v in row.items():
        if k is None:
            raise fouten.OngeldigeInvoer("een rij heeft meer cellen dan de kopregel kolommen")
        k = str(k).strip().lower()
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if k in LIJST_KOLOMMEN:
            v = _split_list(v)
            if k == "keuzes":
                try:
                    v = [int(float(x)) for x in v]
                except ValueError as exc:
                    raise fouten.OngeldigeInvoer(
                        f"keuzes {row.get(k)!r}: verwacht nummers, gescheiden door ';'"
                    ) from exc
        elif k == "demo":
            v = str(v).strip().lower() in ("ja", "true", "1", "waar", "yes")
        elif k == "deadline" and isinstance(v, str):
            v = v.strip()[:10]
        elif k == "deadline" and hasattr(v, "date"):
            v = v.date()
        elif isinstance(v, float) and v.is_integer() and k == "periode":
            v = str(int(v))
        else:
            v = str(v) if not isinstance(v, str) else v
        out[k] = v
    return out


def read_structured(data: bytes, filename: str) -> list[AfspraakInvoer]:
    """Agreements from a YAML (``afspraken: [...]`` or a list), CSV (``;`` or ``,``) or xlsx file."""
    naam = filename.lower()
    if not data or not data.strip():
        raise fouten.OngeldigeInvoer(f"{filename}: het bestand is leeg")
    if naam.endswith((".yaml", ".yml")):
        try:
            doc = yaml.safe_load(data.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise fouten.OngeldigeInvoer(f"{filename}: geen geldige YAML ({exc.__class__.__name__})") from exc
        rows = doc.get("afspraken") if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise fouten.OngeldigeInvoer(f"{filename}: verwacht een lijst 'afspraken'")
        return validate_rows(rows, filename)
    if naam.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise fouten.OngeldigeInvoer(f"{filename}: geen UTF-8-tekst") from exc
        first = text.splitlines()[0] if text.splitlines() else ""
        delim = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delim)
        _check_header(reader.fieldnames or [], filename)
        return validate_rows([_from_flat(r) for r in reader], filename)
    if naam.endswith(".xlsx"):
        return validate_rows(_xlsx_rows(data, filename), filename)
    raise fouten.OngeldigeInvoer(f"{filename}: onbekend formaat; gebruik .yaml, .csv of .xlsx")


def _check_header(columns: list[str], filename: str) -> None:
    columns = [str(k).strip().lower() for k in columns if k is not None]
    onbekend = [k for k in columns if k and k not in KOLOMMEN]
    ontbreekt = [k for k in ("eigenaar", "titel", "tekst", "bron") if k not in columns]
    if onbekend or ontbreekt:
        parts = []
        if onbekend:
            parts.append(f"onbekende kolom(men) {', '.join(onbekend)}")
        if ontbreekt:
            parts.append(f"verplichte kolom(men) ontbreken: {', '.join(ontbreekt)}")
        raise fouten.OngeldigeInvoer(f"{filename}: {'; '.join(parts)} (kolommen: {', '.join(KOLOMMEN)})")


def _xlsx_rows(data: bytes, filename: str) -> list[dict]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise fouten.OngeldigeInvoer(f"{filename}: geen geldig xlsx-bestand") from exc
    ws = wb["afspraken"] if "afspraken" in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise fouten.OngeldigeInvoer(f"{filename}: het werkblad is leeg")
    header = [str(h).strip().lower() if h is not None else "" for h in header]
    _check_header(header, filename)
    out = []
    for n, values in enumerate(rows, start=2):
        if n > MAX_RIJEN + 1:
            raise fouten.OngeldigeInvoer(f"{filename}: te veel rijen; hoogstens {MAX_RIJEN}")
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        out.append(_from_flat({h: v for h, v in zip(header, values, strict=False) if h}))
    wb.close()
    return out


def _flat(a: AfspraakInvoer) -> dict[str, str]:
    d = a.model_dump(mode="json")
    out = {}
    for k in KOLOMMEN:
        v = d.get(k)
        if k in LIJST_KOLOMMEN:
            out[k] = ";".join(str(x) for x in v)
        elif k == "demo":
            out[k] = "ja" if v else "nee"
        else:
            out[k] = "" if v is None else str(v)
    return out


def write_structured(items: list[AfspraakInvoer], formaat: str) -> bytes:
    """The agreements as ``yaml``, ``csv`` or ``xlsx`` in the columns :func:`read_structured` reads."""
    if formaat == "yaml":
        docs = [a.model_dump(mode="json", exclude_none=True) for a in items]
        return yaml.safe_dump({"afspraken": docs}, allow_unicode=True, sort_keys=False, width=110).encode("utf-8")
    if formaat in ("csv", "xlsx"):
        return write_rows((_flat(a) for a in items), KOLOMMEN, formaat, "afspraken")
    raise fouten.OngeldigeInvoer(f"onbekend formaat {formaat!r}; kies yaml, csv of xlsx")


# -- a province's action table (flattened PDF table) ---------------------------------------------

_RIJ_START = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$")
_MARKERS = re.compile(r"^\s*[xX](?:\s+[xX])*\s*$")
_EIND_MARKERS = re.compile(r"(?:\s+[xX]){1,8}\s*$")
# A year the row commits to as a deadline: "uiterlijk in 2027", "tot en met 2026", "in het jaar 2027", the
# end of a period "2022-2027". A bare "in 2026" is not a deadline ("die in 2026 worden geformuleerd").
_JAAR = re.compile(r"(?:uiterlijk (?:in )?|in het jaar |tot en met |vóór |(?<=\d{4})-\s?)(20[2-9]\d)\b")
# Other parties named in a row -> monitor organisation codes (data/organisaties.yaml).
_PARTIJEN = (
    (re.compile(r"\bRijk\b|\bministeri|\bIenW\b|\bLNV\b|\bLVVN\b"), "rijk"),
    (re.compile(r"\bwaterschap", re.I), "waterschappen"),
    (re.compile(r"\bgemeente", re.I), "gemeenten"),
    (re.compile(r"\bdrinkwaterbedrij|\bVitens\b", re.I), "drinkwaterbedrijven"),
)


class ActieRij(BaseModel):
    """One row of an action table: paragraph number, text and its line range in the seed."""

    bestand: str
    start: int
    eind: int
    paragraaf: str
    tekst: str
    markeringen: int = Field(description="Aantal 'x'-markeringen in de kolommen (de kolomkoppen staan niet in de bron)")
    jaar: int | None = None
    jaar_citaat: str | None = None

    def citeer(self) -> str:
        return f"{self.bestand}:{self.start}" if self.start == self.eind else f"{self.bestand}:{self.start}-{self.eind}"


def _join(lines: list[str]) -> str:
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if out.endswith("-") and not out.endswith(" -"):
            out = out[:-1] + ln
        else:
            out = f"{out} {ln}" if out else ln
    return re.sub(r"\s+", " ", out)


def read_actietabel(regels: list[str] | tuple[str, ...], bestand: str) -> list[ActieRij]:
    """Rows of a flattened action table: from a numbered line ("2.3.2 Deltaplan ...") up to the next one.

    The "x x x" marker lines close a row's text and are counted (their column headers are not in the
    text); the row cites the lines from its numbered line to its last non-blank line.
    """
    starts = [i for i, ln in enumerate(regels) if _RIJ_START.match(ln)]
    rows = []
    for n, i in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(regels)
        body, markers, last = [], 0, i
        for j in range(i, end):
            ln = regels[j]
            if not ln.strip():
                continue
            last = j
            if _MARKERS.match(ln):
                markers += len(ln.split())
                continue
            m = _EIND_MARKERS.search(ln)
            if m and len(ln[: m.start()].strip()) > 0:
                markers += len(m.group(0).split())
                ln = ln[: m.start()]
            body.append(ln)
        m = _RIJ_START.match(regels[i])
        tekst = _join([m.group(2)] + body[1:])
        if not tekst:
            continue
        jaren = [(int(x.group(1)), x.group(0).strip()) for x in _JAAR.finditer(tekst)]
        jaar, citaat = max(jaren) if jaren else (None, None)
        rows.append(
            ActieRij(
                bestand=bestand,
                start=i + 1,
                eind=last + 1,
                paragraaf=m.group(1),
                tekst=tekst,
                markeringen=markers,
                jaar=jaar,
                jaar_citaat=citaat,
            )
        )
    return rows


def _title(tekst: str, n: int = 110) -> str:
    if len(tekst) <= n:
        return tekst
    cut = tekst[:n].rsplit(" ", 1)[0]
    return cut + " …"


def from_actietabel(
    rows: list[ActieRij], eigenaar: str, keuzes: dict[int, list[int]] | None = None, demo: bool = False
) -> list[AfspraakInvoer]:
    """Agreements of ``eigenaar`` from action-table rows; ``keuzes`` maps a row's start line to its keuzes."""
    keuzes = keuzes or {}
    out = []
    for r in rows:
        partijen = [code for pat, code in _PARTIJEN if pat.search(r.tekst) and code != eigenaar]
        out.append(
            AfspraakInvoer(
                id=f"{eigenaar}-r{r.start}",
                eigenaar=eigenaar,
                partijen=partijen,
                titel=f"{r.paragraaf} {_title(r.tekst)}",
                tekst=r.tekst,
                keuzes=keuzes.get(r.start, []),
                periode=str(r.jaar) if r.jaar else None,
                status="niet-gestart",
                bron=r.citeer(),
                herkomst="actietabel",
                demo=demo,
            )
        )
    return out


# -- Plantoets result -> draft agreements -------------------------------------------------------------


class _PlantoetsKeuze(BaseModel):
    model_config = ConfigDict(extra="ignore")
    nr: int


class _PlantoetsPassage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    start_line: int = Field(ge=1)
    end_line: int = Field(ge=1)
    tekst: str
    keuzes: list[_PlantoetsKeuze] = Field(default_factory=list)
    sterkte: str
    sterkte_cue: str | None = None


class _PlantoetsDocument(BaseModel):
    model_config = ConfigDict(extra="ignore")
    pad: str
    sha256: str | None = None
    regio: str | None = None


class PlantoetsResultaat(BaseModel):
    """The fields of ``wbs plan toets --format json`` the agreements register needs (others are ignored)."""

    model_config = ConfigDict(extra="ignore")
    document: _PlantoetsDocument
    passages: list[_PlantoetsPassage]


def parse_plantoets(data: bytes | str | dict) -> PlantoetsResultaat:
    try:
        doc = json.loads(data) if isinstance(data, bytes | str) else data
        return PlantoetsResultaat.model_validate(doc)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fouten.OngeldigeInvoer("het Plantoets-resultaat is geen geldige JSON") from exc
    except ValidationError as exc:
        raise fouten.OngeldigeInvoer(
            _error_text(exc, "Plantoets-resultaat (verwacht de JSON van 'wbs plan toets --format json')")
        ) from exc


def from_plantoets(data: bytes | str | dict, eigenaar: str | None = None) -> list[AfspraakInvoer]:
    """Draft agreements (status ``concept``) from the passages of strength ``afspraak`` of a Plantoets result.

    The owner is ``eigenaar`` or else the province the Plantoets detected. The source cites the
    document's file name (never a path) and the passage's lines.
    """
    res = parse_plantoets(data)
    if not eigenaar and res.document.regio:
        norm = unicodedata.normalize("NFKD", res.document.regio).encode("ascii", "ignore").decode().lower()
        eigenaar = re.sub(r"[^a-z0-9]+", "-", norm).strip("-")
    if not eigenaar:
        raise fouten.OngeldigeInvoer(
            "geef de organisatie die de afspraken nakomt (eigenaar); de Plantoets "
            "heeft geen provincie in het document herkend"
        )
    naam = re.split(r"[\\/]", res.document.pad)[-1] or "document"
    out = []
    for p in res.passages:
        if p.sterkte != "afspraak":
            continue
        jaren = [int(x.group(1)) for x in _JAAR.finditer(p.tekst)]
        out.append(
            AfspraakInvoer(
                id=f"{eigenaar}-pt-{(res.document.sha256 or 'x')[:8]}-{p.start_line}",
                eigenaar=eigenaar,
                titel=_title(p.tekst),
                tekst=p.tekst[:5000],
                keuzes=sorted({k.nr for k in p.keuzes if k.nr in KEUZE_NUMMERS}),
                periode=str(max(jaren)) if jaren else None,
                status="concept",
                toelichting="Concept uit de Plantoets (sterkte 'afspraak'"
                + (f", signaal '{p.sterkte_cue}'" if p.sterkte_cue else "")
                + "): bevestig of verwijder.",
                bron=f"{naam}:{p.start_line}-{p.end_line}",
                herkomst="plantoets",
            )
        )
    return out
