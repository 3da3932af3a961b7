"""Measurements of outcome indicators: read, write with history, import and export.

Same rules as progress on steps: a ``beheerder`` may record for every region, an ``invoerder``
only for the regions of their organisation (``data/regios.yaml``), a ``lezer`` nothing. Every
write appends a history row; a write carries the ``versie`` the client read and a different
current version gives ``Conflict`` (nothing written). Correcting an earlier value is
comply-or-explain: it needs a toelichting of at least 10 characters. Values are checked against
the indicator (region level, year not in the future, plausible range).
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from wbs.fouten import Conflict, GeenToegang, NietGevonden, NietIngelogd, OngeldigeInvoer, UitlegVereist
from wbs.monitor import demo_metingen, rules
from wbs.monitor.indicatoren import (
    JAAR_MAX,
    JAAR_MIN,
    Indicator,
    Meting,
    assess,
    check_value,
    load_regios,
    load_register,
    trajectory,
)
from wbs.monitor.models import Gebruiker, changed_fields
from wbs.monitor.schemas import attributes, from_row
from wbs.monitor.spreadsheet import write_rows
from wbs.monitor.uitkomsten.schemas import HistorieRegel, ImportResultaat, IndicatorInfo, IndicatorStand, MetingInfo
from wbs.monitor.uitkomsten.tables import MetingHistorie, MetingRij

KOLOMMEN = ("indicator", "regio", "jaar", "waarde", "bron", "toelichting", "demo")
MAX_RIJEN = 20000


# -- reading ----------------------------------------------------------------------------------


def indicator_info(ind: Indicator) -> IndicatorInfo:
    d, b = ind.doel, ind.basis
    # without a target or a starting value their fields stay None
    doel = {"doel": d.waarde, "doel_min": d.min, "doel_max": d.max, "doeljaar": d.jaar, "citaat": d.citaat} if d else {}
    basis = {"basis": b.waarde, "basisjaar": b.jaar, "bron_basis": b.bron.citeer()} if b else {}
    return IndicatorInfo(
        **attributes(ind, "id", "naam", "keuze", "maatregelen", "eenheid", "richting", "doel_tekst", "toelichting"),
        **doel,
        **basis,
        bron=(d.bron if d else ind.bron).citeer(),
        afgeleid=(d.afgeleid if d else None) or (b.afgeleid if b else None),
        niveaus=list(ind.niveaus),
        traject=trajectory(ind),
    )


def _indicator(indicator_id: str) -> Indicator:
    rules.check_text(indicator_id)
    ind = load_register().get(indicator_id)
    if ind is None:
        ids = ", ".join(i.id for i in load_register().indicatoren)
        raise NietGevonden(f"indicator {indicator_id!r} bestaat niet; kies uit {ids}")
    return ind


def _rows(session: Session, indicator: str | None = None, regio: str | None = None) -> list[MetingRij]:
    q = select(MetingRij).order_by(MetingRij.indicator, MetingRij.regio, MetingRij.jaar)
    if indicator:
        q = q.where(MetingRij.indicator == indicator)
    if regio:
        q = q.where(MetingRij.regio == regio)
    return list(session.scalars(q))


def _info(r: MetingRij) -> MetingInfo:
    regio = load_regios().get(r.regio)
    ind = load_register().get(r.indicator)
    return from_row(MetingInfo, r, regio_naam=regio.naam if regio else r.regio, eenheid=ind.eenheid if ind else "")


def list_metingen(session: Session, indicator: str | None = None, regio: str | None = None) -> list[MetingInfo]:
    rules.check_text(indicator, regio)
    if indicator:
        _indicator(indicator)
    return [_info(r) for r in _rows(session, indicator, regio)]


def as_meting(r: MetingRij) -> Meting:
    return Meting(indicator=r.indicator, regio=r.regio, jaar=r.jaar, waarde=r.waarde, demo=r.demo)


def stand(ind: Indicator, metingen: list[Meting]) -> IndicatorStand:
    regios = sorted({m.regio for m in metingen if m.indicator == ind.id} - {"nederland"})
    return IndicatorStand(
        **indicator_info(ind).model_dump(),
        landelijk=assess(ind, "nederland", metingen),
        regios=[assess(ind, r, metingen) for r in regios],
        demo=any(m.demo for m in metingen if m.indicator == ind.id),
    )


def list_indicatoren(session: Session, keuze: int | None = None) -> list[IndicatorStand]:
    """Every indicator with its target and the assessment of the latest measurement per region."""
    metingen = [as_meting(r) for r in _rows(session)]
    return [stand(i, metingen) for i in load_register().indicatoren if keuze is None or i.keuze == keuze]


def get_indicator(session: Session, indicator_id: str) -> tuple[IndicatorStand, list[MetingInfo]]:
    ind = _indicator(indicator_id)
    rows = _rows(session, ind.id)
    return stand(ind, [as_meting(r) for r in rows]), [_info(r) for r in rows]


def metingen_for(session: Session, indicator_id: str) -> list[Meting]:
    return [as_meting(r) for r in _rows(session, indicator_id)]


def meting_history(session: Session, indicator: str, regio: str, jaar: int) -> list[HistorieRegel]:
    rules.check_text(indicator, regio)
    if not JAAR_MIN <= jaar <= JAAR_MAX:
        raise OngeldigeInvoer(f"jaar {jaar} ligt buiten {JAAR_MIN}-{JAAR_MAX}")
    row = session.scalar(
        select(MetingRij).where(MetingRij.indicator == indicator, MetingRij.regio == regio, MetingRij.jaar == jaar)
    )
    if row is None:
        raise NietGevonden(f"geen meting van {indicator} voor {regio} in {jaar}")
    q = select(MetingHistorie).where(MetingHistorie.meting_id == row.id).order_by(MetingHistorie.id)
    return [from_row(HistorieRegel, h, sleutel=f"{indicator}/{regio}/{jaar}") for h in session.scalars(q)]


# -- writing ----------------------------------------------------------------------------------


def can_record(user: Gebruiker | None, regio_code: str) -> bool:
    regio = load_regios().get(regio_code)
    if user is None or not user.actief or regio is None:
        return False
    if user.rol == "beheerder":
        return True
    return user.rol == "invoerder" and user.organisatie_code in regio.organisaties


def _check_user(user: Gebruiker | None, regio_code: str) -> None:
    if user is None:
        raise NietIngelogd("log in of gebruik een API-token om metingen in te voeren")
    if not can_record(user, regio_code):
        if user.rol == "invoerder":
            regio = load_regios().get(regio_code)
            raise GeenToegang(
                f"gebruiker {user.gebruikersnaam} is invoerder voor {user.organisatie_code or 'geen organisatie'} "
                f"en mag geen metingen voor {regio.naam if regio else regio_code} invoeren"
            )
        raise GeenToegang(f"gebruiker {user.gebruikersnaam} heeft de rol {user.rol} en mag geen metingen invoeren")


def _validate(ind: Indicator, regio_code: str, jaar: int, waarde: float, bron: str, today: date) -> None:
    regio = load_regios().get(regio_code)
    if regio is None:
        raise OngeldigeInvoer(
            f"onbekende regio {regio_code!r}; gebruik 'nederland', een provinciecode of "
            "een waterschapscode (zie 'wbs monitor indicatoren regios')"
        )
    problemen = check_value(ind, regio, jaar, waarde, today.year)
    if not (bron or "").strip():
        problemen.append("geef de bron van de meting (publicatie, meetnet of systeem)")
    elif len(bron) > 500:
        problemen.append("bron is langer dan 500 tekens")
    if problemen:
        raise OngeldigeInvoer(f"meting {ind.id} {regio_code} {jaar}: " + "; ".join(problemen))


def record_meting(
    session: Session,
    user: Gebruiker | None,
    indicator: str,
    regio: str,
    jaar: int,
    waarde: float,
    bron: str,
    toelichting: str | None = None,
    expected_version: int | None = None,
    demo: bool = False,
    today: date | None = None,
    now: datetime | None = None,
) -> MetingInfo:
    """Record (or correct) one measurement and append a history row; see the module docstring for the rules."""
    rules.check_text(indicator, regio, bron, toelichting)
    today, now = rules.effective_today(today), rules.effective_now(now)
    ind = _indicator(indicator)
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        raise OngeldigeInvoer(f"waarde {waarde!r} is geen getal")
    if user is not None and load_regios().get(regio) is None:
        _validate(ind, regio, jaar, float(waarde), bron, today)  # names the unknown region
    _check_user(user, regio)
    bron = (bron or "").strip()
    _validate(ind, regio, jaar, float(waarde), bron, today)
    toelichting = toelichting.strip() if toelichting and toelichting.strip() else None
    if toelichting and len(toelichting) > 2000:
        raise OngeldigeInvoer("toelichting is langer dan 2000 tekens")
    row = session.scalar(
        select(MetingRij).where(MetingRij.indicator == indicator, MetingRij.regio == regio, MetingRij.jaar == jaar)
    )
    new = {"waarde": float(waarde), "bron": bron, "toelichting": toelichting, "demo": bool(demo)}
    if row is None:
        if expected_version not in (None, 0):
            raise Conflict(
                f"meting {indicator} {regio} {jaar} bestaat niet (meer); u las versie {expected_version}. "
                "Er is niets opgeslagen."
            )
        row = MetingRij(
            indicator=indicator,
            regio=regio,
            jaar=jaar,
            versie=1,
            gewijzigd_op=now,
            gewijzigd_door=user.gebruikersnaam,
            **new,
        )
        session.add(row)
        session.flush()
        old: dict = {}
        versie = 1
    else:
        if expected_version is not None and expected_version != row.versie:
            raise _conflict(row, expected_version)
        old = {"waarde": row.waarde, "bron": row.bron, "toelichting": row.toelichting, "demo": row.demo}
        if toelichting is None:
            new["toelichting"] = row.toelichting
        if new == old:
            raise OngeldigeInvoer(f"geen wijziging opgegeven voor meting {indicator} {regio} {jaar}")
        if not math.isclose(new["waarde"], old["waarde"]) and (
            toelichting is None or len(toelichting) < rules.MIN_TOELICHTING
        ):
            raise UitlegVereist(
                f"pas toe of leg uit: de meting {indicator} {regio} {jaar} had al de waarde {old['waarde']}; geef bij "
                f"een correctie een toelichting van minstens {rules.MIN_TOELICHTING} tekens waarom"
            )
        read = row.versie
        result = session.execute(
            update(MetingRij)
            .where(MetingRij.id == row.id, MetingRij.versie == read)
            .values(versie=read + 1, gewijzigd_op=now, gewijzigd_door=user.gebruikersnaam, **new)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            session.expire(row)
            raise _conflict(row, read)
        versie = read + 1
    session.add(MetingHistorie.record(user, now, versie, *changed_fields(old, new), toelichting, meting_id=row.id))
    session.flush()
    session.refresh(row)
    return _info(row)


def _conflict(row: MetingRij, read: int) -> Conflict:
    return Conflict(
        f"meting {row.indicator} {row.regio} {row.jaar} is intussen gewijzigd door {row.gewijzigd_door} op "
        f"{row.gewijzigd_op:%Y-%m-%d %H:%M}: u las versie {read}, de huidige versie is {row.versie}. "
        "Laad de meting opnieuw; er is niets opgeslagen."
    )


# -- import / export ---------------------------------------------------------------------------


def _parse_rows(data: bytes, filename: str) -> list[dict]:
    naam = filename.lower()
    if not data or not data.strip():
        raise OngeldigeInvoer(f"{filename}: het bestand is leeg")
    if naam.endswith(".json"):
        try:
            doc = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise OngeldigeInvoer(f"{filename}: geen geldige JSON") from exc
        rows = doc.get("metingen") if isinstance(doc, dict) else doc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise OngeldigeInvoer(f"{filename}: verwacht een lijst 'metingen' met velden per meting")
        return rows
    if naam.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OngeldigeInvoer(f"{filename}: geen UTF-8-tekst") from exc
        first = text.splitlines()[0] if text.splitlines() else ""
        reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
        _check_header(reader.fieldnames or [], filename)
        return list(reader)
    if naam.endswith(".xlsx"):
        import zipfile

        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise OngeldigeInvoer(f"{filename}: geen geldig xlsx-bestand") from exc
        ws = wb["metingen"] if "metingen" in wb.sheetnames else wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = [str(h).strip().lower() if h is not None else "" for h in (next(it, None) or [])]
        _check_header(header, filename)
        rows = [dict(zip(header, v, strict=False)) for v in it if any(x not in (None, "") for x in v)]
        wb.close()
        return rows
    raise OngeldigeInvoer(f"{filename}: onbekend formaat; gebruik .csv, .xlsx of .json")


def _check_header(columns: list, filename: str) -> None:
    columns = [str(k).strip().lower() for k in columns if k]
    ontbreekt = [k for k in ("indicator", "regio", "jaar", "waarde", "bron") if k not in columns]
    onbekend = [k for k in columns if k not in (*KOLOMMEN, "versie")]
    if ontbreekt or onbekend:
        parts = ([f"verplichte kolom(men) ontbreken: {', '.join(ontbreekt)}"] if ontbreekt else []) + (
            [f"onbekende kolom(men) {', '.join(onbekend)}"] if onbekend else []
        )
        raise OngeldigeInvoer(f"{filename}: {'; '.join(parts)} (kolommen: {', '.join(KOLOMMEN)})")


def _clean(row: dict, n: int) -> dict:
    def num(key: str, cast):
        v = row.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            raise OngeldigeInvoer(f"rij {n}: {key} ontbreekt")
        try:
            return cast(str(v).strip().replace(",", ".")) if isinstance(v, str) else cast(v)
        except (TypeError, ValueError) as exc:
            raise OngeldigeInvoer(f"rij {n}: {key} {v!r} is geen getal") from exc

    jaar = num("jaar", lambda x: int(float(x)))
    waarde = num("waarde", float)
    demo = row.get("demo")
    return {
        "indicator": str(row.get("indicator") or "").strip(),
        "regio": str(row.get("regio") or "").strip(),
        "jaar": jaar,
        "waarde": waarde,
        "bron": str(row.get("bron") or "").strip(),
        "toelichting": (str(row["toelichting"]).strip() or None) if row.get("toelichting") else None,
        "demo": demo if isinstance(demo, bool) else str(demo or "").strip().lower() in ("ja", "true", "1", "waar"),
    }


def import_metingen(
    session: Session,
    user: Gebruiker | None,
    data: bytes,
    filename: str,
    today: date | None = None,
    now: datetime | None = None,
) -> ImportResultaat:
    """Import measurements from CSV, xlsx or JSON (the export's columns). All or nothing: every row is
    checked (indicator, region, permission, values) before anything is written; the caller's
    transaction rolls back on any error."""
    today, now = rules.effective_today(today), rules.effective_now(now)
    raw = _parse_rows(data, filename)
    if not raw:
        raise OngeldigeInvoer(f"{filename}: geen metingen gevonden")
    if len(raw) > MAX_RIJEN:
        raise OngeldigeInvoer(f"{filename}: te veel rijen ({len(raw)}); hoogstens {MAX_RIJEN}")
    rows, problemen = [], []
    for n, r in enumerate(raw, start=2 if not filename.lower().endswith(".json") else 1):
        try:
            c = _clean(r, n)
            rules.check_text(*c.values())
            ind = _indicator(c["indicator"])
            if load_regios().get(c["regio"]) is not None:  # an unknown region is reported by _validate
                _check_user(user, c["regio"])
            _validate(ind, c["regio"], c["jaar"], c["waarde"], c["bron"], today)
            rows.append(c)
        except (OngeldigeInvoer, NietGevonden, GeenToegang, NietIngelogd) as exc:
            if isinstance(exc, GeenToegang | NietIngelogd):
                raise
            problemen.append(f"rij {n}: {exc.bericht}" if not exc.bericht.startswith("rij ") else exc.bericht)
    if problemen:
        meer = f" (en nog {len(problemen) - 10})" if len(problemen) > 10 else ""
        raise OngeldigeInvoer(f"{filename}: niets ingelezen. " + " | ".join(problemen[:10]) + meer)
    keys = [(c["indicator"], c["regio"], c["jaar"]) for c in rows]
    dubbel = sorted({"/".join(map(str, k)) for k in keys if keys.count(k) > 1})
    if dubbel:
        raise OngeldigeInvoer(f"{filename}: niets ingelezen; dubbele metingen: {', '.join(dubbel[:10])}")
    res = ImportResultaat()
    existing = {(r.indicator, r.regio, r.jaar): r for r in _rows(session)}
    for c in rows:
        key = (c["indicator"], c["regio"], c["jaar"])
        old = existing.get(key)
        if (
            old is not None
            and math.isclose(old.waarde, c["waarde"])
            and old.bron == c["bron"]
            and (c["toelichting"] in (None, old.toelichting))
            and old.demo == c["demo"]
        ):
            res.ongewijzigd += 1
            continue
        record_meting(
            session,
            user,
            c["indicator"],
            c["regio"],
            c["jaar"],
            c["waarde"],
            c["bron"],
            c["toelichting"],
            demo=c["demo"],
            today=today,
            now=now,
        )
        res.gewijzigd += old is not None
        res.toegevoegd += old is None
        res.sleutels.append("/".join(map(str, key)))
    return res


def export_metingen(session: Session, formaat: str) -> bytes:
    """All measurements as ``csv``, ``xlsx`` or ``json`` in the columns :func:`import_metingen` reads."""
    rows = [{k: getattr(r, k) for k in KOLOMMEN} for r in _rows(session)]
    if formaat == "json":
        return json.dumps({"metingen": rows}, ensure_ascii=False, indent=2).encode("utf-8")
    flat = [{**r, "demo": "ja" if r["demo"] else "nee", "toelichting": r["toelichting"] or ""} for r in rows]
    if formaat in ("csv", "xlsx"):
        return write_rows(flat, KOLOMMEN, formaat, "metingen")
    raise OngeldigeInvoer(f"onbekend formaat {formaat!r}; kies csv, xlsx of json")


def seed_demo_metingen(session: Session, user_for, tot_jaar: int, now: datetime | None = None) -> int:
    """Write the deterministic demo measurements (``demo: true``) through :func:`record_meting`, once.

    ``user_for(regio_code)`` gives the user who records a region's measurements (a Gebruiker, or a
    function of the region), so the demo goes through the same permission check as real input.
    """
    if session.scalar(select(MetingRij.id).where(MetingRij.demo.is_(True)).limit(1)) is not None:
        return 0
    pick = user_for if callable(user_for) else (lambda _regio: user_for)
    n = 0
    for m in demo_metingen.generate(tot_jaar):
        record_meting(
            session,
            pick(m.regio),
            m.indicator,
            m.regio,
            m.jaar,
            m.waarde,
            demo_metingen.DEMO_BRON,
            demo=True,
            today=date(tot_jaar + 1, 1, 1),
            now=now,
        )
        n += 1
    return n
