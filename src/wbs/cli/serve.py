"""``wbs serve``: run the web application with uvicorn."""

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren."),
    poort: int = typer.Option(8000, "--poort", "-p", help="Poort."),
    herlaad: bool = typer.Option(False, help="Herlaad bij codewijzigingen (ontwikkeling)."),
) -> None:
    import uvicorn

    typer.echo(f"WBS draait op http://{host}:{poort}/  (stop met Ctrl+C)")
    uvicorn.run("wbs.web.app:create_app", factory=True, host=host, port=poort, reload=herlaad)
