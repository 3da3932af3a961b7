"""Alembic revision files of the monitor schema (a package so it ships in wheels)."""
