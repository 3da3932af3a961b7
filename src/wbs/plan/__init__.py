"""Plantoets: assess a policy document against the 33 structurerende keuzes.

Pipeline: :mod:`inlezen` (PDF/DOCX/HTML/TXT/MD -> lines with page numbers) ->
:mod:`passages` (citable passages, hyphenation repaired) -> :mod:`koppeling` (BM25 + domain
patterns -> keuzes with scores) -> :mod:`sterkte` (bindend / afspraak / intentie) ->
:mod:`dekking` (coverage per keuze, region-aware) -> :mod:`rapport` (toetsadvies).
"""
