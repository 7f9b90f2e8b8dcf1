"""Tables of sign-in: portal accounts, citizen sessions, and the sandbox Asan İmza, e-imza
and e-gov identity systems whose PIN counters and blocks must be shared by every process and survive
restarts (so they live here, never in memory)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.kernel.db import Base, utcnow


class Account(Base):
    """A portal account for signing in with login and password."""

    __tablename__ = "auth_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fin: Mapped[str] = mapped_column(String(7), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    login: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)


class CitizenSession(Base):
    """One sign-in. The cookie holds a random id; only its SHA-256 is stored here, so a copy
    of this table cannot be replayed as a cookie."""

    __tablename__ = "auth_session"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    fin: Mapped[str] = mapped_column(String(7), index=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    method: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    idle_seconds: Mapped[int] = mapped_column(Integer, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # The single-session service this sign-in holds, as "<fin>:<service slug>". Unique, so
    # two processes can never both grant a second session, whatever the timing.
    exclusive_key: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    service_slug: Mapped[str | None] = mapped_column(String(80), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)


class AsanSubscriber(Base):
    """Sandbox of the mobile operator's Asan İmza SIM: PINs, their counters, the subscription."""

    __tablename__ = "auth_asan_subscriber"

    mobile: Mapped[str] = mapped_column(String(10), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(6), nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    pin1_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    pin2_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    puk_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    pin1_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    pin2_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    puk_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    suspended: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    certificate_valid_until: Mapped[date] = mapped_column(Date, nullable=False)


class AsanRequest(Base):
    """One Asan İmza transaction: a sign-in (PIN1) or a signature (PIN2) waiting on the phone."""

    __tablename__ = "auth_asan_request"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    mobile: Mapped[str] = mapped_column(
        String(10), ForeignKey("auth_asan_subscriber.mobile"), index=True, nullable=False)
    purpose: Mapped[str] = mapped_column(String(10), nullable=False)
    verification_code: Mapped[str] = mapped_column(String(4), nullable=False)
    document_title: Mapped[str | None] = mapped_column(String(200), nullable=True)
    document_digest: Mapped[str | None] = mapped_column(String(64), nullable=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    signature: Mapped[str | None] = mapped_column(String(128), nullable=True)
    # Set by the portal when it turns a confirmed sign-in into a session: only once.
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class EimzaToken(Base):
    """Sandbox of an e-imza USB token: its PIN and the wrong-PIN counter kept on the chip."""

    __tablename__ = "auth_eimza_token"

    serial: Mapped[str] = mapped_column(String(20), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # The PUK the 157 Call Centre asks for to unblock the PIN (seed 004), and its own counter.
    puk_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    puk_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0",
                                              nullable=False)


class EimzaCertificate(Base):
    __tablename__ = "auth_eimza_certificate"

    serial: Mapped[str] = mapped_column(String(40), primary_key=True)
    token_serial: Mapped[str] = mapped_column(
        String(20), ForeignKey("auth_eimza_token.serial"), index=True, nullable=False)
    fin: Mapped[str] = mapped_column(String(7), nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    valid_from: Mapped[date] = mapped_column(Date, nullable=False)
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)


class EgovIdentityUser(Base):
    """Sandbox of the e-gov identity app's account: the app PIN and its lock, kept by the
    app service (not on the phone), so every device and every portal process sees one count."""

    __tablename__ = "auth_egov_identity_user"

    fin: Mapped[str] = mapped_column(String(7), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    pin_hash: Mapped[str] = mapped_column(String(200), nullable=False)
    pin_failures: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class EgovIdentityRequest(Base):
    """One sign-in request shown on the portal as a QR code and an 8-character code. Nobody
    owns it until an app opens it (scans the code); only that app's citizen can answer it."""

    __tablename__ = "auth_egov_identity_request"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True, nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    fin: Mapped[str | None] = mapped_column(
        String(7), ForeignKey("auth_egov_identity_user.fin"), index=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Set by the portal when it turns an approved request into a session: only once.
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
