"""Read a policy document into numbered text lines (with PDF page numbers).

Supported: PDF (text layer, pypdf), DOCX (python-docx), HTML, TXT and Markdown. Every line
keeps its 1-based number in the extracted text; for ``.txt``/``.md`` that is the file's own
line number, so citations can be checked in the original file.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from wbs.fouten import OngeldigeInvoer
from wbs.plan.fouten import PlanFout

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGINAS = 2000
FORMATEN = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "txt",
    ".markdown": "txt",
}


@dataclass(frozen=True)
class Regel:
    nr: int  # 1-based line number in the extracted text
    tekst: str
    pagina: int | None = None


@dataclass
class Document:
    pad: str
    sha256: str
    formaat: str
    paginas: int | None
    regels: list[Regel] = field(default_factory=list)


def lees_bestand(pad: str | Path) -> Document:
    pad = Path(pad)
    if not pad.exists():
        raise PlanFout(f"Bestand {pad} bestaat niet.")
    if pad.is_dir():
        raise PlanFout(f"{pad} is een map, geen document.")
    if pad.stat().st_size > MAX_BYTES:
        raise PlanFout(f"{pad.name} is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het document.")
    return lees_bytes(pad.read_bytes(), pad.name, str(pad))


def lees_bytes(data: bytes, naam: str, pad: str | None = None) -> Document:
    """Parse document bytes; the format follows the file name's extension."""
    formaat = FORMATEN.get(Path(naam).suffix.lower())
    if formaat is None:
        raise PlanFout(
            f"Onbekend bestandsformaat {Path(naam).suffix or '(geen extensie)'}: "
            "gebruik PDF, DOCX, HTML, TXT of Markdown."
        )
    if len(data) > MAX_BYTES:
        raise PlanFout(f"{naam} is groter dan {MAX_BYTES // (1024 * 1024)} MB; splits het document.")
    if not data.strip():
        raise PlanFout(f"{naam} is leeg.")
    lezer = {"pdf": _pdf, "docx": _docx, "html": _html, "txt": _txt}[formaat]
    regels, paginas = lezer(data, naam)
    if not any(r.tekst.strip() for r in regels):
        raise PlanFout(f"{naam} bevat geen leesbare tekst.")
    return Document(
        pad=pad or naam, sha256=hashlib.sha256(data).hexdigest(), formaat=formaat, paginas=paginas, regels=regels
    )


def _nummer(teksten: list[tuple[str, int | None]]) -> list[Regel]:
    return [Regel(i, t, p) for i, (t, p) in enumerate(teksten, start=1)]


def _txt(data: bytes, naam: str) -> tuple[list[Regel], None]:
    # UTF-8 first, then Windows-1252; latin-1 decodes any byte, so bytes undefined in cp1252 (0x81, 0x8d ...)
    # still give text instead of an error.
    for codering in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            tekst = data.decode(codering)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in tekst:
        raise PlanFout(f"{naam} lijkt geen tekstbestand (binaire inhoud).")
    return _nummer([(r, None) for r in tekst.splitlines()]), None


def _pdf(data: bytes, naam: str) -> tuple[list[Regel], int]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types for unsupported crypto
                ok = 0
            if not ok:
                raise PlanFout(f"{naam} is versleuteld met een wachtwoord; lever een onbeveiligde versie aan.")
        paginas = len(reader.pages)
    except PlanFout:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PlanFout(f"{naam} is geen geldige PDF ({exc.__class__.__name__}).") from exc
    if paginas > MAX_PAGINAS:
        raise PlanFout(f"{naam} heeft {paginas} pagina's; het maximum is {MAX_PAGINAS}.")
    teksten: list[tuple[str, int | None]] = []
    for nr, pagina in enumerate(reader.pages, start=1):
        try:
            inhoud = _pagina_tekst(pagina)
        except Exception as exc:  # noqa: BLE001 - a broken page should name the page
            raise PlanFout(f"{naam}: pagina {nr} is onleesbaar ({exc.__class__.__name__}).") from exc
        teksten.extend((r, nr) for r in _alinea_regels(inhoud))
        teksten.append(("", nr))  # a page break ends a passage
    if not any(t.strip() for t, _ in teksten):
        raise PlanFout(f"{naam} heeft geen tekstlaag (gescand document?); maak eerst een doorzoekbare PDF (OCR).")
    return _nummer(teksten), paginas


def _pagina_tekst(pagina) -> str:
    """A page's text with its paragraphs: pypdf's layout mode prints the vertical gap between two paragraphs
    as a blank line, which its plain mode drops (a page of four paragraphs would become one passage)."""
    try:
        return pagina.extract_text(extraction_mode="layout") or ""
    except Exception:  # noqa: BLE001 - layout mode is stricter on odd fonts; the plain text is better than none
        return pagina.extract_text() or ""


def _alinea_regels(inhoud: str) -> list[str]:
    """Lines of a page in layout mode: the indentation and column padding go, one blank line marks a paragraph
    break (layout mode prints one per gap, several for a large one)."""
    regels: list[str] = []
    for r in inhoud.splitlines():
        r = " ".join(r.split())
        if r or (regels and regels[-1]):
            regels.append(r)
    while regels and not regels[-1]:
        regels.pop()
    return regels


# A .docx is a zip of XML parts: refuse zip bombs and XML entity tricks before anything unpacks them.
MAX_DOCX_UITGEPAKT = 200 * 1024 * 1024  # bytes, all parts together


def _controleer_docx(data: bytes, naam: str) -> None:
    import zipfile

    from wbs.safety import check_zip

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PlanFout(f"{naam} is geen geldig Word-bestand (.docx).")
    try:
        z = check_zip(data, naam, max_unpacked=MAX_DOCX_UITGEPAKT)
    except OngeldigeInvoer as exc:
        raise PlanFout(f"{exc.bericht} (Word-bestand .docx).") from exc
    with z:
        for info in z.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with z.open(info) as deel:
                    kop = deel.read(4096).upper()
                if b"<!DOCTYPE" in kop or b"<!ENTITY" in kop:
                    raise PlanFout(
                        f"{naam} bevat XML met een DOCTYPE- of ENTITY-declaratie; zo'n Word-bestand "
                        "wordt om veiligheidsredenen niet gelezen."
                    )


def _docx(data: bytes, naam: str) -> tuple[list[Regel], None]:
    from docx import Document as Docx

    _controleer_docx(data, naam)
    try:
        doc = Docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types for broken files
        raise PlanFout(f"{naam} is geen geldig Word-bestand (.docx).") from exc
    teksten: list[tuple[str, int | None]] = []
    body = doc.element.body
    # Walk paragraphs and tables in document order; a table row becomes one line.
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            tekst = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            teksten.extend([(tekst, None), ("", None)])
        elif tag == "tbl":
            for rij in child.iter():
                if rij.tag.endswith("}tr"):
                    cellen = []
                    for cel in rij.iterchildren():
                        if cel.tag.endswith("}tc"):
                            cellen.append(
                                " ".join(
                                    "".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                                    for p in cel.iter()
                                    if p.tag.endswith("}p")
                                ).strip()
                            )
                    teksten.extend([(" | ".join(c for c in cellen if c), None), ("", None)])
    return _nummer(teksten), None


class _HtmlTekst(HTMLParser):
    BLOK = {
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "dd",
        "dt",
    }
    OVERSLAAN = {"script", "style", "head", "nav", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.regels: list[str] = [""]
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.OVERSLAAN:
            self._skip += 1
        elif tag in self.BLOK:
            self._breek(tag)
        elif tag in {"td", "th"} and self.regels[-1].strip():
            self.regels[-1] += " | "

    def handle_endtag(self, tag):
        if tag in self.OVERSLAAN:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOK:
            self._breek(tag)

    def _breek(self, tag):
        # Every block boundary ends the current line with a blank line after it (a passage break).
        if self.regels[-1].strip():
            self.regels.extend(["", ""])

    def handle_data(self, data):
        if not self._skip:
            self.regels[-1] += re.sub(r"\s+", " ", data)


def _html(data: bytes, naam: str) -> tuple[list[Regel], None]:
    regels, _ = _txt(data, naam)
    parser = _HtmlTekst()
    parser.feed("\n".join(r.tekst for r in regels))
    parser.close()
    schoon: list[str] = []
    for r in parser.regels:
        r = " ".join(r.split())
        if r or (schoon and schoon[-1]):
            schoon.append(r)
    return _nummer([(r, None) for r in schoon]), None
