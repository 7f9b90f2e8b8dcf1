"""meter damage: applications, their history, the sandbox Azərişıq's register

Revision ID: meter_damage_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = "meter_damage_0001"
down_revision = "0001_foundation"
branch_labels = ("meter_damage",)
depends_on = ("notifications_0002",)


def upgrade() -> None:
    op.create_table(
        "meter_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("submission_key", sa.String(length=40), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("id_card_number", sa.String(length=11), nullable=False),
        sa.Column("registered_address", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("subscriber_code", sa.String(length=15), nullable=True),
        sa.Column("base_code", sa.String(length=10), nullable=True),
        sa.Column("metering_point", sa.String(length=20), nullable=True),
        sa.Column("meter_address", sa.String(length=300), nullable=False),
        sa.Column("damage_kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("mobile", sa.String(length=10), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("azerisiq_reference", sa.String(length=40), nullable=True),
        sa.Column("result", sa.String(length=12), nullable=True),
        sa.Column("result_note", sa.String(length=300), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("forwarded_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_application")),
        sa.UniqueConstraint("reference", name=op.f("uq_meter_application_reference")),
        sa.UniqueConstraint("submission_key", name=op.f("uq_meter_application_submission_key")),
    )
    op.create_index("ix_meter_application_due", "meter_application",
                    ["status", "next_attempt_at"], unique=False)
    op.create_index(op.f("ix_meter_application_fin"), "meter_application", ["fin"],
                    unique=False)
    op.create_table(
        "meter_application_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["meter_application.id"],
                                name=op.f("fk_meter_application_event_application_id_meter_application")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meter_application_event")),
    )
    op.create_index(op.f("ix_meter_application_event_application_id"),
                    "meter_application_event", ["application_id"], unique=False)
    op.create_table(
        "sandbox_azerisiq_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=40), nullable=False),
        sa.Column("application_ref", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("meter_address", sa.String(length=300), nullable=False),
        sa.Column("damage_kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=10), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_azerisiq_case")),
        sa.UniqueConstraint("application_ref",
                            name=op.f("uq_sandbox_azerisiq_case_application_ref")),
        sa.UniqueConstraint("reference", name=op.f("uq_sandbox_azerisiq_case_reference")),
    )


def downgrade() -> None:
    op.drop_table("sandbox_azerisiq_case")
    op.drop_table("meter_application_event")
    op.drop_table("meter_application")
