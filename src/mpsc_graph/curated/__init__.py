"""Stage 1: the curated files under data/ read into typed records with file and line."""

from mpsc_graph.curated.load import load
from mpsc_graph.curated.records import Dataset

__all__ = ["Dataset", "load"]
