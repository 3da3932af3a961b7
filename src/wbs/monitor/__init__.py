"""Borgingsmonitor: progress of the borging of all WBS measures and steps.

Design choice: progress is recorded per *step x organisation* (table ``voortgang``).
A Kader actor that names a group of bodies with their own decision-making
("Provincies") gives one record per member (12 provinces), so an invoerder of Drenthe can
report Drenthe's progress on a step but cannot touch Overijssel's. Groups that report
jointly via their umbrella (waterschappen/UvW, gemeenten/VNG, drinkwaterbedrijven/Vewin)
share one record. The mapping is data: ``data/organisaties.yaml``.

Modules: ``db`` (engine, sessions, migrations), ``models`` (ORM), ``seed`` (from the Kader),
``service`` (all reads/writes; API overview in its docstring), ``schemas`` (result types),
``kpi``, ``rapport``, ``io`` (import/export), ``demo``.
"""
