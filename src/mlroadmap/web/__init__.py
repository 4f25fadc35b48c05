"""The web face: a FastAPI app with a JSON API and server-rendered pages over the core.
Imports any package but the CLI; only the CLI imports it.
"""
