"""auth: the sandbox e-imza token's PUK and its wrong-PUK counter (the 157 Call Centre unblocks a
token with it)

Revision ID: auth_0003
Revises: auth_0002
"""
from alembic import op
import sqlalchemy as sa


revision = "auth_0003"
down_revision = "auth_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auth_eimza_token", schema=None) as batch_op:
        batch_op.add_column(sa.Column("puk_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("puk_failures", sa.Integer(), server_default="0",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("auth_eimza_token", schema=None) as batch_op:
        batch_op.drop_column("puk_failures")
        batch_op.drop_column("puk_hash")
