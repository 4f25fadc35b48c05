"""The web face: a FastAPI app with a JSON API over the same core and store as the CLI."""
