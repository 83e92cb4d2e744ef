"""The store's schema migrations, run by alembic when a store is opened (see
``newsprism.store.Store._migrate``). Revision ``000N`` brings the schema to version N;
each is the ordered migration function of that version in ``newsprism.store``, so SQLite
and PostgreSQL stores are migrated by the same steps."""
