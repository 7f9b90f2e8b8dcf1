"""feedback: answers (Bəli / Xeyr) and problem reports per service and page

Revision ID: feedback_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = 'feedback_0001'
down_revision = "0001_foundation"
branch_labels = ('feedback',)
depends_on = None


def upgrade() -> None:
    op.create_table('feedback_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket', sa.String(length=32), nullable=False),
    sa.Column('service_slug', sa.String(length=80), nullable=False),
    sa.Column('page', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('helpful', sa.Boolean(), nullable=True),
    sa.Column('doing', sa.Text(), nullable=True),
    sa.Column('went_wrong', sa.Text(), nullable=True),
    sa.Column('reply_to', sa.String(length=254), nullable=True),
    sa.Column('masked', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_entry')),
    sa.UniqueConstraint('ticket', name=op.f('uq_feedback_entry_ticket'))
    )
    op.create_index('ix_feedback_entry_service_day', 'feedback_entry', ['service_slug', 'day'], unique=False)


def downgrade() -> None:
    op.drop_table('feedback_entry')
