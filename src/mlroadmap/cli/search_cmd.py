"""`mlroadmap search QUERY`: typo-tolerant ranked search over the topics."""

from __future__ import annotations

import typer

from mlroadmap.cli.common import console, emit_json, escape, fail, load_curriculum


def search(
    query: str = typer.Argument(..., help="Words to look for; typos and acronyms are fine."),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="How many results at most."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Find topics by title, tags, objectives, cited resources and text."""
    from mlroadmap.curriculum.search import SearchIndex

    if not query.strip():
        fail("the search query is empty: give at least one word")
    curriculum = load_curriculum()
    hits = SearchIndex(curriculum).search(query, limit=limit)
    rows = [
        {
            "id": hit.topic_id,
            "title": curriculum.topics[hit.topic_id].title,
            "score": hit.score,
            "matched": hit.matched,
        }
        for hit in hits
    ]
    if as_json:
        emit_json({"query": query, "results": rows})
        return
    if not rows:
        console().print(f"No topic matches {query!r}.")
        return
    from rich.table import Table

    table = Table(title=f"Results for {escape(query)!r}")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("matched in")
    table.add_column("score", justify="right")
    for row in rows:
        table.add_row(
            row["id"], escape(row["title"]), ", ".join(row["matched"]), f"{row['score']:.1f}"
        )
    console().print(table)
