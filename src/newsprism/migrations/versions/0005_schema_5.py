"""Schema 5: PostgreSQL's search words in a table of their own."""

from newsprism.migrations import no_downgrade, upgrade_to

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to(5)


def downgrade() -> None:
    no_downgrade()
