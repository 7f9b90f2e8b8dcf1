"""notifications: delivery statuses as GOV.UK Notify names them, and the provider's reference

Revision ID: notifications_0002
Revises: notifications_0001
"""
from alembic import op
import sqlalchemy as sa


revision = "notifications_0002"
down_revision = "notifications_0001"
branch_labels = None
depends_on = None

FORWARD = {"queued": "sending", "sent": "delivered", "failed": "permanent-failure"}


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("delivery_status", sa.String(length=20), nullable=False,
                                   server_default="created"))
        batch.add_column(sa.Column("provider_reference", sa.String(length=100), nullable=True))
    outbox = sa.table("outbox_message", sa.column("status", sa.String),
                      sa.column("delivery_status", sa.String), sa.column("attempts", sa.Integer))
    for old, new in FORWARD.items():
        op.execute(outbox.update().where(outbox.c.status == old)
                   .values(delivery_status=new))
    op.execute(outbox.update().where((outbox.c.status == "queued") & (outbox.c.attempts == 0))
               .values(delivery_status="created"))
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("status")
        batch.alter_column("delivery_status", server_default=None)
    op.create_index("ix_outbox_message_due", "outbox_message",
                    ["delivery_status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_outbox_message_due", table_name="outbox_message")
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("status", sa.String(length=10), nullable=False,
                                   server_default="queued"))
    outbox = sa.table("outbox_message", sa.column("status", sa.String),
                      sa.column("delivery_status", sa.String))
    for new, old in (("delivered", "sent"), ("temporary-failure", "failed"),
                     ("permanent-failure", "failed")):
        op.execute(outbox.update().where(outbox.c.delivery_status == new).values(status=old))
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("provider_reference")
        batch.drop_column("delivery_status")
    op.create_index("ix_outbox_message_due", "outbox_message", ["status", "next_attempt_at"],
                    unique=False)
