"""housing: the allocation log as a transparency log (state, tiles, checkpoints, cosignatures)

Revision ID: housing_0005
Revises: housing_0004
"""
from alembic import op
import sqlalchemy as sa


revision = 'housing_0005'
down_revision = 'housing_0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('housing_log_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sale_id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_housing_log_checkpoint')),
    sa.UniqueConstraint('sale_id', 'generation', 'size', name='uq_housing_log_checkpoint_size')
    )
    with op.batch_alter_table('housing_log_checkpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_housing_log_checkpoint_sale_id'), ['sale_id'], unique=False)

    op.create_table('housing_log_state',
    sa.Column('sale_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('sale_id', name=op.f('pk_housing_log_state'))
    )
    op.create_table('housing_log_tile',
    sa.Column('sale_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('level', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('hashes', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('sale_id', 'level', 'number', name=op.f('pk_housing_log_tile'))
    )
    op.create_table('housing_log_cosignature',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkpoint_id', sa.Integer(), nullable=False),
    sa.Column('witness', sa.String(length=200), nullable=False),
    sa.Column('line', sa.Text(), nullable=False),
    sa.Column('cosigned_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checkpoint_id'], ['housing_log_checkpoint.id'], name=op.f('fk_housing_log_cosignature_checkpoint_id_housing_log_checkpoint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_housing_log_cosignature')),
    sa.UniqueConstraint('checkpoint_id', 'witness', name='uq_housing_log_cosignature_witness')
    )
    with op.batch_alter_table('housing_log_cosignature', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_housing_log_cosignature_checkpoint_id'), ['checkpoint_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('housing_log_cosignature', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_housing_log_cosignature_checkpoint_id'))

    op.drop_table('housing_log_cosignature')
    op.drop_table('housing_log_tile')
    op.drop_table('housing_log_state')
    with op.batch_alter_table('housing_log_checkpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_housing_log_checkpoint_sale_id'))

    op.drop_table('housing_log_checkpoint')
