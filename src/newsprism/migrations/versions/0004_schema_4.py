"""Schema 4: each kept brief's contradictions and article count, for the story list."""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsprism.store import MIGRATIONS

    MIGRATIONS[3](op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
