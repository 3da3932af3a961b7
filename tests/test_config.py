"""Settings live in one place (wbs.config) and the README's configuration table lists every one of them."""

from __future__ import annotations

import re
from pathlib import Path

from wbs.config import Settings, data_dir, settings

ROOT = Path(__file__).resolve().parents[1]


def test_readme_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tabel = readme[readme.index("## Configuration") : readme.index("## Sources")]
    in_readme = set(re.findall(r"^\| `(WBS_[A-Z0-9_]+)` \|", tabel, re.M))
    assert in_readme == {f"WBS_{naam.upper()}" for naam in Settings.model_fields}


def test_no_module_reads_the_environment_itself():
    bronnen = [p for p in (ROOT / "src" / "wbs").rglob("*.py") if p.name != "config.py"]
    lezers = [p for p in bronnen if re.search(r"os\.environ(\.get)?\[?\(?[\"']WBS_", p.read_text(encoding="utf-8"))]
    assert lezers == []


def test_settings_follow_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WBS_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("WBS_PLAN_BUDGET_S", "7.5")
    assert data_dir() == tmp_path / "d" and data_dir().is_dir()
    assert settings().plan_budget_s == 7.5


def test_every_dependency_is_pinned_in_constraints():
    """A fresh clone tests the versions the project was built with: .ci/run installs with constraints.txt."""
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    eisen = pyproject["dependencies"] + pyproject["optional-dependencies"]["dev"]
    namen = {re.split(r"[<>=\[; ]", e, maxsplit=1)[0].lower().replace("_", "-") for e in eisen}
    regels = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    vast = {r.split("==")[0].lower().replace("_", "-") for r in regels if "==" in r}
    assert namen <= vast, sorted(namen - vast)
    assert "-c constraints.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
