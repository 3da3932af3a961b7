"""Official layers for the Locatietoets: known sources (``bronnen.yaml``), download client, checks.

``wbs lagen bronnen`` lists the sources, ``wbs lagen ophalen`` fetches them into GeoPackages in
EPSG:28992 with provenance and writes a catalog for ``--lagen``, ``wbs lagen controleer`` reports
per layer whether it is readable, its CRS, feature count, coverage and age.
"""
