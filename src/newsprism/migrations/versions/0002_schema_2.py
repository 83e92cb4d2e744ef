"""Schema 2: sentence vectors kept per article."""

from newsprism.migrations import no_downgrade, upgrade_to

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to(2)


def downgrade() -> None:
    no_downgrade()
