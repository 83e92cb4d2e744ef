"""The store's schema migrations, run by alembic when a store is opened (see
``newsprism.store.Store._migrate``). Revision ``000N`` brings the schema to version N;
each is the ordered migration function of that version in ``newsprism.store``, so SQLite
and PostgreSQL stores are migrated by the same steps."""


def upgrade_to(version: int) -> None:
    """What revision ``000N`` runs: schema version N's step, on alembic's connection."""
    from alembic import op

    from newsprism.store import MIGRATIONS

    MIGRATIONS[version - 1](op.get_bind())


def no_downgrade() -> None:
    raise NotImplementedError("a newsprism store is not migrated down; keep a copy of the file or database")
