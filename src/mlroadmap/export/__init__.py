"""Renderers that turn core values into documents: JSON today, more formats as they are needed."""
