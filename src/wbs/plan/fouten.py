"""Domain errors of the Plantoets, with Dutch messages for CLI and API."""


class PlanFout(ValueError):
    """A document cannot be assessed (unreadable, empty, too large, unsupported)."""
