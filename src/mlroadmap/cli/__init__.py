"""The command-line face: Typer commands that call the core and the store, printed with Rich.
Imports any package, the web app included (`serve` builds it); nothing imports it.
"""
