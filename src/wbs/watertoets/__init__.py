"""Watertoets: what does a plan's change in paving and land use ask of the water system?

Norms are data (``data/normen/*.yaml``, validated by :mod:`wbs.watertoets.models`): per water board
the paving thresholds that decide the procedure (geen / kort / normaal) and the compensation rule, and
per province the seed rules (Drenthe: discharge norm, flooding norms per land use, paving in stream
valleys and infiltration areas). The engine (:mod:`wbs.watertoets.kern`) is pure; the service
(:mod:`wbs.watertoets.service`) reads the plan geometry and the layers through :mod:`wbs.locatie` and
stores results under ``WBS_DATA_DIR/watertoetsen/``.
"""
