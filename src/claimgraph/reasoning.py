"""OWL consistency with owlready2 and HermiT.

owlready2 does not read Turtle, so graphs go over as N-Triples written by rdflib; nothing is
ever written back. HermiT only knows the OWL 2 datatype map, which lacks xsd:date, so it runs
with unsupported datatypes ignored: dates are compared by the SPARQL queries, not by the reasoner.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass

from rdflib import Graph

from .errors import ClaimgraphError


@dataclass(frozen=True)
class Consistency:
    consistent: bool
    unsatisfiable_classes: tuple[str, ...]


def check_consistency(graph: Graph) -> Consistency:
    """Run HermiT over `graph` (ontology and data together)."""
    import owlready2

    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ClaimgraphError("Java is needed for the HermiT reasoner but `java` is not on PATH")
    fd, path = tempfile.mkstemp(suffix=".nt")
    os.close(fd)
    try:
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(f"file://{path}").load()
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return Consistency(False, ())
        unsatisfiable = tuple(sorted(cls.iri for cls in world.inconsistent_classes()))
        return Consistency(True, unsatisfiable)
    finally:
        os.unlink(path)
