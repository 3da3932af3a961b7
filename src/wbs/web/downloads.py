"""Files the web hands out: the body with a ``Content-Disposition`` that names the file to save."""

from __future__ import annotations

from fastapi.responses import Response


def attachment(content: bytes | str, filename: str, media_type: str) -> Response:
    """``content`` as a download called ``filename``."""
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
