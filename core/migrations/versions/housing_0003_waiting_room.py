"""housing: the waiting room in front of a sale (rooms and queue entries)

Revision ID: housing_0003
Revises: housing_0002
"""
from alembic import op
import sqlalchemy as sa


revision = 'housing_0003'
down_revision = 'housing_0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('housing_waiting_room',
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(), nullable=True),
    sa.Column('last_place', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_housing_waiting_room'))
    )
    op.create_table('housing_queue_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('fin', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('place', sa.Integer(), nullable=True),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.Column('admitted_until', sa.DateTime(), nullable=True),
    sa.Column('token_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_housing_queue_entry')),
    sa.UniqueConstraint('sale_id', 'fin', name='uq_housing_queue_entry_sale_fin')
    )
    with op.batch_alter_table('housing_queue_entry', schema=None) as batch_op:
        batch_op.create_index('ix_housing_queue_entry_line', ['sale_id', 'status', 'place'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('housing_queue_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_housing_queue_entry_line')
    op.drop_table('housing_queue_entry')
    op.drop_table('housing_waiting_room')
