"""device registration: applications, security-code challenges, the sandbox MCQS register

Revision ID: device_registration_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = "device_registration_0001"
down_revision = "0001_foundation"
branch_labels = ("device_registration",)
depends_on = ("payments_0001",)


def upgrade() -> None:
    op.create_table(
        "sandbox_registry_device",
        sa.Column("imei", sa.String(length=15), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("application_ref", sa.String(length=60), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("registers_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("imei", name=op.f("pk_sandbox_registry_device")),
        sa.UniqueConstraint("application_ref",
                            name=op.f("uq_sandbox_registry_device_application_ref")),
        sa.UniqueConstraint("reference", name=op.f("uq_sandbox_registry_device_reference")),
    )
    op.create_table(
        "security_challenge",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_challenge")),
    )
    op.create_index(op.f("ix_security_challenge_expires_at"), "security_challenge",
                    ["expires_at"], unique=False)
    op.create_table(
        "device_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("receipt_id", sa.Integer(), nullable=False),
        sa.Column("id_card_number", sa.String(length=11), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("imei", sa.String(length=15), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=True),
        sa.Column("price_band", sa.String(length=20), nullable=False),
        sa.Column("fee_qepik", sa.Integer(), nullable=False),
        sa.Column("mobile", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("registry_reference", sa.String(length=40), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("next_check_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"],
                                name=op.f("fk_device_application_payment_id_payment")),
        sa.ForeignKeyConstraint(["receipt_id"], ["receipt.id"],
                                name=op.f("fk_device_application_receipt_id_receipt")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_application")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_device_application_payment_id")),
        sa.UniqueConstraint("receipt_id", name=op.f("uq_device_application_receipt_id")),
    )
    op.create_index(op.f("ix_device_application_fin"), "device_application", ["fin"],
                    unique=False)
    op.create_index(op.f("ix_device_application_imei"), "device_application", ["imei"],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_device_application_imei"), table_name="device_application")
    op.drop_index(op.f("ix_device_application_fin"), table_name="device_application")
    op.drop_table("device_application")
    op.drop_index(op.f("ix_security_challenge_expires_at"), table_name="security_challenge")
    op.drop_table("security_challenge")
    op.drop_table("sandbox_registry_device")
