"""Where a learner's progress lasts: SQLAlchemy tables, queries, backups and Alembic migrations.

SQLite by default (a file in the user data folder), any SQLAlchemy URL through `MLROADMAP_DB`,
PostgreSQL included. Imports only the planning types it stores; tracking builds on it.
"""
