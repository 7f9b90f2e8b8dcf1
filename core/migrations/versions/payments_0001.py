"""payments: card payment attempts, receipts, the sandbox bank's ledger

Revision ID: payments_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = "payments_0001"
down_revision = "0001_foundation"
branch_labels = ("payments",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=160), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("service_slug", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("amount_qepik", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decline_code", sa.String(length=40), nullable=True),
        sa.Column("gateway_reference", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payment_idempotency_key")),
        sa.UniqueConstraint("subject", "attempt", name="subject_attempt"),
    )
    op.create_index(op.f("ix_payment_subject"), "payment", ["subject"], unique=False)
    op.create_table(
        "sandbox_bank_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("amount_qepik", sa.Integer(), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("decline_code", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_bank_charge")),
        sa.UniqueConstraint("order_id", name=op.f("uq_sandbox_bank_charge_order_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_sandbox_bank_charge_reference")),
    )
    op.create_table(
        "receipt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=24), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("service_slug", sa.String(length=80), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("payer_name", sa.String(length=200), nullable=False),
        sa.Column("payer_fin", sa.String(length=7), nullable=True),
        sa.Column("amount_qepik", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("brand", sa.String(length=20), nullable=False),
        sa.Column("last4", sa.String(length=4), nullable=False),
        sa.Column("gateway_reference", sa.String(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("paid_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"],
                                name=op.f("fk_receipt_payment_id_payment")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt")),
        sa.UniqueConstraint("number", name=op.f("uq_receipt_number")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_receipt_payment_id")),
    )


def downgrade() -> None:
    op.drop_table("receipt")
    op.drop_table("sandbox_bank_charge")
    op.drop_index(op.f("ix_payment_subject"), table_name="payment")
    op.drop_table("payment")
