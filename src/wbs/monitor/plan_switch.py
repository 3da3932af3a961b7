"""Plan A / plan B: when plan A's deadline passes without the result, flag the switch to plan B.

The borgingskalender gives many steps two dated milestones: the bestuurlijke afspraken of plan A
(e.g. Q4 2024) and the rijksinstrument of plan B (e.g. a Bkl instructieregel, Q4 2026); the Kader
keeps them as ``Agendering.mijlpalen`` with their plan. The rule and its citations are data
(``data/plan_ab.yaml``). Pure logic: the service passes plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict

from wbs.kader.models import Bron


class _Bron(Bron):
    citaat: str


class PlanAbRegel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    regel: str
    bronnen: list[_Bron]

    def citeer(self) -> str:
        return "; ".join(b.citeer() for b in self.bronnen)


@lru_cache(maxsize=1)
def load_regel() -> PlanAbRegel:
    text = resources.files("wbs.monitor").joinpath("data/plan_ab.yaml").read_text("utf-8")
    return PlanAbRegel.model_validate(yaml.safe_load(text))


@dataclass(frozen=True)
class StapMijlpaal:
    """A dated milestone of a step (from the Kader's agendering)."""

    periode: str
    deadline: date
    plan: str | None = None
    borging: str | None = None
    regel: int | None = None


@dataclass(frozen=True)
class PlanWissel:
    stap: str
    organisatie: str
    plan_a_periode: str
    plan_a_deadline: date
    plan_b_periode: str | None
    plan_b_deadline: date | None
    status: str
    reden: str
    bron: str


def plan_a_mijlpaal(plan: list[str], mijlpalen: list[StapMijlpaal]) -> tuple[StapMijlpaal | None, bool]:
    """Plan A's milestone of a step and whether it is paired explicitly by the kalender.

    A milestone marked plan A; else, for a step whose borging names both plans and that has one
    date only, that date (not paired: the kalender does not split it per plan). None when the step
    has no plan B to switch to.
    """
    explicit = [m for m in mijlpalen if m.plan == "A"]
    has_b = "B" in plan or any(m.plan == "B" for m in mijlpalen)
    if not has_b or "A" not in plan and not explicit:
        return None, False
    if explicit:
        return min(explicit, key=lambda m: m.deadline), True
    dates = {m.periode for m in mijlpalen}
    if len(dates) == 1:
        return mijlpalen[0], False
    return None, False


def check_plan_switch(
    stap: str,
    organisatie: str,
    plan: list[str],
    mijlpalen: list[StapMijlpaal],
    status: str,
    gereed_op: date | None,
    today: date,
    bron: str,
) -> PlanWissel | None:
    """The switch to plan B when plan A's deadline has passed and the step was not gereed by then."""
    a, paired = plan_a_mijlpaal(plan, mijlpalen)
    if a is None or a.deadline >= today or status == "afgevallen":
        return None
    if status == "gereed" and gereed_op is not None and gereed_op <= a.deadline:
        return None
    b_list = [m for m in mijlpalen if m.plan == "B"]
    b = min(b_list, key=lambda m: m.deadline) if b_list else None
    wat_a = f" ({a.borging})" if a.borging else ""
    if status == "gereed":
        toestand = f"pas gereed op {gereed_op:%d-%m-%Y}"
    else:
        toestand = f"status {status}"
    reden = (
        f"plan A{wat_a} had uiterlijk {a.periode} ({a.deadline:%d-%m-%Y}) resultaat moeten hebben; {toestand}. "
        "Volgens de borgingskalender is dan plan B aan de orde"
    )
    if b is not None:
        reden += f": {b.borging or 'rijksinstrument'}, agendering {b.periode}"
        if b.regel:
            reden += f" (wbs-borgingskalender.txt:{b.regel})"
    else:
        reden += " (de kalender noemt voor plan B geen eigen datum)"
    if not paired:
        reden += "; de kalender geeft voor deze stap één datum voor plan A en B samen"
    return PlanWissel(
        stap=stap,
        organisatie=organisatie,
        plan_a_periode=a.periode,
        plan_a_deadline=a.deadline,
        plan_b_periode=b.periode if b else None,
        plan_b_deadline=b.deadline if b else None,
        status=status,
        reden=reden + ".",
        bron=f"{bron}; regel: {load_regel().citeer()}",
    )
