"""Dutch wording for the CLI frame that click and typer print (help, usage, errors).

click and typer route their messages through ``gettext``; instead of shipping a compiled
catalogue and depending on the user's locale, ``gettext.gettext``/``ngettext`` consult this table
first, so modules that typer imports later (``typer.rich_utils`` for help and errors) pick up the
Dutch wording without being imported eagerly; modules already loaded get their ``_`` rebound.
typer's own copy of click (``typer._click``) has fixed English strings: its help option, usage
prefix and error messages are rewritten by the phrase list below. Unknown messages fall through
to the normal gettext lookup, so a library upgrade can only fall back to English, never break the CLI.
"""

from __future__ import annotations

import functools
import gettext
import re
import sys

_GETTEXT, _NGETTEXT = gettext.gettext, gettext.ngettext

VERTALINGEN = {
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Arguments": "Argumenten",
    "Commands": "Opdrachten",
    "Error": "Fout",
    "Error: {message}": "Fout: {message}",
    "Aborted.": "Afgebroken.",
    "Aborted!": "Afgebroken!",
    "[default: {}]": "[standaard: {}]",
    "default: {default}": "standaard: {default}",
    "[required]": "[verplicht]",
    "required": "verplicht",
    "[env var: {}]": "[omgevingsvariabele: {}]",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Zie [blue]'{command_path} {help_option}'[/] voor hulp.",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing command.": "Geef een opdracht.",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "No such option: {name}": "Onbekende optie: {name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Got unexpected extra argument ({args})": "Onverwacht extra argument ({args})",
    "Got unexpected extra arguments ({args})": "Onverwachte extra argumenten ({args})",
    "Option {name!r} requires an argument.": "Optie {name!r} heeft een waarde nodig.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not {choice}.": "{value!r} is niet {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} is niet een van {choices}.",
    "Did you mean {possibility}?": "Bedoelt u {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Bedoelt u een van: {possibilities}?)",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
}

# typer >= 0.26 carries its own copy of click in typer._click; both are covered
_CLICK = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")
_MODULES = (
    *(f"click.{m}" for m in _CLICK),
    *(f"typer._click.{m}" for m in _CLICK),
    "typer.core",
    "typer.main",
    "typer.rich_utils",
    "typer._param_types",
)

# typer.rich_utils computes these once at import: set them when it was loaded before installeer()
_RICH_CONSTANTEN = {
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "DEFAULT_STRING": "[default: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ENVVAR_STRING": "[env var: {}]",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


# (pattern, replacement) for the f-string messages of typer._click and typer's value checks
ZINNEN = [
    (r"^Missing argument", "Ontbrekend argument"),
    (r"^Missing option", "Ontbrekende optie"),
    (r"^Missing parameter", "Ontbrekende parameter"),
    (r"^Invalid value for (.+?): ", r"Ongeldige waarde voor \1: "),
    (r"^Invalid value: ", "Ongeldige waarde: "),
    (r"Value error, ", ""),
    (r"'([^']*)' is not one of (.+)\.", r"'\1' is niet een van \2."),
    (r"Input should be a valid integer.*", "verwacht een geheel getal."),
    (r"Input should be a valid number.*", "verwacht een getal."),
    (r"^No such option: ", "Onbekende optie: "),
    (r"^No such command '([^']*)'\.", r"Onbekende opdracht '\1'."),
    (r"Did you mean (.+)\?", r"Bedoelt u \1?"),
    (r"\(Possible options: (.+)\)", r"(mogelijke opties: \1)"),
    (r"^Got unexpected extra arguments? \((.+)\)", r"Onverwacht extra argument (\1)"),
    (r"^Option '([^']*)' requires an argument\.", r"Optie '\1' heeft een waarde nodig."),
    (r"^Option '([^']*)' does not take a value\.", r"Optie '\1' neemt geen waarde."),
    (r"(File|Directory|Path) '([^']*)' does not exist\.", r"\1 '\2' bestaat niet."),
]
_ZINNEN = [(re.compile(a), b) for a, b in ZINNEN]


def translate_sentence(bericht: str) -> str:
    for patroon, vervanging in _ZINNEN:
        bericht = patroon.sub(vervanging, bericht)
    return bericht


def _gettext(bericht: str) -> str:
    return VERTALINGEN.get(bericht) or _GETTEXT(bericht)


def _ngettext(enkelvoud: str, meervoud: str, n: int) -> str:
    return VERTALINGEN.get(enkelvoud if n == 1 else meervoud) or _NGETTEXT(enkelvoud, meervoud, n)


def install() -> None:
    """Give click's and typer's messages the Dutch table (idempotent; imports nothing extra)."""
    gettext.gettext, gettext.ngettext = _gettext, _ngettext  # for modules imported from now on
    for naam in _MODULES:  # modules that already bound their own ``_``
        module = sys.modules.get(naam)
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
    _vendored_click()
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is not None:
        for constante, engels in _RICH_CONSTANTEN.items():
            if hasattr(rich_utils, constante):
                setattr(rich_utils, constante, _gettext(engels))


def _vendored_click() -> None:
    try:
        from typer._click import core, exceptions, formatting
    except ImportError:  # older typer uses click itself, covered by the gettext table
        return
    if getattr(core.Command.get_help_option, "_wbs_nl", False):
        return

    oud_help = core.Command.get_help_option

    @functools.wraps(oud_help)
    def get_help_option(self, ctx):
        optie = oud_help(self, ctx)
        if optie is not None:
            optie.help = VERTALINGEN["Show this message and exit."]
        return optie

    get_help_option._wbs_nl = True
    core.Command.get_help_option = get_help_option

    oud_usage = formatting.HelpFormatter.write_usage

    @functools.wraps(oud_usage)
    def write_usage(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", "[OPTIES]").replace("COMMAND [ARGS]...", "OPDRACHT [ARGUMENTEN]...")
        return oud_usage(self, prog, args, "Gebruik: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage

    for klasse in vars(exceptions).values():
        if isinstance(klasse, type) and "format_message" in vars(klasse):
            oud = klasse.format_message
            klasse.format_message = functools.wraps(oud)(lambda self, _oud=oud: translate_sentence(_oud(self)))
