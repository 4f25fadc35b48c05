"""mlroadmap: a curated machine-learning curriculum as data, and the tools to walk it."""

__version__ = "0.1.0"
