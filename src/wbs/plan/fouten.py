"""Domain errors of the Plantoets, with Dutch messages for CLI and API."""

from wbs.fouten import OngeldigeInvoer


class PlanFout(OngeldigeInvoer, ValueError):
    """A document cannot be assessed (unreadable, empty, too large, unsupported)."""
