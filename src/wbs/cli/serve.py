"""``wbs serve``: run the web application with uvicorn."""

import socket

import typer

from wbs.cli.common import fout


def _port_free(host: str, poort: int) -> bool:
    """True unless another process listens on the port. SO_REUSEADDR as uvicorn itself uses it, so the
    TIME_WAIT left by a killed server does not count as 'in use' (it kept WBS from restarting for ~25 s)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, poort))
        except OSError:
            return False
    return True


def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    poort: int = typer.Option(8000, "--poort", "--port", "-p", help="Poort."),
    herlaad: bool = typer.Option(False, "--herlaad", help="Herlaad bij codewijzigingen (ontwikkeling)."),
) -> None:
    import uvicorn

    from wbs.web.app import APP_FACTORY

    if not _port_free(host, poort):
        fout(f"poort {poort} op {host} is al in gebruik (draait WBS al?); kies een andere met --poort")
    typer.echo(f"WBS draait op http://{host}:{poort}/  (stop met Ctrl+C)")
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=poort, reload=herlaad)
