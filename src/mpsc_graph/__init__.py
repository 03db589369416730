"""mpsc-graph: a knowledge graph of the Modellprojekte Smart Cities knowledge transfer."""

__version__ = "0.1.0"
