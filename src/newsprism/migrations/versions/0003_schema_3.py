"""Schema 3: briefs kept until their story changes."""

from newsprism.migrations import no_downgrade, upgrade_to

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to(3)


def downgrade() -> None:
    no_downgrade()
