"""Renderers that turn a plan into documents other tools read: Markdown and iCalendar.
Imports planning and the curriculum; never assessment, progress or a face.
"""
