"""device registration: one IMEI reserved for one application before any bank is asked

Revision ID: device_registration_0002
Revises: device_registration_0001
"""
from alembic import op
import sqlalchemy as sa


revision = "device_registration_0002"
down_revision = "device_registration_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "device_imei_reservation",
        sa.Column("imei", sa.String(length=15), nullable=False),
        sa.Column("draft_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("imei", name=op.f("pk_device_imei_reservation")),
    )


def downgrade() -> None:
    op.drop_table("device_imei_reservation")
