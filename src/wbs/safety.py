"""Input and output safety shared by every capability: zip bombs and spreadsheet formulas.

Zip archives (a .docx, a zipped Shapefile) are checked before anything unpacks them: total uncompressed size
and the compression ratio of large members. CSV and spreadsheet cells cannot run as formulas (OWASP "CSV
injection"): a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula by
Excel and LibreOffice; user text such as ``=HYPERLINK(...)`` would then run on the reader's machine.
Such cells get a leading apostrophe, which spreadsheets show as plain text. Numbers stay numbers.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

from wbs.fouten import OngeldigeInvoer

MAX_UNPACKED = 1024 * 1024 * 1024  # bytes, all members together
MAX_RATIO = 100  # uncompressed / compressed, for members over 1 MB


def check_zip(
    data: bytes | IO[bytes], naam: str, max_unpacked: int = MAX_UNPACKED, max_ratio: int = MAX_RATIO
) -> zipfile.ZipFile:
    """An open :class:`zipfile.ZipFile` once its sizes are safe; a Dutch error for a zip bomb or a broken zip."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise OngeldigeInvoer(f"{naam} is geen geldig zip-bestand") from exc
    infos = z.infolist()
    totaal = sum(i.file_size for i in infos)
    if totaal > max_unpacked or any(
        i.file_size > 1024 * 1024 and i.file_size > max_ratio * max(i.compress_size, 1) for i in infos
    ):
        z.close()
        raise OngeldigeInvoer(
            f"{naam} pakt uit tot {totaal // (1024 * 1024)} MB of is verdacht sterk "
            "gecomprimeerd; dit bestand wordt niet gelezen"
        )
    return z


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(value: Any) -> Any:
    """Undo :func:`safe_cell` when re-importing an export (a leading apostrophe before a formula start)."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value
