"""Where the files that travel with the package live.

The ontology sits at the repository's top level (``ontology/``) and is copied into the
wheel as ``kg/ontology``; an editable install reads it from the repository instead.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    installed = _PACKAGE / "ontology"
    return installed if installed.is_dir() else _PACKAGE.parent / "ontology"


def ontology_file() -> Path:
    return ontology_dir() / "kg.ttl"


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology (kg.ttl first), without the SHACL shapes."""
    others = sorted(p for p in ontology_dir().glob("*.ttl") if p.name not in ("kg.ttl", "shapes.ttl"))
    return [ontology_file(), *others]


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def data_dir() -> Path:
    return _PACKAGE / "data"


def queries_dir() -> Path:
    return _PACKAGE / "queries"
