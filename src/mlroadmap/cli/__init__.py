"""The command-line face: Typer commands that call the core and print with Rich."""
