"""Export, import and restore of the monitor's progress data (JSON, CSV, XLSX).

What travels: every ``voortgang`` record (step x organisation state and version), the full append-only
``historie`` (with stable ``uid``) and saved plantoets results. Users and tokens do not travel (secrets).

Two ways back in, both all-or-nothing (a bad file changes nothing):
- **import** (:func:`import_bundle`): edits made in an export are applied as changes by the importing user,
  each through the one versioned write path (:func:`wbs.monitor.writes.update_stap`): permissions,
  comply-or-explain and conflict detection apply and every change gets its history row. ``versie`` in the file
  is the version that was exported (read); a record changed since then is a conflict. Unchanged rows are
  skipped, so re-importing an export is a no-op. History is never read from a file: history rows must already
  be in the database as they are (else the file is refused: forged or diverged history).
- **restore** (:func:`restore_bundle`, CLI ``wbs monitor herstel``): moves a whole monitor to an empty database
  (e.g. SQLite to PostgreSQL), history included, after checking that the history explains every record.
Spreadsheet cells are written as text and formula-like text is neutralised (:mod:`wbs.safety`).

CSV holds all three record kinds in one table with a ``soort`` column; XLSX uses one
sheet per kind. Nested values (``oud``, ``nieuw``, ``dekking``) are JSON text there.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from wbs import fouten
from wbs.monitor import writes
from wbs.monitor.models import STATUSSEN, Gebruiker, Historie, PlantoetsResultaat, Voortgang
from wbs.monitor.schemas import from_row
from wbs.safety import safe_cell, unsafe_cell

FORMAAT = "wbs-borgingsmonitor"
FORMAAT_VERSIE = 1
Soort = Literal["voortgang", "historie", "plantoets"]


class _Rec(BaseModel):
    model_config = ConfigDict(extra="forbid")


MAX_VERSIE = 2**31 - 1  # the database column is a 32-bit integer


def _known_status(v: str) -> str:
    if v not in STATUSSEN:
        raise ValueError(f"onbekende status {v!r}; kies uit {', '.join(STATUSSEN)}")
    return v


class VoortgangRec(_Rec):
    stap: str = Field(min_length=1, max_length=64)
    organisatie: str = Field(min_length=1, max_length=64)
    status: Annotated[str, AfterValidator(_known_status)]
    percentage: int | None = Field(None, ge=0, le=100)
    mijlpaal: str | None = Field(None, max_length=500)
    toelichting: str | None = Field(None, max_length=5000)
    versie: int = Field(ge=1, le=MAX_VERSIE)
    gewijzigd_op: datetime | None = None
    gewijzigd_door: str | None = Field(None, max_length=100)
    gereed_op: date | None = None


class HistorieRec(_Rec):
    uid: str = Field(min_length=1, max_length=36)
    stap: str = Field(max_length=64)
    organisatie: str = Field(max_length=64)
    tijdstip: datetime
    gebruiker: str = Field(min_length=1, max_length=100)
    versie: int = Field(ge=2, le=MAX_VERSIE)
    oud: dict[str, Any]
    nieuw: dict[str, Any]
    reden: str | None = Field(None, max_length=5000)


class PlantoetsRec(_Rec):
    provincie: str = Field(max_length=64)
    document: str = Field(max_length=500)
    tijdstip: datetime
    dekking: list[dict[str, Any]] = Field(max_length=33)


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
        voortgang=[from_row(VoortgangRec, v, stap=v.stap_code, organisatie=v.organisatie_code) for v in vs],
        historie=[
            from_row(HistorieRec, h, stap=h.voortgang.stap_code, organisatie=h.voortgang.organisatie_code) for h in hs
        ],
        plantoets=[PlantoetsRec.model_validate(p, from_attributes=True) for p in ps],
    )


def _flat_rows(bundle: Bundel) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for soort in COLUMNS:
        rows = []
        for rec in getattr(bundle, soort):
            data = rec.model_dump(mode="json")
            rows.append(
                {
                    k: safe_cell(
                        "" if v is None else json.dumps(v, ensure_ascii=False) if k in _JSON_FIELDS else str(v)
                    )
                    for k, v in data.items()
                }
            )
        out[soort] = rows
    return out


def export_bytes(session: Session, formaat: str, now: datetime | None = None) -> bytes:
    bundle = collect(session, now)
    if formaat == "json":
        return bundle.model_dump_json(indent=2).encode("utf-8")
    if formaat == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        for soort, rows in _flat_rows(bundle).items():
            for row in rows:
                w.writerow({"soort": soort, **row})
        return buf.getvalue().encode("utf-8")
    if formaat == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        wb.remove(wb.active)
        for soort, rows in _flat_rows(bundle).items():
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
        v = unsafe_cell(v)
        if k in _JSON_FIELDS:
            try:
                v = json.loads(v)
            except json.JSONDecodeError as exc:
                raise fouten.OngeldigeInvoer(f"{where}: kolom {k} bevat geen geldige JSON") from exc
        out[k] = v
    extra = {k for k, v in row.items() if k not in COLUMNS[soort] and k != "soort" and v not in (None, "")}
    if extra:
        raise fouten.OngeldigeInvoer(f"{where}: onverwachte kolom(men) {', '.join(sorted(extra))} voor {soort}")
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
        raise fouten.OngeldigeInvoer("het bestand is afgekeurd, er is niets gewijzigd:\n  - " + "\n  - ".join(problems))
    try:
        bundle = Bundel.model_validate(raw)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = err["loc"]
            if len(loc) >= 2 and isinstance(loc[1], int):
                where = where_of.get((loc[0], loc[1]), f"{loc[0]}[{loc[1]}]")
                field = ".".join(str(x) for x in loc[2:])
            else:
                where, field = "bestand", ".".join(str(x) for x in loc)
            lines.append(f"{where}: {fouten.dutch_validation_error({**err, 'loc': (field,) if field else ()})}")
        raise fouten.OngeldigeInvoer(
            "het bestand is afgekeurd, er is niets gewijzigd:\n  - " + "\n  - ".join(lines)
        ) from exc
    if "\\u0000" in bundle.model_dump_json():
        raise fouten.OngeldigeInvoer("het bestand bevat een ongeldig teken (NUL); er is niets gewijzigd")
    return bundle


def _state(x) -> tuple:
    return (x.status, x.percentage, x.mijlpaal, x.toelichting)


def _refuse(problems: list[str]) -> None:
    if problems:
        raise fouten.OngeldigeInvoer(
            "het bestand is afgekeurd, er is niets gewijzigd:\n  - "
            + "\n  - ".join(problems[:50])
            + (f"\n  (en nog {len(problems) - 50})" if len(problems) > 50 else "")
        )


def _check_structure(session: Session, bundle: Bundel) -> tuple[dict, list[str]]:
    """Problems every way in shares: unknown or duplicate records, unknown provinces, broken coverage rows."""
    from wbs.kader.models import KEUZE_NUMMERS
    from wbs.monitor.models import Organisatie

    problems: list[str] = []
    records = {(v.stap_code, v.organisatie_code): v for v in session.scalars(select(Voortgang))}
    seen: set[tuple[str, str]] = set()
    for i, r in enumerate(bundle.voortgang, start=1):
        key = (r.stap, r.organisatie)
        label = f"voortgang {i} ({r.stap}, {r.organisatie})"
        if key in seen:
            problems.append(f"{label}: komt dubbel voor")
        seen.add(key)
        if key not in records:
            problems.append(f"{label}: deze stap/organisatie bestaat niet in de monitor")
    uids: set[str] = set()
    for i, h in enumerate(bundle.historie, start=1):
        if h.uid in uids:
            problems.append(f"historie {i} ({h.uid}): uid komt dubbel voor")
        uids.add(h.uid)
        if (h.stap, h.organisatie) not in records:
            problems.append(
                f"historie {i} ({h.uid}): stap {h.stap} / organisatie {h.organisatie} bestaat niet in de monitor"
            )
    for i, p in enumerate(bundle.plantoets, start=1):
        org = session.get(Organisatie, p.provincie)
        if org is None or org.soort != "provincie":
            problems.append(f"plantoets {i}: {p.provincie!r} is geen provincie")
        for d in p.dekking:
            if not isinstance(d.get("nr"), int) or d["nr"] not in KEUZE_NUMMERS or "status" not in d:
                problems.append(f"plantoets {i}: ongeldige dekking-regel {str(d)[:80]}")
                break
    return records, problems


def _known_history(session: Session, bundle: Bundel) -> list[str]:
    """History in an import file must already be in the database, unchanged: history is never imported."""
    existing = {
        h.uid: (stap, org, h.versie, h.gebruiker, h.oud, h.nieuw, h.reden)
        for h, stap, org in session.execute(
            select(Historie, Voortgang.stap_code, Voortgang.organisatie_code).join(
                Voortgang, Voortgang.id == Historie.voortgang_id
            )
        )
    }
    problems = []
    for i, h in enumerate(bundle.historie, start=1):
        known = existing.get(h.uid)
        if known is None:
            problems.append(
                f"historie {i} ({h.uid}): deze wijziging staat niet in de database (bestand en database zijn "
                "uiteengelopen, of de historie is met de hand gemaakt); historie wordt nooit ingelezen, ze "
                "ontstaat bij elke wijziging. Verwijder de historie uit het bestand of exporteer opnieuw"
            )
        elif known != (h.stap, h.organisatie, h.versie, h.gebruiker, h.oud, h.nieuw, h.reden):
            problems.append(f"historie {i} ({h.uid}): uid bestaat al met andere inhoud")
    return problems


def import_bundle(
    session: Session, bundle: Bundel, user: Gebruiker | None, now: datetime | None = None
) -> dict[str, int]:
    """Apply the file's changes as ``user``, each through the versioned write path (all or nothing).

    Counts: ``voortgang`` records changed, ``historie`` rows written (one per change), ``plantoets`` results
    added. Any problem (permission, comply-or-explain, conflict, forged history) refuses the whole file."""
    records, problems = _check_structure(session, bundle)
    problems += _known_history(session, bundle)
    _refuse(problems)
    counts = {"voortgang": 0, "historie": 0, "plantoets": 0}
    savepoint = session.begin_nested()
    try:
        for i, r in enumerate(bundle.voortgang, start=1):
            v = records[(r.stap, r.organisatie)]
            if _state(v) == _state(r):
                continue  # unchanged (also after a re-export): nothing to do
            label = f"voortgang {i} ({r.stap}, {r.organisatie})"
            if v.versie != r.versie:
                problems.append(
                    f"{label}: de database heeft een {'nieuwere ' if v.versie > r.versie else 'andere '}versie "
                    f"({v.versie}) dan het bestand ({r.versie}); iemand wijzigde de stap na uw export. "
                    "Exporteer opnieuw en breng uw wijziging daarin aan (wijzig 'versie' niet)"
                )
                continue
            try:
                writes.update_stap(
                    session,
                    user,
                    r.stap,
                    organisatie=r.organisatie,
                    status=r.status,
                    percentage=r.percentage,
                    mijlpaal=r.mijlpaal if r.mijlpaal is not None else "",
                    toelichting=r.toelichting,
                    expected_version=r.versie,
                    now=now,
                )
            except fouten.WbsFout as exc:
                problems.append(f"{label}: {exc.bericht}")
                continue
            counts["voortgang"] += 1
            counts["historie"] += 1
        have = {(p.provincie, p.document, p.tijdstip) for p in session.scalars(select(PlantoetsResultaat))}
        for p in bundle.plantoets:
            if (p.provincie, p.document, p.tijdstip) not in have:
                if user is None or user.rol != "beheerder":
                    problems.append(f"plantoets {p.document}: alleen een beheerder mag plantoetsresultaten invoeren")
                    continue
                writes.save_plantoets_result(session, p.provincie, p.dekking, p.document, now=p.tijdstip)
                counts["plantoets"] += 1
        _refuse(problems)
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()
    session.expire_all()
    return counts


def _replay_problems(bundle: Bundel) -> list[str]:
    """A restore file's history must explain every record: versions 2..versie present, and replaying the
    changes from the initial state gives the record's state and last editor."""
    problems = []
    per_record: dict[tuple[str, str], list[HistorieRec]] = {}
    for h in bundle.historie:
        per_record.setdefault((h.stap, h.organisatie), []).append(h)
    for r in bundle.voortgang:
        hs = sorted(per_record.get((r.stap, r.organisatie), []), key=lambda h: h.versie)
        label = f"voortgang {r.stap} ({r.organisatie})"
        if [h.versie for h in hs] != list(range(2, r.versie + 1)):
            problems.append(f"{label}: de historie heeft niet precies de versies 2 tot en met {r.versie}")
            continue
        state = {"status": "niet-gestart", "percentage": None, "mijlpaal": None, "toelichting": None}
        for h in hs:
            if any(state.get(k) != v for k, v in h.oud.items()):
                problems.append(f"{label}: historie versie {h.versie} begint niet bij de stand daarvoor")
                break
            state.update(h.nieuw)
        else:
            if (state["status"], state["percentage"], state["mijlpaal"], state["toelichting"]) != _state(r):
                problems.append(f"{label}: de historie leidt niet tot de stand in het bestand")
            elif hs and r.gewijzigd_door != hs[-1].gebruiker:
                problems.append(
                    f"{label}: 'gewijzigd door' ({r.gewijzigd_door}) is niet de laatste wijziger "
                    f"volgens de historie ({hs[-1].gebruiker})"
                )
    in_file = {(r.stap, r.organisatie) for r in bundle.voortgang}
    for stap, org in per_record:
        if (stap, org) not in in_file:
            problems.append(f"historie van {stap} ({org}) hoort bij geen voortgangsregel in het bestand")
    return problems


_SLEUTEL = {"stap", "organisatie"}  # a record's key in a file; in the database its voortgang row


def restore_bundle(session: Session, bundle: Bundel) -> dict[str, int]:
    """Copy a whole exported monitor into a database that has no history yet (validated fully first)."""
    if session.scalar(select(Historie.id).limit(1)) is not None:
        raise fouten.Conflict(
            "herstellen kan alleen in een monitor zonder historie (een nieuwe database); "
            "gebruik 'wbs monitor import' om wijzigingen in te voeren"
        )
    records, problems = _check_structure(session, bundle)
    problems += _replay_problems(bundle)
    _refuse(problems)
    counts = {"voortgang": 0, "historie": 0, "plantoets": 0}
    for r in bundle.voortgang:
        v = records[(r.stap, r.organisatie)]
        if v.versie == r.versie and _state(v) == _state(r):
            continue
        session.execute(
            update(Voortgang)
            .where(Voortgang.id == v.id)
            .values(**r.model_dump(exclude=_SLEUTEL))
            .execution_options(synchronize_session=False)
        )
        counts["voortgang"] += 1
    for h in bundle.historie:  # file order = original insertion order
        session.add(Historie(voortgang_id=records[(h.stap, h.organisatie)].id, **h.model_dump(exclude=_SLEUTEL)))
        counts["historie"] += 1
    have = {(p.provincie, p.document, p.tijdstip) for p in session.scalars(select(PlantoetsResultaat))}
    for p in bundle.plantoets:
        if (p.provincie, p.document, p.tijdstip) not in have:
            session.add(PlantoetsResultaat(**p.model_dump()))
            counts["plantoets"] += 1
    session.flush()
    session.expire_all()
    return counts


def import_bytes(session: Session, data: bytes, formaat: str, user: Gebruiker | None) -> dict[str, int]:
    return import_bundle(session, parse(data, formaat), user)


def restore_bytes(session: Session, data: bytes, formaat: str) -> dict[str, int]:
    return restore_bundle(session, parse(data, formaat))


def format_of(pad: str, formaat: str | None = None) -> str:
    if formaat:
        return formaat
    suffix = pad.rsplit(".", 1)[-1].lower() if "." in pad else ""
    if suffix in ("json", "csv", "xlsx"):
        return suffix
    raise fouten.OngeldigeInvoer(f"kan het formaat van {pad!r} niet afleiden; geef --format json, csv of xlsx")
