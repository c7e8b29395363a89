"""claimgraph: a knowledge graph of claims from news reporting."""

__version__ = "0.1.0"
