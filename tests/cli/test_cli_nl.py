"""The CLI frame (help, usage, errors from click/typer) speaks Dutch, like the rest of WBS."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from wbs.cli.main import app
from wbs.cli.nl import translate_sentence

runner = CliRunner()


def test_help_is_dutch():
    res = runner.invoke(app, ["kader", "keuze", "--help"])
    assert res.exit_code == 0
    assert "Gebruik:" in res.output and "Opties" in res.output and "Argumenten" in res.output
    assert "Toon deze hulp en stop." in res.output and "[verplicht]" in res.output
    assert "Show this message" not in res.output and "Usage:" not in res.output
    assert "Gebruik: wbs [OPTIES] OPDRACHT [ARGUMENTEN]..." in runner.invoke(app, ["--help"]).output


@pytest.mark.parametrize(
    ("args", "verwacht"),
    [
        (["plan", "toets"], "Ontbrekend argument 'document'."),
        (["kader", "keuze", "abc"], "verwacht een geheel getal"),
        (["kaderr"], "Onbekende opdracht 'kaderr'. Bedoelt u 'kader'?"),
        (["kader", "--bla"], "Onbekende optie: --bla"),
        (["kader", "export", "--format", "xml"], "'xml' is niet een van"),
    ],
)
def test_usage_errors_are_dutch_and_exit_2(args, verwacht):
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert verwacht in " ".join(res.output.replace("│", " ").split())


def test_unknown_messages_pass_through_unchanged():
    assert translate_sentence("Iets heel anders.") == "Iets heel anders."


def test_serve_refuses_a_port_in_use_with_a_dutch_message():
    import socket

    with socket.socket() as bezet:
        bezet.bind(("127.0.0.1", 0))
        bezet.listen()
        poort = bezet.getsockname()[1]
        res = runner.invoke(app, ["serve", "--port", str(poort)])
    assert res.exit_code == 2 and f"poort {poort}" in res.output and "al in gebruik" in res.output
