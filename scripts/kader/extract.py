"""Draft src/wbs/kader/data/kader.yaml from the seed documents.

Usage: python scripts/kader/extract.py src/wbs/kader/data/kader.yaml

The PDF-extracted text has flattened tables; this script reconstructs keuzes, measures and
step rows by their headings and blank-line blocks and records every oddity in the data.
"""

import re
import sys
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wbs" / "bronnen"
BK = "wbs-borgingskalender.txt"
ST = "wbs-strategie-uitvoeringsagenda.txt"
L = (SEEDS / BK).read_text(encoding="utf-8").splitlines()
S = (SEEDS / ST).read_text(encoding="utf-8").splitlines()

TABLE_HEAD = re.compile(r"^\s*Concrete stappen Doorwerking")
KEUZE = re.compile(r"^\s*Structurerende keuze (\d+)\s*$")
MAATR = re.compile(r"^\s*Maatregel (\d+\.\d+\.\d+[a-z]?)\.?\s*(.*)$")
ZIE = re.compile(r"^\s*Maatregel zie structurerende keuze (\d+)")
PERIOD_TOKEN = re.compile(r"\b(Q[1-4]\s?20\d\d|20\d\d(?:/\d\d)?|20\d\d20\d\d)\b", re.I)
PERIOD_ONLY = re.compile(r"^\s*((Q[1-4]\s?20\d\d|20\d\d(/\d\d)?|20\d\d20\d\d|loopt|Loopt),?\s*)+$")


# ---- text repair ----------------------------------------------------------------------------
# The PDF-to-text conversion breaks words at line ends without a hyphen ("grondwateronttrek" /
# "king") and drops hyphens and dashes ("20222027", "Natura 2000gebieden"). A line-end break is
# joined when the joined word occurs inside a line of the seeds more often than the two parts do
# as a pair of words there; dropped hyphens are restored by the patterns below (each checked on
# every match in the seeds) and a few words no pattern can tell are listed by hand.
def _interior_words():
    from collections import Counter

    words, pairs = Counter(), Counter()
    for f in sorted(SEEDS.glob("*.txt")):
        for ln in f.read_text(encoding="utf-8").splitlines():
            ws = re.findall(r"[A-Za-zÀ-ÿ]+", ln)[1:-1]  # a line's first and last word may be fragments
            words.update(w.lower() for w in ws)
            pairs.update(f"{a.lower()} {b.lower()}" for a, b in zip(ws, ws[1:], strict=False))
    return words, pairs


WORDS, PAIRS = _interior_words()
HYPHEN_FIXES = [
    (
        re.compile(r"\b(20\d\d)(20\d\d)\b"),
        lambda m: f"{m.group(1)}-{m.group(2)}" if m.group(2) > m.group(1) else m.group(0),
    ),
    (re.compile(r"\b(\d+)([a-z]{4,})\b"), r"\1-\2"),  # Natura 2000gebieden
    (re.compile(r"\b(?!IJ)([A-Z]{2,})([a-z]{4,})\b"), r"\1-\2"),  # KRWimpuls, EUrichtlijn
    (re.compile(r"\b([A-Z][a-z]+)([A-Z][a-z]+)\b"), r"\1-\2"),  # RijnmondDrechtsteden
]
WORD_FIXES = {
    "nietriviergebonden": "niet-riviergebonden",
    "vergunningver leners": "vergunningverleners",
    "de derogatie beschikking": "de derogatiebeschikking",  # broken at a line end between two words of its own
}
# The kalender and the strategy lose the hyphen of a shared compound part ("sloot- en beekpeilen" prints as
# "sloot en beekpeilen"); the Drenthe vision keeps it. Listed by hand, as whole words: "water en bodem" is also
# plain Dutch, and "grond en" must not match inside "ondergrond en".
SUSPENSION_FIXES = [
    ("grond", "oppervlaktewater"),
    ("water", "bodemsysteem"),
    ("bodem", "watersysteem"),
    ("landbouw", "natuurbodems"),
    ("sloot", "beekpeilen"),
    ("dijk", "kustversterkingen"),
]
HYPHEN_FIXES += [(re.compile(rf"\b({a}) en ({b})\b"), r"\1- en \2") for a, b in SUSPENSION_FIXES]


def repair(text):
    for pat, rep in HYPHEN_FIXES:
        text = pat.sub(rep, text)
    for a, b in WORD_FIXES.items():
        text = text.replace(a, b)
    return text


def _joins_word(left, right):
    """Whether a line ending in ``left`` and the next starting with ``right`` break one word."""
    a = re.search(r"([A-Za-zÀ-ÿ]+)$", left)
    b = re.match(r"([a-zà-ÿ]+)", right)
    if not a or not b:
        return False
    left_part, right_part = a.group(1).lower(), b.group(1).lower()
    whole = left_part + right_part
    if WORDS[whole] > PAIRS[f"{left_part} {right_part}"]:
        return True
    # Neither side is a word the seeds print inside a line ("geba" / "seerde", "drinkwa" / "terleidingen"): one word
    # broken in two, even where the whole word is printed nowhere else.
    return len(left_part) > 1 and WORDS[left_part] == 0 and WORDS[right_part] == 0


def join(lines):
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        if out and out.endswith(("-",)) and not out.endswith(" -"):
            out = out[:-1] + ln
        elif out and _joins_word(out, ln):
            out += ln
        elif out:
            out += " " + ln
        else:
            out = ln
    return repair(re.sub(r"\s+", " ", out).strip())


PERIOD_TOKEN_ANY = re.compile(r"Q([1-4])\s?(20\d\d)|\b(20\d\d)-?(20\d\d)\b|\b(20\d\d)(?:/(\d\d))?\b")


def periods(text):
    """Distinct periods in printed order: Q3 2024 -> 2024-Q3; 2026 -> 2026; 2025-2028 and 2024/25 -> both years."""
    res = []
    for m in PERIOD_TOKEN_ANY.finditer(text):
        if m.group(1):
            res.append(f"{m.group(2)}-Q{m.group(1)}")
        elif m.group(3):
            res += [m.group(3), m.group(4)]
        else:
            res.append(m.group(5))
            if m.group(6):
                res.append("20" + m.group(6))
    return list(dict.fromkeys(res))


ACTOREN = [
    ("Provincies", r"\bprovinci"),
    ("Waterschappen", r"\bwaterschap"),
    ("Gemeenten", r"\bgemeente|omgevingsplan"),
    ("Rijkswaterstaat", r"\bRijkswaterstaat|\bRWS\b"),
    ("Drinkwaterbedrijven", r"drinkwaterbedrij|\bVewin\b"),
    ("IenW", r"\bIenW\b|Nationaal Waterprogramma|Deltaprogramma|Deltabeslissing|\bBkl\b|\bBal\b"),
    ("BZK", r"\bBZK\b|\bBbl\b|Nota Ruimte"),
    ("LVVN", r"\bLNV\b|\bLVVN\b|NPLG|PPLG"),
]


def actoren(text):
    a = [name for name, pat in ACTOREN if re.search(pat, text, re.I)]
    return a or ["Rijk"]


def plan(text):
    p = []
    if re.search(r"bestuurlijk|afspra|akkoord|programma|decentra|verordening|omgevingsplan", text, re.I):
        p.append("A")
    if re.search(r"instructie|\bBkl\b|\bBal\b|\bBbl\b|projectbesluit|wet\b|wetgeving|Drinkwaterwet|AMvB", text, re.I):
        p.append("B")
    return p


# ---- strategy chapter 4: titles and domains per measure ---------------------------------
DOMEIN_MAP = [
    (r"gebiedsproces", "WBS in gebiedsprocessen NPLG en NOVEX"),
    (r"kaders voor|bebouwing", "WBS raakt kaders voor bebouwing"),
    (r"drinkwater", "Drinkwater aanpak vanwege WBS"),
    (r"bodem", "Uitwerking van bodemtaken nodig voor WBS"),
    (r"water", "Uitvoering van waterbeheer geraakt door WBS"),
]


def strategy_rows():
    rows = {}
    i = 0
    n = len(S)
    while i < n:
        m = re.match(r"^M(\d+\.\d+\.\d+|99)\s*-?\s*(.*)$", S[i].strip())
        if m and 500 <= i + 1 <= 1510:
            start = i
            title_lines = [m.group(2)]
            j = i + 1
            while j < n and S[j].strip():
                title_lines.append(S[j])
                j += 1
            # category block
            while j < n and not S[j].strip():
                j += 1
            cat_lines = []
            while j < n and S[j].strip():
                cat_lines.append(S[j])
                j += 1
            title = join(title_lines).strip(" -")
            title = re.sub(r"\s*-\s*$", "", title)
            cat = join(cat_lines)
            dom = next((d for pat, d in DOMEIN_MAP if re.search(pat, cat, re.I)), None)
            key = m.group(1) if m.group(1) != "99" else title.split()[0]
            rows[key] = {"titel": title, "categorie": cat, "domein": dom, "regel": start + 1}
            i = j
            continue
        i += 1
    return rows


STRAT = strategy_rows()

# ---- keuze titles from strategy ch.4 lists --------------------------------------------
TITELS = {}
for idx, ln in enumerate(S[507:1450], start=508):
    m = re.match(r"^\s*(\d{1,2})\.\s+(.+)$", ln)
    if m and 1 <= int(m.group(1)) <= 33 and int(m.group(1)) not in TITELS:
        t = ln
        nxt = S[idx] if idx < len(S) else ""
        title = m.group(2).strip()
        if title.endswith(("en", "-")) or (nxt.strip() and not re.match(r"^\s*\d", nxt) and len(title) > 55):
            title = join([title, nxt])
        TITELS[int(m.group(1))] = (title.rstrip(), idx)

LIGATUUR = {
    "locates": "locaties",
    "woningbouwlocates": "woningbouwlocaties",
    "toekomstge": "toekomstige",
    "klimaatadapteve": "klimaatadaptieve",
    "veenoxidate": "veenoxidatie",
    "verziltng": "verzilting",
    "peilfluctuates": "peilfluctuaties",
    "functecombinates": "functiecombinaties",
    "Internatonale": "Internationale",
    "Acteprogramma": "Actieprogramma",
    "locatekeuze": "locatiekeuze",
    "Ontwikkelen toekomstbestendige PvR": "Ontwikkelen toekomstbestendige PvR",
    "ontrekkingen": "onttrekkingen",
    "grondwaterontrekkingen": "grondwateronttrekkingen",
}


# A short title that ends in one of these words breaks off: it goes on at the next printed line, or, where nothing
# follows in its cell, a maintainer note says so.
AFBREEKWOORDEN = ("en", "of", "voor", "de", "in", "van", "-")


def fix_lig(t):
    for a, b in LIGATUUR.items():
        t = re.sub(rf"\b{re.escape(a)}\b", b, t)
    return t


TITELS = {}
for idx, ln in enumerate(S[507:1450], start=508):
    m = re.match(r"^\s*(\d{1,2})\.\s+(.+)$", ln)
    if m and 1 <= int(m.group(1)) <= 33 and int(m.group(1)) not in TITELS:
        title = m.group(2).strip()
        # A title broken after a joining word goes on at the next printed line, which may follow a blank one
        # (keuze 22: "... rivierafvoer en" / blank / "dijkversterkingen", strategy lines 1142-1144).
        volgende = next((j for j in range(idx, min(idx + 2, len(S))) if S[j].strip()), None)
        end = idx
        if title.split()[-1] in AFBREEKWOORDEN and volgende is not None:
            title = join([title, S[volgende]])
            end = volgende + 1
        TITELS[int(m.group(1))] = (fix_lig(title.rstrip()), idx, end)

# ---- borgingskalender body ---------------------------------------------------------------
HEADINGS = {
    r"^\s*1\. Water en Bodem\s*$": ("thema", "Water en Bodem"),
    r"^\s*2\. Bebouwd gebied\s*$": ("thema", "Bebouwd gebied"),
    r"^\s*3\. Gebieden\s*$": ("thema", "Gebieden"),
    r"^\s*1\.1\.1\s+Voldoende water": ("sub", "Voldoende water"),
    r"^\s*1\.1\.2\s+Schoon en gezond water": ("sub", "Schoon en gezond water"),
    r"^\s*1\.1\.3\s+Ruimte voor water": ("sub", "Ruimte voor water"),
    r"^\s*1\.2 Bodem\s*$": ("sub", "Bodem"),
    r"^\s*3\.1 Laagveengebieden": ("gebied", "laagveen"),
    r"^\s*3\.2 Verzilte kustgebieden": ("gebied", "verzilte kust"),
    r"^\s*3\.3 Hoge zandgronden": ("gebied", "hoge zandgronden"),
}
GROEP_VAN_GEBIED = {
    "laagveen": "Laagveengebieden",
    "verzilte kust": "Verzilte kustgebieden",
    "hoge zandgronden": "Hoge zandgronden",
}


def is_boundary(ln):
    return bool(
        KEUZE.match(ln)
        or MAATR.match(ln)
        or ZIE.match(ln)
        or re.match(r"^\s*Maatregel:? zie", ln)
        or any(re.match(p, ln) for p in HEADINGS)
    )


def para(start):
    """Lines from start until a blank line; returns (text, last_line_no)."""
    i = start
    out = []
    while i < len(L) and L[i].strip() and not TABLE_HEAD.match(L[i]) and not (i > start and is_boundary(L[i])):
        out.append(L[i])
        i += 1
    return join(out), i  # i is 0-based index of the stopping line => last content line no = i


def parse():
    keuzes = []
    thema = sub = gebied = None
    i = 502
    cur_k = cur_m = None
    while i < len(L):
        ln = L[i]
        hit = next((v for p, v in HEADINGS.items() if re.match(p, ln)), None)
        if hit:
            kind, val = hit
            if kind == "thema":
                thema, sub, gebied = val, None, None
            elif kind == "sub":
                sub = val
            else:
                gebied = val
            i += 1
            continue
        mk = KEUZE.match(ln)
        if mk:
            nr = int(mk.group(1))
            tekst, end = para(i + 1)
            if nr <= 14:
                groep = "Water"
            elif nr <= 20:
                groep = "Bodem"
            elif thema == "Bebouwd gebied":
                groep = "Bebouwd gebied"
            else:
                groep = GROEP_VAN_GEBIED[gebied]
            cur_k = {
                "nr": nr,
                "titel": TITELS[nr][0],
                "tekst": tekst,
                "thema": thema,
                "subthema": sub if thema != "Gebieden" else None,
                "gebied": gebied if thema == "Gebieden" else None,
                "groep": groep,
                "maatregelen": [],
                "toelichting": None,
                "gekoppeld_aan": [],
                "opmerkingen": [],
                "bron": {"bestand": BK, "regels": [i + 1, end]},
            }
            keuzes.append(cur_k)
            cur_m = None
            i = end
            continue
        mm = MAATR.match(ln)
        mz = re.match(r"^\s*Maatregel:? zie structurerende keuze (\d+)", ln)
        if mm or mz:
            if mm:
                mid, rest = mm.group(1), mm.group(2).strip()
            else:
                mid, rest = f"SK{mz.group(1)}", ""
            tekst, end = para(i + 1)
            m = {
                "id": mid,
                "aliassen": [],
                "tekst": tekst or join([ln]),
                "keuze": cur_k["nr"],
                "gekoppeld_aan": [],
                "spoor": [],
                "stappen": [],
                "toelichting": None,
                "telt_mee": True,
                "opmerkingen": [],
                "bron": {"bestand": BK, "regels": [i + 1, max(end, i + 1)]},
                "_rest": rest,
            }
            if mz:
                m["tekst"] = cur_k["tekst"]
                m["bron"]["regels"][0] = cur_k["bron"]["regels"][0]
                m["titel"] = cur_k["titel"]
                m["telt_mee"] = False
                m["opmerkingen"].append(
                    f"De borgingskalender geeft bij keuze {cur_k['nr']} geen eigen maatregelnummer "
                    f"('Maatregel zie structurerende keuze {cur_k['nr']}'); de keuze zelf is de maatregel. "
                    "Telt niet mee in de 54 maatregelen."
                )
            cur_k["maatregelen"].append(m)
            cur_m = m
            i = max(end, i + 1)
            continue
        if TABLE_HEAD.match(ln):
            i = parse_table(i + 1, cur_m)
            continue
        if re.match(r"^\s*Maatregel: ontbreekt", ln) and cur_k is not None:
            cur_k["opmerkingen"].append(
                f"De borgingskalender zegt bij keuze {cur_k['nr']} 'Maatregel: ontbreekt' ({BK}:{i + 1}) en laat de "
                "tabel leeg: deze keuze heeft geen eigen maatregel."
            )
            cur_k["bron"]["regels"][1] = i + 1
            i += 1
            continue
        if re.match(r"^\s*Toelichting:?", ln) and cur_m is None and cur_k is not None:
            j = i + 1
            out = [re.sub(r"^\s*Toelichting:?\s*", "", ln)]
            while j < len(L) and not is_boundary(L[j]):
                out.append(L[j])
                j += 1
            cur_k["toelichting"] = join(out) or None
            cur_k["gekoppeld_aan"] = re.findall(r"maatregel (\d+\.\d+\.\d+[a-z]?)", cur_k["toelichting"] or "")
            cur_k["bron"]["regels"][1] = last_nonblank(i, j)
            i = j
            continue
        if re.match(r"^\s*Toelichting:?", ln) and cur_m is not None:
            j = i
            out = [re.sub(r"^\s*Toelichting:?\s*", "", ln)]
            j += 1
            while j < len(L) and not is_boundary(L[j]):
                out.append(L[j])
                j += 1
            t = join(out)
            cur_m["toelichting"] = t or None
            cur_m["bron"]["regels"][1] = max(cur_m["bron"]["regels"][1], last_nonblank(i, j))
            i = j
            continue
        i += 1
    return keuzes


def last_nonblank(a, b):
    for k in range(b - 1, a - 1, -1):
        if L[k].strip():
            return k + 1
    return a + 1


# ---- step tables ------------------------------------------------------------------------------
# A date at the end of a cell's last line is the agendering column, unless a preposition shows it is
# part of the sentence ("opgenomen in 2025"). Year ranges (2028-2033) at a line end are names.
TRAIL_DATE = re.compile(r"[\s,]+(Q[1-4]\s?20\d\d|20\d\d),?$")
PREPOSITION = re.compile(r"\b(?:in|tot|vanaf|per|uiterlijk|eind|begin|na|voor|van|sinds|medio|Deltabeslissing)$", re.I)
# Cells the kalender repeats word for word in the "Concrete stappen" column; on a flattened line
# what follows them is the next column (Doorwerking).
STAP_KOP = re.compile(
    r"^(Provincies verzoeken tot uitwerking in (?:NOVEX/|\.)?PPLG’s\.?"
    r"|Tussentijdse toetsadviezen (?:PPLG’s )?van het Rijk(?: op het behoud grasland)?)\s+(?=[A-Z])"
)
# The borging column's plan A instrument (bestuurlijke afspraken, wbs-borgingskalender.txt:481-484); a
# rijksinstrument after it on the same cell is plan B.
PLAN_A_KOP = re.compile(
    r"^(Bestuurlijke afspraken(?: \(BO Water\)| in Bestuursakkoord Water)?|Via bestuurlijk overleg"
    r"|Bestuurlijk overleg(?: LNV)?)(?=\s|$)"
)
BORGING_IN = re.compile(r"\s(?=(?:Bestuurlijke afspraken|Via bestuurlijk overleg)\b)")
PLAN_B_INSTRUMENT = re.compile(
    r"Rijksinstructie|instructie|\bBkl\b|\bBal\b|\bBbl\b|Toetsdoel|wetgeving|AMvB|"
    r"Projectbesluit|Beleidsregel",
    re.I,
)
# Rows whose columns no rule can tell apart, read by hand from the printed table: first line of the
# row -> its cells (tekst, doorwerking, borging). Each is noted on the step for maintainers.
HANDMATIG = {
    1078: (
        "Verkenningen Klimaatbestendige Zoetwatervoorziening Hoofdwatersysteem (KZH) inc. Onderzoek 2de aanvoer "
        "route ARK richting IJsselmeer",
        "Herijking Deltabeslissing 2026 Aanpassen Nationaal Waterprogramma Projectbesluit mits ARK route doorgaat",
        "Deltaprogramma Zoetwater 2028-2033",
    ),
    527: (
        "Herziening Deltabeslissing Zoetwater",
        "Aanpassen Deltaprogramma Aanpassen Nationaal Waterprogramma",
        "N.v.t. (programma is zelfbindend)",
    ),
}


def split_trailing(block):
    """A block's text lines and the dated lines at its end.

    Dates closing the last text line are the agendering column, and so are whole date lines after
    it ("... Rijksinstructieregel Bkl Q4 2024" / "Q4 2026"). A date line after a line without a
    date finishes that line's text instead ("Actieprogramma ... Drinkwaterbronnen" / "20232030").
    A block of dates only is all agendering.
    """
    lines, dated = list(block), []
    while lines and PERIOD_ONLY.match(lines[-1][1]):
        dated.insert(0, lines.pop())
    if not lines:
        return [], dated
    nr, rest = lines[-1][0], lines[-1][1].rstrip()
    tail = []
    while (md := TRAIL_DATE.search(rest)) and rest[: md.start()].strip() and not PREPOSITION.search(rest[: md.start()]):
        tail.insert(0, md.group(1))
        rest = rest[: md.start()].rstrip()
    if not tail:
        return list(block), []
    lines[-1] = (nr, rest)
    return lines, [(nr, " ".join(tail))] + dated


def continues(prev, block):
    """Whether a block continues the cell before it: a sentence going on in lower case, or the next bullet."""
    first = block[0][1].strip()
    if re.match(r"[a-zà-ÿ]", first):
        return True
    return first.startswith("•") and any("•" in t for _, t in prev)


def borging_delen(borging):
    """The borging cell as (plan, instrument) parts: plan A's bestuurlijke afspraken, then a rijksinstrument."""
    if not borging:
        return []
    ma = PLAN_A_KOP.match(borging)
    if not ma:
        return []
    rest = borging[ma.end() :].strip()
    delen = [("A", ma.group(1))]
    if rest and PLAN_B_INSTRUMENT.search(rest):
        delen.append(("B", rest))
    return delen


def mijlpalen(agenda, borging, plannen):
    """Every printed date with its line; a date is given a plan (and instrument) where the row pairs them."""
    out = [{"periode": p, "plan": None, "borging": None, "regel": nr} for nr, text in agenda for p in periods(text)]
    delen = borging_delen(borging)
    if delen and len(delen) == len(out):
        for mp, (pl, instrument) in zip(out, delen, strict=True):
            mp["plan"], mp["borging"] = pl, instrument
    elif len(out) == 1 and len(plannen) == 1:
        out[0]["plan"] = plannen[0]
    return out


def parse_table(i, m):
    """Blocks separated by blank lines; a block of dates (or a block ending in dates) closes a row."""
    rows, cur, cur_start = [], [], None

    def close(end_line, agenda):
        nonlocal cur, cur_start
        if cur or agenda:
            rows.append((cur, agenda, cur_start, end_line))
        cur, cur_start = [], None

    while i < len(L) and not is_boundary(L[i]) and not re.match(r"^\s*Toelichting", L[i]):
        if not L[i].strip():
            i += 1
            continue
        b_start = i
        block = []
        while i < len(L) and L[i].strip() and not is_boundary(L[i]) and not re.match(r"^\s*Toelichting", L[i]):
            block.append((i + 1, L[i]))
            i += 1
        # a repeated step cell ("Tussentijdse toetsadviezen van het Rijk ...") inside a block starts a new row
        kop = next((k for k in range(1, len(block)) if STAP_KOP.match(block[k][1].strip())), None)
        if kop is not None:
            if cur_start is None:
                cur_start = b_start + 1
            cur.append(block[:kop])
            close(block[kop - 1][0], [])
            b_start, block = block[kop][0] - 1, [(nr, t.strip()) for nr, t in block[kop:]]
        text, agenda = split_trailing(block)
        if not text:
            if cur_start is None and rows:
                # dates belonging to the previous row (e.g. a second line of its agendering)
                prev = rows[-1]
                rows[-1] = (prev[0], prev[1] + agenda, prev[2], i)
            else:
                close(i, agenda)
            continue
        if cur_start is None:
            cur_start = b_start + 1
        if cur and continues(cur[-1], text):
            cur[-1] = cur[-1] + [(0, "")] + text  # (0, "") marks the joined blank line
        else:
            cur.append(text)
        if agenda:
            close(i, agenda)
    if cur:
        close(i, [])
    if m is None:
        return i
    for blocks, agenda, start, end in rows:
        texts = [join(t for _, t in b) for b in blocks]
        texts = [t for t in texts if t]
        if not texts:
            continue
        ruw = join(t for _, t in agenda) if agenda else ""
        stap = {"id": f"{m['id']}-s{len(m['stappen']) + 1}", "bron": {"bestand": BK, "regels": [start or end, end]}}
        notes = []
        # a first block that holds two columns separated by 3+ spaces
        cols = re.split(r"\s{3,}", " ".join(x.rstrip() for _, x in blocks[0]).strip(), maxsplit=1)
        if len(cols) == 2 and len(texts) == 1:
            texts = [join([cols[0]]), join([cols[1]])]
        if any(nr == 0 for b in blocks for nr, _ in b):
            notes.append(
                "Een cel loopt in de platte tekst over een lege regel door (een zin in kleine letters of de "
                "volgende opsommingsbullet); de delen zijn als een cel gelezen."
            )
        if start in HANDMATIG:
            texts = list(HANDMATIG[start])
            notes.append(
                "Kolommen van deze rij met de hand bepaald (scripts/kader/extract.py, HANDMATIG): de platte "
                "tekst scheidt stap, doorwerking en borging niet."
            )
        else:
            ms = STAP_KOP.match(texts[0])
            if ms:
                texts = [texts[0][: ms.end()].strip(), texts[0][ms.end() :].strip()] + texts[1:]
            if len(texts) == 2 and not PLAN_A_KOP.match(texts[1]):
                parts = BORGING_IN.split(texts[1], maxsplit=1)
                if len(parts) == 2 and parts[0].strip():
                    texts = [texts[0], parts[0].strip(), parts[1].strip()]
            elif len(texts) == 2 and PLAN_A_KOP.match(texts[1]) and ms:
                texts = [texts[0], None, texts[1]]
        stap["tekst"] = texts[0]
        if len(texts) >= 2 and texts[1]:
            stap["doorwerking"] = texts[1]
        if len(texts) >= 3:
            stap["borging"] = " ".join(texts[2:])
        alltext = " ".join(t for t in texts if t)
        stap["plan"] = plan(stap.get("borging") or alltext)
        if ruw:
            mps = mijlpalen(agenda, stap.get("borging"), stap["plan"])
            stap["agendering"] = {
                "ruw": ruw,
                "perioden": list(dict.fromkeys(mp["periode"] for mp in mps)),
                "mijlpalen": mps,
            }
        else:
            stap["agendering"] = None
        stap["actoren"] = actoren(alltext)
        cut = [b[-1][0] for b in blocks if b[-1][1].rstrip().endswith(",")]
        if cut:
            notes.append(
                f"De cel eindigt in de borgingskalender met een komma (regel {cut[-1]}): de tekst is in de "
                "bron afgebroken en niet aangevuld."
            )
        if notes:
            stap["opmerkingen"] = notes
        m["stappen"].append(stap)
    if rows:
        m.setdefault("_flat", True)
    m["bron"]["regels"][1] = max(m["bron"]["regels"][1], max(r[3] for r in rows) if rows else 0)
    return i


def build():
    keuzes = parse()
    gezien = set()
    for k in keuzes:
        for m in k["maatregelen"]:
            rest = m.pop("_rest", "")
            flat = m.pop("_flat", False)
            if rest:
                m["opmerkingen"].append(f"Kop in de borgingskalender: 'Maatregel {m['id']}. {rest}'")
                for ref in re.findall(r"(\d+\.\d+\.\d+[a-z]?)", rest):
                    ref = ref.rstrip(".")
                    if ref != m["id"] and ref not in m["gekoppeld_aan"]:
                        m["gekoppeld_aan"].append(ref)
                msk = re.search(r"SK (\d+)", rest)
                if msk:
                    m["opmerkingen"].append(f"Verwijst naar structurerende keuze {msk.group(1)}.")
            if "LET OP: dit is maatregel" in m["tekst"]:
                m["opmerkingen"].append(
                    f"Maatregel van een ander thema, hier vermeld onder keuze {k['nr']}: "
                    "de borgingskalender zet haar bij deze keuze met 'LET OP'."
                )
            if re.search(r"nieuw op basis van Tweede Kamermotie", rest):
                m["telt_mee"] = False
                m["opmerkingen"].append(
                    "Nieuw op basis van een Tweede Kamermotie: komt bovenop de 54 maatregelen "
                    "van de samenvattende tabel en telt daarom niet mee."
                )
            elif re.search(r"\d[a-z]$", m["id"]):
                m["telt_mee"] = False
                m["opmerkingen"].append(
                    "Nummer met lettertoevoeging en niet genoemd in hoofdstuk 4 van de Landelijke "
                    "Strategie: later toegevoegd, telt niet mee in de 54 maatregelen (aanname, "
                    "naar analogie van 1.1.1b)."
                )
            if m["id"] in gezien:
                m["telt_mee"] = False
                m["opmerkingen"].append(
                    f"Maatregel {m['id']} staat ook onder een eerdere keuze; hier dubbel vermeld "
                    "en niet nogmaals geteld."
                )
            gezien.add(m["id"])
            if flat:
                m["opmerkingen"].append(
                    "De tabel (concrete stappen / doorwerking / borging / agendering) is door de "
                    "PDF-extractie plat geslagen; kolommen zijn per blok gereconstrueerd en waar dat "
                    "niet eenduidig kon staat de rij als geheel in de staptekst."
                )
            elif not m["stappen"]:
                m["opmerkingen"].append("De borgingskalender vult voor deze maatregel geen concrete stappen in.")
            sid = m["id"]
            key = "1.1.11" if sid == "1.2.11" else sid
            row = STRAT.get(key)
            if row:
                m["titel"] = fix_lig(row["titel"])
                if m["titel"].split()[-1] in AFBREEKWOORDEN:
                    m["opmerkingen"].append(
                        f"De korte titel breekt in de Landelijke Strategie af na '{m['titel'].split()[-1]}' "
                        f"({ST}:{row['regel']}); overgenomen zoals gedrukt."
                    )
                if row["domein"]:
                    m["domein"] = row["domein"]
            if sid == "1.2.11":
                m["aliassen"] = ["M1.1.11", "1.1.11"]
                m["opmerkingen"].append(
                    "Gedrukt als 1.2.11 in de borgingskalender; de Landelijke Strategie noemt "
                    f"deze maatregel M1.1.11 (wbs-strategie-uitvoeringsagenda.txt:{STRAT['1.1.11']['regel']}). "
                    "Geteld als waterrmaatregel 1.1.11."
                )
            m["telgroep"] = telgroep(key) if m["telt_mee"] and not sid.startswith("SK") else None
            if sid.startswith("SK"):
                row = STRAT.get(sid)
                if row and row["domein"]:
                    m["domein"] = row["domein"]
            if "titel" not in m:
                m["titel"] = None
            m["spoor"] = spoor(m)
            if m["spoor"]:
                m["opmerkingen"].append(
                    "Spoor afgeleid uit de genoemde instrumenten (I: Nota Ruimte, NOVEX/NPLG, omgevingsvisie, "
                    "-verordening, -plan; II: Deltaprogramma, Nationaal Waterprogramma, programma Bodem, KRW, "
                    "Drinkwaterwet); de kleurcodering van de borgingskalender ontbreekt in de tekstversie."
                )
    # 3.3.5 exists only in the strategy document
    r = STRAT["3.3.5"]
    k30 = next(k for k in keuzes if k["nr"] == 30)
    k30["maatregelen"].append(
        {
            "id": "3.3.5",
            "aliassen": ["M3.3.5"],
            "titel": r["titel"],
            "tekst": r["titel"],
            "keuze": 30,
            "gekoppeld_aan": [],
            "spoor": [],
            "domein": r["domein"],
            "stappen": [],
            "toelichting": None,
            "telt_mee": True,
            "telgroep": "Hoge zandgronden",
            "opmerkingen": [
                "Staat niet in de borgingskalender; alleen in de Landelijke Strategie (hoofdstuk 4.8, "
                "Hoge zandgronden). Ingedeeld bij keuze 30 (water langer vasthouden) omdat het om droogte "
                "en watertekorten op de hoge zandgronden gaat; die indeling is een aanname."
            ],
            "bron": {"bestand": ST, "regels": [r["regel"], r["regel"] + 3]},
        }
    )
    for k in keuzes:
        k["opmerkingen"] = k.get("opmerkingen", [])
        titel, a, b = TITELS[k["nr"]]
        k["opmerkingen"].append(f"Korte titel uit de Landelijke Strategie ({ST}:{a}-{b}).")
    return keuzes


SPOOR_I = r"Nota Ruimte|NOVEX|NPLG|PPLG|omgevingsvisie|omgevingsplan|omgevingsverordening|ruimtelijk|Bkl|ladder"
SPOOR_II = (
    r"Deltaprogramma|Deltabeslissing|Nationaal Waterprogramma|Programma Bodem|\bBOG\b|Drinkwaterwet|"
    r"waterprogramma|KRW|Stroomgebied|waterschapsverordening|\bBal\b|Drinkwater|Waterwet"
)


def spoor(m):
    text = " ".join(
        [m["tekst"]]
        + [" ".join(filter(None, [s["tekst"], s.get("doorwerking"), s.get("borging")])) for s in m["stappen"]]
    )
    res = []
    if re.search(SPOOR_I, text, re.I):
        res.append("I")
    if re.search(SPOOR_II, text, re.I):
        res.append("II")
    return res


def telgroep(mid):
    p = ".".join(mid.split(".")[:2])
    return {
        "1.1": "Water",
        "1.2": "Bodem",
        "2.0": "Bebouwd gebied",
        "3.1": "Laagveengebieden",
        "3.2": "Verzilte kustgebieden",
        "3.3": "Hoge zandgronden",
    }[p]


def bron(a, b, f=BK):
    return {"bestand": f, "regels": [a, b]}


UITGANGSPUNTEN = [
    (
        "Niet afwentelen; niet op toekomstige generaties, niet op andere gebieden of functies, en niet van privaat naar publiek",
        54,
        56,
    ),
    ("Meer rekening houden met extremen", 57, 57),
    ("In samenhang omgaan met wateroverlast, droogte en bodem", 58, 58),
    ("Meerlaagsveiligheid", 59, 59),
    ("Minder afdekken, minder vergraven, niet verontreinigen", 60, 60),
    ("Integrale aanpak in de leefomgeving", 61, 61),
    ("Comply or explain", 62, 62),
]


def main(out):
    keuzes = build()
    doc = {
        "opmerkingen": [
            "Telling: de samenvattende tabel van de borgingskalender (33 keuzes, 54 maatregelen) telt maatregelen "
            "naar hun nummer (1.1.x water, 1.2.x bodem, 2.0.x bebouwd gebied, 3.1.x laagveen, 3.2.x verzilte kust, "
            "3.3.x hoge zandgronden), niet naar de keuze waaronder ze staan. Elke maatregel draagt daarom een "
            "'telgroep'. Zo komen 1.2.11 (= M1.1.11, water), 2.0.3 (onder keuze 4), 3.1.3 (onder keuze 21) en 3.3.6 "
            "(onder keuze 2) in hun eigen groep terecht.",
            "Niet meegeteld (telt_mee: false): 1.1.1b en 1.1.14b (nieuw na Tweede Kamermoties), de tweede vermelding van "
            "2.0.1 (onder keuze 22), en de pseudo-maatregelen SKn waar de kalender 'Maatregel: zie structurerende keuze n' "
            "zegt. Maatregel 3.3.5 staat alleen in de Landelijke Strategie en is toegevoegd.",
            "Spoor (I integraal ruimtelijk / II water en bodem) wordt in de borgingskalender met een kleur aangeduid die in "
            "de tekstversie verloren is gegaan; het veld spoor is afgeleid uit de genoemde instrumenten volgens de "
            "omschrijving van de twee sporen (wbs-borgingskalender.txt:142-148) en per maatregel als opmerking vermeld.",
            "Tekstherstel: afbrekingen aan regeleinden zijn samengevoegd; in korte titels uit de Landelijke Strategie zijn "
            "weggevallen 'ti'-ligaturen hersteld (bijv. 'locates' -> 'locaties').",
            "Actoren en plan A/B per stap zijn afgeleid uit de genoemde instrumenten (bestuurlijke afspraken, verordening, "
            "programma -> plan A; instructieregels Bkl/Bal/Bbl, wetgeving, projectbesluit -> plan B).",
        ],
        "uitgangspunten": [
            {"nr": i, "tekst": t, "bron": bron(a, b, ST)} for i, (t, a, b) in enumerate(UITGANGSPUNTEN, 1)
        ],
        "schillen": [
            {
                "nr": 1,
                "naam": "Omgevingswet",
                "instrumenten": [
                    "omgevingsvisie",
                    "omgevingswaarden",
                    "programma's",
                    "instructieregels",
                    "algemene regels",
                    "projectbesluit",
                    "vergunning",
                    "toezicht en handhaving",
                    "monitoring",
                    "evaluaties",
                ],
                "bron": bron(126, 130),
            },
            {
                "nr": 2,
                "naam": "Overige juridische instrumenten (niet Omgevingswet)",
                "instrumenten": [
                    "beheersovereenkomsten (agrarisch natuurbeheer)",
                    "uitkopen",
                    "verwerven en beheren gronden",
                    "pachtovereenkomsten",
                    "intrekken vergunningen",
                    "onteigenen",
                    "intensiveren toezicht en handhaving",
                ],
                "bron": bron(131, 134),
            },
            {
                "nr": 3,
                "naam": "Niet-juridische instrumenten",
                "instrumenten": [
                    "subsidieverlening",
                    "voorlichting",
                    "gedragsstimulering",
                    "bestuursakkoord",
                    "communicatie",
                ],
                "bron": bron(135, 138),
            },
        ],
        "telling": [
            {"groep": "Water", "keuzes": 14, "maatregelen": 25, "bron": bron(69, 72)},
            {"groep": "Bodem", "keuzes": 6, "maatregelen": 10, "bron": bron(74, 74)},
            {"groep": "Bebouwd gebied", "keuzes": 4, "maatregelen": 4, "bron": bron(76, 76)},
            {"groep": "Laagveengebieden", "keuzes": 3, "maatregelen": 5, "bron": bron(78, 78)},
            {"groep": "Verzilte kustgebieden", "keuzes": 2, "maatregelen": 4, "bron": bron(80, 80)},
            {"groep": "Hoge zandgronden", "keuzes": 4, "maatregelen": 6, "bron": bron(82, 82)},
        ],
        "keuzes": keuzes,
    }
    Path(out).write_text(
        "# The WBS Kader: the 33 structurerende keuzes with their measures and concrete steps.\n"
        "# Drafted by scripts/kader/extract.py from the seed documents, then validated by wbs.kader.models.\n"
        + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=110),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1])
