"""billing: sandbox providers' ledgers and the citizens' bill payments

Revision ID: billing_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = 'billing_0001'
down_revision = "0001_foundation"
branch_labels = ('billing',)
depends_on = None


def upgrade() -> None:
    op.create_table('bill_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('city_code', sa.String(length=3), nullable=False),
    sa.Column('number', sa.String(length=7), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('debt_before', sa.Integer(), nullable=False),
    sa.Column('card_type', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('gateway_reference', sa.String(length=64), nullable=True),
    sa.Column('card_brand', sa.String(length=20), nullable=True),
    sa.Column('card_last4', sa.String(length=4), nullable=True),
    sa.Column('balance_after', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('charged_at', sa.DateTime(), nullable=True),
    sa.Column('posted_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bill_payment')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_bill_payment_idempotency_key')),
    sa.UniqueConstraint('reference', name=op.f('uq_bill_payment_reference'))
    )
    op.create_table('billing_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('service', sa.String(length=20), nullable=False),
    sa.Column('city_code', sa.String(length=3), nullable=False),
    sa.Column('number', sa.String(length=7), nullable=False),
    sa.Column('holder', sa.String(length=120), nullable=True),
    sa.Column('balance', sa.Integer(), nullable=False),
    sa.Column('sandbox_fault', sa.String(length=20), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_account')),
    sa.UniqueConstraint('city_code', 'number', 'service', name='uq_billing_account_line_service')
    )
    op.create_table('billing_posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('balance_after', sa.Integer(), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_billing_posting')),
    sa.UniqueConstraint('provider', 'reference', name='uq_billing_posting_provider_reference')
    )


def downgrade() -> None:
    op.drop_table('bill_payment')
    op.drop_table('billing_posting')
    op.drop_table('billing_account')
