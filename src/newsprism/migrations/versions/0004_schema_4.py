"""Schema 4: each kept brief's contradictions and article count, for the story list."""

from newsprism.migrations import no_downgrade, upgrade_to

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    upgrade_to(4)


def downgrade() -> None:
    no_downgrade()
