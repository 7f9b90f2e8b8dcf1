"""housing: the events become the sale's hash-chained allocation log (seq, pseudonym, hashes)
and every sale gets the secret salt of its pseudonyms

Events already recorded are chained here, in id order, with a new salt per sale.

Revision ID: housing_0002
Revises: housing_0001
"""
from alembic import op
import sqlalchemy as sa

from core.housing.allocation_log import GENESIS, entry_hash, new_salt, pseudonym, utc_iso


revision = "housing_0002"
down_revision = "housing_0001"
branch_labels = None
depends_on = None

EVENT_COLUMNS = (("seq", sa.Integer()), ("flat_number", sa.String(length=20)),
                 ("citizen", sa.String(length=16)), ("prev_hash", sa.String(length=64)),
                 ("entry_hash", sa.String(length=64)))


def upgrade() -> None:
    # log_salt stays nullable: making it NOT NULL would rebuild housing_sale on SQLite, which
    # its projects, flats and places refer to (the rebuild fails the foreign keys). Every sale
    # gets one: here, from the model's default when created, and anew on a sandbox reset.
    op.add_column("housing_sale", sa.Column("log_salt", sa.String(length=64), nullable=True))
    with op.batch_alter_table("housing_event", schema=None) as batch_op:
        for name, kind in EVENT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    _chain_existing(op.get_bind())
    with op.batch_alter_table("housing_event", schema=None) as batch_op:
        for name, kind in EVENT_COLUMNS:
            batch_op.alter_column(name, existing_type=kind, nullable=False)
        batch_op.create_unique_constraint("uq_housing_event_sale_seq", ["sale_id", "seq"])


def _chain_existing(connection) -> None:
    sales = connection.execute(sa.text("SELECT id FROM housing_sale ORDER BY id")).scalars().all()
    for sale_id in sales:
        salt = new_salt()
        connection.execute(sa.text("UPDATE housing_sale SET log_salt = :salt WHERE id = :id"),
                           {"salt": salt, "id": sale_id})
        events = connection.execute(sa.text(
            "SELECT e.id, e.at, e.kind, e.flat_id, f.number, e.position, e.fin "
            "FROM housing_event e JOIN housing_flat f ON f.id = e.flat_id "
            "WHERE e.sale_id = :sale ORDER BY e.id").columns(at=sa.DateTime()),
            {"sale": sale_id}).all()
        previous = GENESIS
        for seq, (event_id, at, kind, flat_id, number, position, fin) in enumerate(events, 1):
            citizen = pseudonym(salt, fin)
            digest = entry_hash(seq, utc_iso(at), kind, flat_id, number, position, citizen,
                                previous)
            connection.execute(sa.text(
                "UPDATE housing_event SET seq = :seq, flat_number = :number, citizen = :citizen,"
                " prev_hash = :prev, entry_hash = :hash WHERE id = :id"),
                {"seq": seq, "number": number, "citizen": citizen, "prev": previous,
                 "hash": digest, "id": event_id})
            previous = digest


def downgrade() -> None:
    with op.batch_alter_table("housing_event", schema=None) as batch_op:
        batch_op.drop_constraint("uq_housing_event_sale_seq", type_="unique")
        for name, _kind in reversed(EVENT_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table("housing_sale", schema=None) as batch_op:
        batch_op.drop_column("log_salt")
