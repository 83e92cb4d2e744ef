"""Schema 1: articles, analyses, stories, assignments, reprints, inputs, state; full-text search (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""

from newsprism.migrations import no_downgrade, upgrade_to

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to(1)


def downgrade() -> None:
    no_downgrade()
