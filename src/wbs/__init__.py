"""WBS: Water en Bodem Sturend made operational.

Capabilities: ``kader`` (the framework as data), ``locatie`` (location test),
``plan`` (policy-document test) and ``monitor`` (borging progress).
"""

__version__ = "0.1.0"
