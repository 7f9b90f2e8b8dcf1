"""Check a downloaded allocation log (bölgü jurnalı) of a Güzəştli mənzil sale:

    python -m core.housing.verify_log bolgu-jurnali-1.jsonl [--head HASH]

Reads the JSON Lines file, checks the hash chain (and that it ends in HASH, the head the sale's
page showed, when given), replays it and prints OK with who holds, signed or reserves which
flat. Exits 1 naming the first bad entry when the chain is broken or the file is not a log, 2
when the chain is whole but a step broke the sale's rules (not first come, first served)."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO

from core.housing.allocation_log import holders, read_lines, verify


def run(path: str, head: str | None, out: TextIO) -> int:
    try:
        with open(path, encoding="utf-8") as published:
            entries = list(read_lines(published))
    except (OSError, ValueError, RecursionError) as error:  # RecursionError: deeply nested JSON
        print(f"NOT A LOG: {error}", file=out)
        return 1
    broken = verify(entries, head)
    if broken is not None:
        where = f"entry seq {broken.seq}" if broken.seq is not None else "the end"
        print(f"BROKEN at line {broken.line} ({where}): {broken.reason}", file=out)
        return 1
    replay = holders(entries)
    last = entries[-1].hash if entries else "(empty log)"
    print(f"OK: {len(entries)} entries, the chain is whole; head {last}", file=out)
    print(f"{'flat_id':>7}  {'flat':<6} {'place':<9} {'status':<8} citizen", file=out)
    for held in replay.holdings:
        place = "holder" if held.position == 0 else f"reserve {held.position}"
        print(f"{held.flat_id:>7}  {held.flat_number:<6} {place:<9} {held.status:<8} "
              f"{held.citizen}", file=out)
    if replay.unfair:
        for seq, problem in replay.unfair:
            print(f"RULE BROKEN at seq {seq}: {problem}", file=out)
        return 2
    print("Every step followed the rules: first come, first served.", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.housing.verify_log",
                                     description="Verify a sale's allocation log (JSON Lines).")
    parser.add_argument("file", help="the downloaded .jsonl file")
    parser.add_argument("--head", help="the chain head hash shown on the sale's log page")
    args = parser.parse_args(argv)
    return run(args.file, args.head, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
