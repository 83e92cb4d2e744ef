"""Alembic's environment for newsprism: the store hands over its own open connection
(``config.attributes["connection"]``), inside the transaction that holds the schema."""

from alembic import context

from newsprism.store import metadata

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
