"""Schema 3: briefs kept until their story changes."""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsprism.store import MIGRATIONS

    MIGRATIONS[2](op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
