"""Schema 1: articles, analyses, stories, assignments, reprints, inputs, state; full-text search (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsprism.store import MIGRATIONS

    MIGRATIONS[0](op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
