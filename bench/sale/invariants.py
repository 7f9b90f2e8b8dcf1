"""What the database must say after the sale, read with plain SQL from the benchmark's own
connection: no flat with two live holders, no citizen with two places, and when the flats went."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import create_engine, text


def check(database_url: str, sale_id: int, opened_at: datetime) -> dict:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        def scalar(sql: str):
            return connection.execute(text(sql), {"sale": sale_id}).scalar()

        flats = scalar("SELECT count(*) FROM housing_flat WHERE sale_id = :sale")
        # a flat held twice: two live places at position 0, or two signed places
        held_twice = scalar(
            "SELECT count(*) FROM (SELECT flat_id FROM housing_place WHERE sale_id = :sale"
            " AND position = 0 AND status IN ('held', 'signed') GROUP BY flat_id"
            " HAVING count(*) > 1) AS twice")
        signed_twice = scalar(
            "SELECT count(*) FROM (SELECT flat_id FROM housing_place WHERE sale_id = :sale"
            " AND status = 'signed' GROUP BY flat_id HAVING count(*) > 1) AS twice")
        citizens_two = scalar(
            "SELECT count(*) FROM (SELECT fin FROM housing_place WHERE sale_id = :sale"
            " AND status IN ('held', 'reserve', 'signed') GROUP BY fin"
            " HAVING count(*) > 1) AS twice")
        holds = scalar("SELECT count(*) FROM housing_event WHERE sale_id = :sale"
                       " AND kind = 'hold'")
        signatures = scalar("SELECT count(*) FROM housing_place WHERE sale_id = :sale"
                            " AND status = 'signed'")
        chosen = scalar("SELECT count(DISTINCT flat_id) FROM housing_place WHERE sale_id = :sale"
                        " AND position = 0 AND status IN ('held', 'signed')")
        last_first_hold = scalar(
            "SELECT max(first_at) FROM (SELECT min(at) AS first_at FROM housing_event"
            " WHERE sale_id = :sale AND kind = 'hold' GROUP BY flat_id) AS firsts")
        last_signature = scalar("SELECT max(signed_at) FROM housing_place WHERE sale_id = :sale")
    engine.dispose()

    def after_opening(moment) -> float | None:
        if moment is None:
            return None
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        return round((moment - opened_at).total_seconds(), 1)

    return {
        "flats": flats, "flats_held_twice": held_twice + signed_twice,
        "citizens_with_two": citizens_two, "holds": holds, "signatures": signatures,
        "flats_chosen_at_end": chosen,
        "sold_out_seconds": after_opening(last_first_hold) if chosen == flats else None,
        "all_signed_seconds": after_opening(last_signature) if signatures == flats else None,
    }
