"""Locatietoets: does an intended function fit this location, given water and soil?

Rules are data (``data/regels/*.yaml``), layers come from a HydroMT-style catalog
(``--lagen CONFIG.yaml``, default: the generated demo set), and the engine evaluates every
rule that applies to the function and reports a verdict with reason and citation.
"""
