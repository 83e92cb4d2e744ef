"""Schema 2: sentence vectors kept per article."""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsprism.store import MIGRATIONS

    MIGRATIONS[1](op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
