"""housing: the allocation log's queue (changes committed, not yet sequenced into the log)

Revision ID: housing_0006
Revises: housing_0005
"""
from alembic import op
import sqlalchemy as sa


revision = 'housing_0006'
down_revision = 'housing_0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('housing_event_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('flat_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('fin', sa.String(length=7), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('flat_number', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_housing_event_queue'))
    )
    with op.batch_alter_table('housing_event_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_housing_event_queue_sale_id'), ['sale_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('housing_event_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_housing_event_queue_sale_id'))
    op.drop_table('housing_event_queue')
