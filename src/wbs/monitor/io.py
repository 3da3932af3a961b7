"""Export and import of the monitor's progress data (JSON, CSV, XLSX), lossless round trip.

What travels: every ``voortgang`` record (step x organisation state and version), the full
append-only ``historie`` (with stable ``uid``) and saved plantoets results. Users and
tokens do not travel (secrets). Import validates the whole file first and writes in one
transaction, so a bad file changes nothing. It refuses to overwrite a record whose
stored version is newer than, or differs at the same version from, the file (that would
silently lose an acknowledged change).

CSV holds all three record kinds in one table with a ``soort`` column; XLSX uses one
sheet per kind. Nested values (``oud``, ``nieuw``, ``dekking``) are JSON text there.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from wbs import fouten
from wbs.monitor.models import STATUSSEN, Historie, PlantoetsResultaat, Voortgang

FORMAAT = "wbs-borgingsmonitor"
FORMAAT_VERSIE = 1
Soort = Literal["voortgang", "historie", "plantoets"]


class _Rec(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VoortgangRec(_Rec):
    stap: str = Field(min_length=1)
    organisatie: str = Field(min_length=1)
    status: str
    percentage: int | None = Field(None, ge=0, le=100)
    mijlpaal: str | None = None
    toelichting: str | None = None
    versie: int = Field(ge=1)
    gewijzigd_op: datetime | None = None
    gewijzigd_door: str | None = None
    gereed_op: date | None = None

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if v not in STATUSSEN:
            raise ValueError(f"onbekende status {v!r}; kies uit {', '.join(STATUSSEN)}")
        return v


class HistorieRec(_Rec):
    uid: str = Field(min_length=1, max_length=36)
    stap: str
    organisatie: str
    tijdstip: datetime
    gebruiker: str = Field(min_length=1)
    versie: int = Field(ge=2)
    oud: dict[str, Any]
    nieuw: dict[str, Any]
    reden: str | None = None


class PlantoetsRec(_Rec):
    provincie: str
    document: str
    tijdstip: datetime
    dekking: list[dict[str, Any]]


class Bundel(_Rec):
    formaat: Literal["wbs-borgingsmonitor"] = FORMAAT
    versie: int = FORMAAT_VERSIE
    geexporteerd_op: datetime | None = None
    voortgang: list[VoortgangRec] = Field(default_factory=list)
    historie: list[HistorieRec] = Field(default_factory=list)
    plantoets: list[PlantoetsRec] = Field(default_factory=list)


COLUMNS: dict[str, list[str]] = {
    "voortgang": list(VoortgangRec.model_fields),
    "historie": list(HistorieRec.model_fields),
    "plantoets": list(PlantoetsRec.model_fields),
}
CSV_COLUMNS = ["soort"] + list(dict.fromkeys(c for cols in COLUMNS.values() for c in cols))
_JSON_FIELDS = {"oud", "nieuw", "dekking"}


# -- export ----------------------------------------------------------------------------------


def collect(session: Session, now: datetime | None = None) -> Bundel:
    vs = session.scalars(select(Voortgang).order_by(Voortgang.stap_code, Voortgang.organisatie_code))
    hs = session.scalars(select(Historie).options(joinedload(Historie.voortgang)).order_by(Historie.id))
    ps = session.scalars(select(PlantoetsResultaat).order_by(PlantoetsResultaat.id))
    return Bundel(
        geexporteerd_op=(now or datetime.now()).replace(microsecond=0),
        voortgang=[
            VoortgangRec(
                stap=v.stap_code,
                organisatie=v.organisatie_code,
                status=v.status,
                percentage=v.percentage,
                mijlpaal=v.mijlpaal,
                toelichting=v.toelichting,
                versie=v.versie,
                gewijzigd_op=v.gewijzigd_op,
                gewijzigd_door=v.gewijzigd_door,
                gereed_op=v.gereed_op,
            )
            for v in vs
        ],
        historie=[
            HistorieRec(
                uid=h.uid,
                stap=h.voortgang.stap_code,
                organisatie=h.voortgang.organisatie_code,
                tijdstip=h.tijdstip,
                gebruiker=h.gebruiker,
                versie=h.versie,
                oud=h.oud,
                nieuw=h.nieuw,
                reden=h.reden,
            )
            for h in hs
        ],
        plantoets=[
            PlantoetsRec(provincie=p.provincie, document=p.document, tijdstip=p.tijdstip, dekking=p.dekking)
            for p in ps
        ],
    )


def _flat_rows(bundel: Bundel) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for soort in COLUMNS:
        rows = []
        for rec in getattr(bundel, soort):
            data = rec.model_dump(mode="json")
            rows.append(
                {
                    k: (
                        ""
                        if v is None
                        else json.dumps(v, ensure_ascii=False)
                        if k in _JSON_FIELDS
                        else str(v)
                    )
                    for k, v in data.items()
                }
            )
        out[soort] = rows
    return out


def export_bytes(session: Session, formaat: str, now: datetime | None = None) -> bytes:
    bundel = collect(session, now)
    if formaat == "json":
        return bundel.model_dump_json(indent=2).encode("utf-8")
    if formaat == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for soort, rows in _flat_rows(bundel).items():
            for row in rows:
                w.writerow({"soort": soort, **row})
        return buf.getvalue().encode("utf-8")
    if formaat == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for soort, rows in _flat_rows(bundel).items():
            ws = wb.create_sheet(soort)
            ws.append(COLUMNS[soort])
            for row in rows:
                ws.append([row[c] for c in COLUMNS[soort]])
                for cell in ws[ws.max_row]:
                    cell.data_type = "s"  # text stays text: no formulas from "=..." in a toelichting
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    raise fouten.OngeldigeInvoer(f"onbekend formaat {formaat!r}; kies json, csv of xlsx")


# -- import ----------------------------------------------------------------------------------


def _unflat(soort: str, row: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k in COLUMNS[soort]:
        v = row.get(k)
        if v is None or v == "":
            continue
        if isinstance(v, datetime):  # a cell edited in Excel comes back as a date(time)
            v = v.date().isoformat() if k == "gereed_op" else v.isoformat()
        elif isinstance(v, float) and v.is_integer():
            v = str(int(v))
        elif not isinstance(v, str):
            v = str(v)
        if k in _JSON_FIELDS:
            try:
                v = json.loads(v)
            except json.JSONDecodeError as exc:
                raise fouten.OngeldigeInvoer(f"{where}: kolom {k} bevat geen geldige JSON") from exc
        out[k] = v
    extra = {k for k, v in row.items() if k not in COLUMNS[soort] and k != "soort" and v not in (None, "")}
    if extra:
        raise fouten.OngeldigeInvoer(
            f"{where}: onverwachte kolom(men) {', '.join(sorted(extra))} voor {soort}"
        )
    return out


def parse(data: bytes, formaat: str) -> Bundel:
    """Parse and schema-check a file; raises OngeldigeInvoer listing every problem (Dutch)."""
    problems: list[str] = []
    raw: dict[str, Any] = {"voortgang": [], "historie": [], "plantoets": []}
    where_of: dict[tuple[str, int], str] = {}
    try:
        if formaat == "json":
            try:
                loaded = json.loads(data.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise fouten.OngeldigeInvoer(f"geen geldig JSON-bestand: {exc}") from exc
            if not isinstance(loaded, dict) or loaded.get("formaat") != FORMAAT:
                raise fouten.OngeldigeInvoer(
                    f"dit is geen export van de borgingsmonitor (formaat {FORMAAT!r} ontbreekt)"
                )
            raw = loaded
        elif formaat == "csv":
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise fouten.OngeldigeInvoer("CSV-bestand is geen UTF-8") from exc
            first = text.split("\n", 1)[0]
            # Excel with Dutch settings saves CSV with ";" as separator
            delimiter = ";" if first.count(";") > first.count(",") else ","
            reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
            if not reader.fieldnames or "soort" not in reader.fieldnames:
                raise fouten.OngeldigeInvoer("CSV mist de kolom 'soort' (voortgang, historie of plantoets)")
            for i, row in enumerate(reader, start=2):
                soort = row.get("soort")
                if soort not in COLUMNS:
                    problems.append(f"regel {i}: onbekende soort {soort!r}")
                    continue
                where = f"regel {i}"
                try:
                    raw[soort].append(_unflat(soort, row, where))
                    where_of[(soort, len(raw[soort]) - 1)] = where
                except fouten.OngeldigeInvoer as exc:
                    problems.append(str(exc))
        elif formaat == "xlsx":
            from openpyxl import load_workbook

            try:
                wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            except Exception as exc:  # openpyxl raises many kinds for a broken file
                raise fouten.OngeldigeInvoer(f"geen geldig XLSX-bestand: {exc}") from exc
            for soort in COLUMNS:
                if soort not in wb.sheetnames:
                    continue
                rows = list(wb[soort].iter_rows(values_only=True))
                if not rows:
                    continue
                header = [str(h) if h is not None else "" for h in rows[0]]
                for i, values in enumerate(rows[1:], start=2):
                    if all(v in (None, "") for v in values):
                        continue
                    where = f"blad {soort}, rij {i}"
                    try:
                        raw[soort].append(_unflat(soort, dict(zip(header, values, strict=False)), where))
                        where_of[(soort, len(raw[soort]) - 1)] = where
                    except fouten.OngeldigeInvoer as exc:
                        problems.append(str(exc))
            if not any(s in wb.sheetnames for s in COLUMNS):
                raise fouten.OngeldigeInvoer("XLSX mist de bladen voortgang, historie en plantoets")
        else:
            raise fouten.OngeldigeInvoer(f"onbekend formaat {formaat!r}; kies json, csv of xlsx")
    except fouten.OngeldigeInvoer:
        raise
    if problems:
        raise fouten.OngeldigeInvoer(
            "het bestand is afgekeurd, er is niets gewijzigd:\n  - " + "\n  - ".join(problems)
        )
    try:
        bundel = Bundel.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = err["loc"]
            if len(loc) >= 2 and isinstance(loc[1], int):
                where = where_of.get((loc[0], loc[1]), f"{loc[0]}[{loc[1]}]")
                field = ".".join(str(x) for x in loc[2:])
            else:
                where, field = "bestand", ".".join(str(x) for x in loc)
            lines.append(f"{where}: {field}: {err['msg']}")
        raise fouten.OngeldigeInvoer(
            "het bestand is afgekeurd, er is niets gewijzigd:\n  - " + "\n  - ".join(lines)
        ) from exc
    if "\\u0000" in bundel.model_dump_json():
        raise fouten.OngeldigeInvoer("het bestand bevat een ongeldig teken (NUL); er is niets gewijzigd")
    return bundel


def _state(x) -> tuple:
    return (x.status, x.percentage, x.mijlpaal, x.toelichting)


def validate(session: Session, bundel: Bundel) -> list[str]:
    """Every reason this bundle cannot be imported into this database (empty: OK)."""
    problems: list[str] = []
    records = {(v.stap_code, v.organisatie_code): v for v in session.scalars(select(Voortgang))}
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(bundel.voortgang, start=1):
        key = (r.stap, r.organisatie)
        label = f"voortgang {i} ({r.stap}, {r.organisatie})"
        if key in seen:
            problems.append(f"{label}: komt dubbel voor")
        seen.add(key)
        db = records.get(key)
        if db is None:
            problems.append(f"{label}: deze stap/organisatie bestaat niet in de monitor")
            continue
        if r.status in ("vertraagd", "afgevallen") and not (r.toelichting or "").strip():
            problems.append(f"{label}: status {r.status} zonder toelichting (pas toe of leg uit)")
        if r.status == "gereed" and r.percentage not in (None, 100):
            problems.append(f"{label}: gereed met percentage {r.percentage}")
        if db.versie > r.versie:
            problems.append(
                f"{label}: de database heeft een nieuwere versie ({db.versie}) dan het bestand "
                f"({r.versie}); importeren zou wijzigingen wissen"
            )
        elif db.versie == r.versie and _state(db) != _state(r):
            problems.append(f"{label}: versie {r.versie} verschilt van de database; exporteer opnieuw")
    existing_uids = {
        u: (s, o, v)
        for u, s, o, v in session.execute(
            select(Historie.uid, Voortgang.stap_code, Voortgang.organisatie_code, Historie.versie).join(
                Voortgang, Voortgang.id == Historie.voortgang_id
            )
        )
    }
    taken = set(existing_uids.values())  # (stap, organisatie, versie) already in the history
    file_uids: set[str] = set()
    versions: dict[tuple[str, str], set[int]] = {}
    for i, h in enumerate(bundel.historie, start=1):
        key = (h.stap, h.organisatie)
        label = f"historie {i} ({h.uid})"
        if h.uid in file_uids:
            problems.append(f"{label}: uid komt dubbel voor")
        file_uids.add(h.uid)
        if key not in records:
            problems.append(
                f"{label}: stap {h.stap} / organisatie {h.organisatie} bestaat niet in de monitor"
            )
            continue
        if h.uid in existing_uids and existing_uids[h.uid] != (h.stap, h.organisatie, h.versie):
            problems.append(f"{label}: uid bestaat al met andere inhoud")
        elif h.uid not in existing_uids and (h.stap, h.organisatie, h.versie) in taken:
            problems.append(
                f"{label}: versie {h.versie} van {h.stap} ({h.organisatie}) staat al in de database als een "
                "andere wijziging; bestand en database zijn uiteengelopen"
            )
        if h.versie in versions.setdefault(key, set()):
            problems.append(f"{label}: versie {h.versie} van {h.stap} ({h.organisatie}) komt dubbel voor")
        versions[key].add(h.versie)
    final = {(r.stap, r.organisatie): r.versie for r in bundel.voortgang}
    for key, vs in versions.items():
        top = final.get(key, records[key].versie if key in records else 0)
        if vs and max(vs) > top:
            problems.append(
                f"historie van {key[0]} ({key[1]}) heeft versie {max(vs)}, nieuwer dan de stand ({top})"
            )
    for i, p in enumerate(bundel.plantoets, start=1):
        from wbs.monitor.models import Organisatie

        org = session.get(Organisatie, p.provincie)
        if org is None or org.soort != "provincie":
            problems.append(f"plantoets {i}: {p.provincie!r} is geen provincie")
        for d in p.dekking:
            if not isinstance(d.get("nr"), int) or not 1 <= d["nr"] <= 33 or "status" not in d:
                problems.append(f"plantoets {i}: ongeldige dekking-regel {d!r}")
                break
    return problems


def import_bundle(session: Session, bundel: Bundel) -> dict[str, int]:
    """Validate fully, then write everything (caller commits; on error nothing is written)."""
    problems = validate(session, bundel)
    if problems:
        raise fouten.OngeldigeInvoer(
            "het bestand is afgekeurd, er is niets gewijzigd:\n  - " + "\n  - ".join(problems)
        )
    records = {(v.stap_code, v.organisatie_code): v for v in session.scalars(select(Voortgang))}
    counts = {"voortgang": 0, "historie": 0, "plantoets": 0}
    for r in bundel.voortgang:
        v = records[(r.stap, r.organisatie)]
        if v.versie == r.versie:
            continue  # identical (validated above)
        res = session.execute(
            update(Voortgang)
            .where(Voortgang.id == v.id, Voortgang.versie == v.versie)
            .values(
                status=r.status,
                percentage=r.percentage,
                mijlpaal=r.mijlpaal,
                toelichting=r.toelichting,
                versie=r.versie,
                gewijzigd_op=r.gewijzigd_op,
                gewijzigd_door=r.gewijzigd_door,
                gereed_op=r.gereed_op,
            )
            .execution_options(synchronize_session=False)
        )
        if res.rowcount != 1:
            raise fouten.Conflict(
                f"stap {r.stap} ({r.organisatie}) werd tijdens het importeren gewijzigd; "
                "er is niets geïmporteerd"
            )
        counts["voortgang"] += 1
    existing = set(session.scalars(select(Historie.uid)))
    for h in bundel.historie:  # file order = original insertion order
        if h.uid in existing:
            continue
        session.add(
            Historie(
                uid=h.uid,
                voortgang_id=records[(h.stap, h.organisatie)].id,
                tijdstip=h.tijdstip,
                gebruiker=h.gebruiker,
                versie=h.versie,
                oud=h.oud,
                nieuw=h.nieuw,
                reden=h.reden,
            )
        )
        counts["historie"] += 1
    have = {(p.provincie, p.document, p.tijdstip) for p in session.scalars(select(PlantoetsResultaat))}
    for p in bundel.plantoets:
        if (p.provincie, p.document, p.tijdstip) in have:
            continue
        session.add(
            PlantoetsResultaat(
                provincie=p.provincie, document=p.document, tijdstip=p.tijdstip, dekking=p.dekking
            )
        )
        counts["plantoets"] += 1
    session.flush()
    session.expire_all()
    return counts


def import_bytes(session: Session, data: bytes, formaat: str) -> dict[str, int]:
    return import_bundle(session, parse(data, formaat))


def formaat_van(pad: str, formaat: str | None = None) -> str:
    if formaat:
        return formaat
    suffix = pad.rsplit(".", 1)[-1].lower() if "." in pad else ""
    if suffix in ("json", "csv", "xlsx"):
        return suffix
    raise fouten.OngeldigeInvoer(
        f"kan het formaat van {pad!r} niet afleiden; geef --format json, csv of xlsx"
    )
