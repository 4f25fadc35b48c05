"""Where a learner's progress lasts: SQLAlchemy tables, queries and Alembic migrations.

SQLite by default (a file in the user data folder), any SQLAlchemy URL through `MLROADMAP_DB`,
PostgreSQL included. The core never imports this package; the faces do.
"""
