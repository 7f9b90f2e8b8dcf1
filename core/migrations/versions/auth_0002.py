"""auth: the e-gov identity app's sandbox (app accounts with their PIN lock, sign-in requests)

Revision ID: auth_0002
Revises: auth_0001
"""
from alembic import op
import sqlalchemy as sa


revision = "auth_0002"
down_revision = "auth_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_egov_identity_user",
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("pin_failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("fin", name=op.f("pk_auth_egov_identity_user")),
    )
    op.create_table(
        "auth_egov_identity_request",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("consumed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["fin"], ["auth_egov_identity_user.fin"],
                                name=op.f("fk_auth_egov_identity_request_fin_auth_egov_identity_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_egov_identity_request")),
        sa.UniqueConstraint("code", name=op.f("uq_auth_egov_identity_request_code")),
    )
    with op.batch_alter_table("auth_egov_identity_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_egov_identity_request_fin"), ["fin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_egov_identity_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_egov_identity_request_fin"))
    op.drop_table("auth_egov_identity_request")
    op.drop_table("auth_egov_identity_user")
