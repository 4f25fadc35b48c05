"""`mlroadmap db upgrade` and `mlroadmap profiles`: the store itself."""

from __future__ import annotations

import typer

from mlroadmap.cli.common import emit_json, fail, open_store, printable, settings

app = typer.Typer(help="Manage the progress store.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Create the store or migrate it to the latest schema (also done on first use)."""
    from mlroadmap.progress.store.migrate import current_revision

    store = open_store()
    typer.echo(f"store at revision {current_revision(store.engine)}")


def profiles(
    create: str | None = typer.Option(None, "--create", help="Create a profile."),
    remove: str | None = typer.Option(None, "--remove", help="Remove a profile and its progress."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List learner profiles; create or remove one. Choose one with --profile NAME."""
    from mlroadmap.progress.store.progress import ProgressStore, StoreError

    store = open_store()
    if create is not None:
        try:
            ProgressStore(store.engine, create)
        except StoreError as exc:
            fail(f"--create: {exc}")
    if remove:
        if remove not in store.profiles():
            fail(f"no profile '{remove}'")
        if remove == settings.profile:
            fail(f"cannot remove the profile in use ('{remove}'); choose another with --profile")
        store.remove_profile(remove)
    names = store.profiles()
    if as_json:
        emit_json(names)
        return
    for name in names:
        typer.echo(f"{'*' if name == settings.profile else ' '} {printable(name)}")
