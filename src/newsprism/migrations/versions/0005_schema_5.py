"""Schema 5: PostgreSQL's search words in a table of their own."""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from newsprism.store import MIGRATIONS

    MIGRATIONS[4](op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
