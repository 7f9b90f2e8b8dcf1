"""housing: the waiting room as a ticket line (a frontier the pacer moves, places by citizen
hash, the frontier's moves); the old queue tables go (a line lives for one sale day)

Revision ID: housing_0004
Revises: housing_0003
"""
from alembic import op
import sqlalchemy as sa


revision = 'housing_0004'
down_revision = 'housing_0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('housing_queue_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_housing_queue_entry_line')
    op.drop_table('housing_queue_entry')
    op.drop_table('housing_waiting_room')
    op.create_table('housing_line',
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(), nullable=True),
    sa.Column('issued', sa.Integer(), nullable=False),
    sa.Column('frontier', sa.Integer(), nullable=False),
    sa.Column('rate', sa.Float(), nullable=False),
    sa.Column('moved_at', sa.DateTime(), nullable=True),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('generation', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_housing_line'))
    )
    op.create_table('housing_line_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('citizen', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('place', sa.Integer(), nullable=True),
    sa.Column('arrived_at', sa.DateTime(), nullable=False),
    sa.Column('turn_at', sa.DateTime(), nullable=True),
    sa.Column('admitted_until', sa.DateTime(), nullable=True),
    sa.Column('token_id', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_housing_line_entry')),
    sa.UniqueConstraint('sale_id', 'citizen', name='uq_housing_line_entry_sale_citizen')
    )
    with op.batch_alter_table('housing_line_entry', schema=None) as batch_op:
        batch_op.create_index('ix_housing_line_entry_place', ['sale_id', 'place'], unique=False)
    op.create_table('housing_line_turn',
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('frontier', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sale_id', 'frontier', name=op.f('pk_housing_line_turn'))
    )


def downgrade() -> None:
    op.drop_table('housing_line_turn')
    with op.batch_alter_table('housing_line_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_housing_line_entry_place')
    op.drop_table('housing_line_entry')
    op.drop_table('housing_line')
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
