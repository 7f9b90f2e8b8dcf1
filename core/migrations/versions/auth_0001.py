"""auth: portal accounts, citizen sessions, the Asan İmza and e-imza sandboxes

Revision ID: auth_0001
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa


revision = "auth_0001"
down_revision = "0001_foundation"
branch_labels = ("auth",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auth_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("login", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_account")),
        sa.UniqueConstraint("fin", name=op.f("uq_auth_account_fin")),
        sa.UniqueConstraint("login", name=op.f("uq_auth_account_login")),
    )
    op.create_table(
        "auth_session",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("exclusive_key", sa.String(length=100), nullable=True),
        sa.Column("service_slug", sa.String(length=80), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_auth_session")),
        sa.UniqueConstraint("exclusive_key", name=op.f("uq_auth_session_exclusive_key")),
    )
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_session_fin"), ["fin"], unique=False)

    op.create_table(
        "auth_asan_subscriber",
        sa.Column("mobile", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.String(length=6), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("pin1_hash", sa.String(length=200), nullable=False),
        sa.Column("pin2_hash", sa.String(length=200), nullable=False),
        sa.Column("puk_hash", sa.String(length=200), nullable=False),
        sa.Column("pin1_failures", sa.Integer(), nullable=False),
        sa.Column("pin2_failures", sa.Integer(), nullable=False),
        sa.Column("puk_failures", sa.Integer(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("certificate_valid_until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("mobile", name=op.f("pk_auth_asan_subscriber")),
    )
    op.create_table(
        "auth_asan_request",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("mobile", sa.String(length=10), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("verification_code", sa.String(length=4), nullable=False),
        sa.Column("document_title", sa.String(length=200), nullable=True),
        sa.Column("document_digest", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("signature", sa.String(length=128), nullable=True),
        sa.Column("consumed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["mobile"], ["auth_asan_subscriber.mobile"],
                                name=op.f("fk_auth_asan_request_mobile_auth_asan_subscriber")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_asan_request")),
    )
    with op.batch_alter_table("auth_asan_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_asan_request_mobile"), ["mobile"], unique=False)

    op.create_table(
        "auth_eimza_token",
        sa.Column("serial", sa.String(length=20), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("pin_failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_auth_eimza_token")),
    )
    op.create_table(
        "auth_eimza_certificate",
        sa.Column("serial", sa.String(length=40), nullable=False),
        sa.Column("token_serial", sa.String(length=20), nullable=False),
        sa.Column("fin", sa.String(length=7), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["token_serial"], ["auth_eimza_token.serial"],
                                name=op.f("fk_auth_eimza_certificate_token_serial_auth_eimza_token")),
        sa.PrimaryKeyConstraint("serial", name=op.f("pk_auth_eimza_certificate")),
    )
    with op.batch_alter_table("auth_eimza_certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_eimza_certificate_token_serial"),
                              ["token_serial"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_eimza_certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_eimza_certificate_token_serial"))
    op.drop_table("auth_eimza_certificate")
    op.drop_table("auth_eimza_token")
    with op.batch_alter_table("auth_asan_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_asan_request_mobile"))
    op.drop_table("auth_asan_request")
    op.drop_table("auth_asan_subscriber")
    with op.batch_alter_table("auth_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_fin"))
    op.drop_table("auth_session")
    op.drop_table("auth_account")
