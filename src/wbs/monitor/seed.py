"""Seed the monitor from the Kader and the organisation list (idempotent).

Every Kader step becomes a ``stap`` row (a measure without steps gets one step for the
whole measure, ``<id>-geheel``) with its planned deadline (the end of the last
period in its agendering) and one ``voortgang`` row per responsible organisation; the
actor -> organisation mapping is data (``data/organisaties.yaml``). Re-seeding updates
the Kader copy but never touches reported progress.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from wbs.kader.models import Kader, Stap
from wbs.monitor import schemas
from wbs.monitor.models import KeuzeRij, MaatregelRij, Organisatie, StapRij, Voortgang

SOORTEN = ("rijk", "rijkswaterstaat", "provincie", "waterschap", "gemeente", "drinkwaterbedrijf", "overig")


class OrganisatieDef(schemas.Organisatie):
    """An organisation in ``organisaties.yaml``: the record the monitor shows, with no other keys."""

    model_config = ConfigDict(extra="forbid")


class OrganisatieData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisaties: list[OrganisatieDef]
    actoren: dict[str, list[str]]
    zonder_actor: list[str]


@lru_cache(maxsize=1)
def organisatie_data() -> OrganisatieData:
    text = resources.files("wbs.monitor").joinpath("data/organisaties.yaml").read_text("utf-8")
    data = OrganisatieData.model_validate(yaml.safe_load(text))
    codes = {o.code for o in data.organisaties}
    for actor, targets in data.actoren.items():
        unknown = set(targets) - codes
        if unknown:
            raise ValueError(f"organisaties.yaml: actor {actor!r} verwijst naar onbekende organisatie(s) {unknown}")
    return data


def provincie_codes() -> tuple[str, ...]:
    """The organisation codes of the twelve provinces, in the order of ``organisaties.yaml``."""
    return tuple(o.code for o in organisatie_data().organisaties if o.soort == "provincie")


def slug(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "onbekend"


def period_end(periode: str) -> date:
    """``2024-Q3`` -> 2024-09-30; ``2026`` -> 2026-12-31."""
    if "-Q" in periode:
        year, q = periode.split("-Q")
        month = int(q) * 3
        ends = {3: 31, 6: 30, 9: 30, 12: 31}
        return date(int(year), month, ends[month])
    return date(int(periode), 12, 31)


def _period_key(p: str) -> date:
    return period_end(p)


def _codes_for_name(name: str, data: OrganisatieData, by_name: dict[str, str]) -> list[str] | None:
    key = name.strip().lower()
    if key in data.actoren:
        return list(data.actoren[key])
    if key in by_name:
        return [by_name[key]]
    return None


def organisaties_for(actoren: list[str]) -> list[str]:
    """Organisation codes responsible for a step with these Kader actor names (order kept, no doubles).

    Exact names come from ``organisaties.yaml``; a combined name ("Provincies en waterschappen",
    "Rijk/IenW") is split into its parts; a name that contains a known one ("Provincie
    Drenthe", "Rijk (IenW)") maps to the known ones; anything else becomes its own
    organisation (created by :func:`seed_kader`, soort ``overig``).
    """
    data = organisatie_data()
    by_name = {o.naam.lower(): o.code for o in data.organisaties} | {o.code: o.code for o in data.organisaties}
    known = sorted({*data.actoren, *by_name}, key=len, reverse=True)
    out: list[str] = []
    for actor in actoren:
        codes = _codes_for_name(actor, data, by_name)
        if codes is None:
            parts = [p for p in re.split(r"\s*(?:[,;/&+]|\ben\b)\s*", actor.strip(), flags=re.I) if p]
            mapped = [_codes_for_name(p, data, by_name) for p in parts]
            if len(parts) > 1 and all(mapped):
                codes = [c for m in mapped for c in m]
        if codes is None:
            low = actor.lower()
            hits = [k for k in known if re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", low)]
            if hits:
                codes = [c for k in hits for c in (_codes_for_name(k, data, by_name) or [])]
        for c in codes or [slug(actor)]:
            if c not in out:
                out.append(c)
    return out or list(data.zonder_actor)


def kader_fingerprint(kader: Kader) -> str:
    """sha256 of the Kader content: a changed Kader triggers a re-seed on next start."""
    import hashlib

    data = SEED_VERSIE + kader.model_dump_json()
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:32]


def seed_organisaties(session: Session) -> None:
    existing = {o.code: o for o in session.scalars(select(Organisatie))}
    for o in organisatie_data().organisaties:
        row = existing.get(o.code)
        if row is None:
            session.add(Organisatie(code=o.code, naam=o.naam, soort=o.soort, ouder=o.ouder))
        else:
            row.naam, row.soort, row.ouder = o.naam, o.soort, o.ouder
    session.flush()


WHOLE_MEASURE_SUFFIX = "-geheel"
SEED_VERSIE = "3"  # bump when seeding itself changes, so existing databases are re-seeded (3: stap_periode)


def _whole_maatregel_stap(m) -> Stap:
    """A measure without concrete steps is still monitored: as one step for the whole measure.

    Its code is ``<maatregel>-geheel``; it has no deadline and no named actor (so the Rijk,
    owner of the strategy, holds it) and cites the measure itself.
    """
    what = m.titel or m.tekst
    what = what if len(what) <= 200 else what[:197] + "..."
    return Stap(
        id=f"{m.id}{WHOLE_MEASURE_SUFFIX}",
        bron=m.bron,
        tekst=f"Maatregel als geheel (de borgingskalender noemt geen concrete stappen): {what}",
    )


def existing_periods(session: Session) -> dict[str, list]:
    from wbs.monitor.uitkomsten.tables import StapPeriode

    out: dict[str, list] = {}
    for p in session.scalars(select(StapPeriode).order_by(StapPeriode.stap_code, StapPeriode.volgorde)):
        out.setdefault(p.stap_code, []).append(p)
    return out


def sync_periods(session: Session, code: str, s: Stap, existing: dict[str, list]) -> None:
    """Copy every dated milestone of a Kader step into ``stap_periode`` (replaced when it changed).

    A step whose agendering has periods but no milestones (a hand-made Kader) gets one milestone
    per period, without plan.
    """
    from wbs.monitor.uitkomsten.tables import StapPeriode

    ag = s.agendering
    if ag is None:
        wanted = []
    elif ag.mijlpalen:
        wanted = [(m.periode, m.plan, m.borging, m.regel) for m in ag.mijlpalen]
    else:
        wanted = [(p, None, None, None) for p in ag.perioden]
    have = existing.get(code, [])
    if [(p.periode, p.plan, p.borging, p.regel) for p in have] == wanted:
        return
    for p in have:
        session.delete(p)
    session.flush()
    for n, (periode, plan, borging, regel) in enumerate(wanted, start=1):
        session.add(
            StapPeriode(
                stap_code=code,
                volgorde=n,
                periode=periode,
                deadline=period_end(periode),
                plan=plan,
                borging=borging,
                regel=regel,
            )
        )


def seed_kader(session: Session, kader: Kader) -> dict[str, int]:
    """Copy the Kader into the monitor tables; returns counts of what was added."""
    seed_organisaties(session)
    orgs = set(session.scalars(select(Organisatie.code)))
    keuzes = {k.nr: k for k in session.scalars(select(KeuzeRij))}
    maatregelen = {(m.code, m.keuze_nr): m for m in session.scalars(select(MaatregelRij))}
    stappen = {s.code: s for s in session.scalars(select(StapRij))}
    voortgang = {(a, b) for a, b in session.execute(select(Voortgang.stap_code, Voortgang.organisatie_code))}
    periods = existing_periods(session)
    added = {"keuzes": 0, "maatregelen": 0, "stappen": 0, "voortgang": 0}
    seen_steps: set[str] = set()

    for k in kader.keuzes:
        kr = keuzes.get(k.nr)
        if kr is None:
            kr = KeuzeRij(nr=k.nr)
            session.add(kr)
            added["keuzes"] += 1
        kr.titel, kr.thema, kr.subthema, kr.gebied, kr.bron = (
            k.titel,
            k.thema,
            k.subthema,
            k.gebied,
            k.bron.citeer(),
        )
        session.flush()
        for m in k.maatregelen:
            mr = maatregelen.get((m.id, k.nr))
            if mr is None:
                mr = MaatregelRij(code=m.id, keuze_nr=k.nr)
                session.add(mr)
                maatregelen[(m.id, k.nr)] = mr
                added["maatregelen"] += 1
            mr.titel, mr.tekst, mr.spoor = m.titel, m.tekst, ",".join(m.spoor)
            mr.domein, mr.telt_mee, mr.bron = m.domein, m.telt_mee, m.bron.citeer()
            session.flush()
            for s in m.stappen or [_whole_maatregel_stap(m)]:
                # A measure printed under two choices repeats its steps: keep both, distinct codes.
                code = s.id if s.id not in seen_steps else f"{s.id}~k{k.nr}"
                seen_steps.add(code)
                sr = stappen.get(code)
                if sr is None:
                    sr = StapRij(code=code, maatregel_id=mr.id)
                    session.add(sr)
                    stappen[code] = sr
                    added["stappen"] += 1
                perioden = s.agendering.perioden if s.agendering else []
                last = max(perioden, key=_period_key) if perioden else None
                sr.maatregel_id = mr.id
                sr.tekst, sr.borging, sr.doorwerking = s.tekst, s.borging, s.doorwerking
                sr.plan = ",".join(s.plan)
                sr.agendering = s.agendering.ruw if s.agendering else None
                sr.periode, sr.deadline = last, (period_end(last) if last else None)
                sr.actoren, sr.bron = "; ".join(s.actoren), s.bron.citeer()
                sync_periods(session, code, s, periods)
                for org in organisaties_for(s.actoren):
                    if org not in orgs:
                        session.add(
                            Organisatie(code=org, naam=next(a for a in s.actoren if slug(a) == org), soort="overig")
                        )
                        orgs.add(org)
                        session.flush()
                    if (code, org) not in voortgang:
                        session.add(Voortgang(stap_code=code, organisatie_code=org, status="niet-gestart", versie=1))
                        voortgang.add((code, org))
                        added["voortgang"] += 1
    session.flush()
    return added
