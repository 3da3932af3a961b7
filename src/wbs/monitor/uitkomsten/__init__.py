"""Outcomes of the Borgingsmonitor (issue 19): indicators with measurements, the agreements register,
every dated milestone of a step, and the plan A / plan B switch.

Modules: ``tables`` (ORM tables, migration ``0004_uitkomsten``), ``schemas`` (result types),
``metingen`` (measurements: read, write with history, import/export), ``register`` (agreements:
read, write with history, import from files and Plantoets results), ``views`` (the per-keuze page,
the per-organisation overview, plan switches, the annual-monitor section). The domain rules they
use live in ``wbs.monitor.indicatoren``, ``wbs.monitor.afspraken`` and ``wbs.monitor.plan_switch``.
"""
