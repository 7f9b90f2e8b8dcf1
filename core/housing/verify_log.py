"""Check a Güzəştli mənzil sale's allocation log (bölgü jurnalı), its signed checkpoints and a
buyer's proof, with nothing but this file's package:

    python -m core.housing.verify_log LOG.jsonl [--head HASH] [--checkpoint FILE --key VKEY]
    python -m core.housing.verify_log --tiles URL|FOLDER --key VKEY [--checkpoint FILE]
                                      [--archive FOLDER]
    python -m core.housing.verify_log --proof FILE.tlog-proof --key VKEY [--witness-key VKEY]
    python -m core.housing.verify_log --extends A B --key VKEY (LOG.jsonl | --tiles URL|FOLDER)

1. A downloaded .jsonl: the hash chain (ending in HASH, the head the page showed), then the
   replay of the sale's rules; with --checkpoint, its first entries must have the signed root.
2. --tiles: the whole log from its tiles and entry bundles (the portal's …/tlog, a mirror, or a
   folder kept with --archive) against the checkpoint (given, or the source's own), then as 1.
3. --proof: a buyer's proof, offline: signed by VKEY (and cosigned by each --witness-key), and
   its inclusion hashes lead from the entry to the signed root.
4. --extends A B: checkpoint B is of the same log as A and contains it unchanged (a consistency
   proof computed from the download or the tiles verifies).

VKEY is the log's public key as the sale's log page shows it (name+key ID+base64 key).
Exit codes: 0 all verified; 1 broken: not a log, proof or checkpoint, a broken chain, or data
that does not match the signed checkpoint; 2 the chain is whole but a step broke the sale's
rules; 3 a checkpoint not signed by VKEY (or not cosigned by a --witness-key); 4 checkpoint B
does not extend A (another log, a shrunk tree or rewritten entries); 64 wrong use."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from core.housing import log_checks, tlog
from core.housing.allocation_log import Entry, holders, read_lines, verify
from core.housing.log_checks import BROKEN, OK, UNFAIR, USAGE, Failed, TileSource
from core.housing.note import NoteError, Verifier


def replay(entries: list[Entry], head: str | None, out: TextIO) -> int:
    """The chain, then the sale's rules: what the .jsonl check has always printed."""
    broken = verify(entries, head)
    if broken is not None:
        where = f"entry seq {broken.seq}" if broken.seq is not None else "the end"
        print(f"BROKEN at line {broken.line} ({where}): {broken.reason}", file=out)
        return BROKEN
    result = holders(entries)
    last = entries[-1].hash if entries else "(empty log)"
    print(f"OK: {len(entries)} entries, the chain is whole; head {last}", file=out)
    print(f"{'flat_id':>7}  {'flat':<6} {'place':<9} {'status':<8} citizen", file=out)
    for held in result.holdings:
        place = "holder" if held.position == 0 else f"reserve {held.position}"
        print(f"{held.flat_id:>7}  {held.flat_number:<6} {place:<9} {held.status:<8} "
              f"{held.citizen}", file=out)
    if result.unfair:
        for seq, problem in result.unfair:
            print(f"RULE BROKEN at seq {seq}: {problem}", file=out)
        return UNFAIR
    print("Every step followed the rules: first come, first served.", file=out)
    return OK


def run(path: str, head: str | None, out: TextIO) -> int:
    """The .jsonl check alone (mode 1 without a checkpoint)."""
    try:
        with open(path, encoding="utf-8") as published:
            entries = list(read_lines(published))
    except (OSError, ValueError, RecursionError) as error:  # RecursionError: deeply nested JSON
        print(f"NOT A LOG: {error}", file=out)
        return BROKEN
    return replay(entries, head, out)


def _read(path: str, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise Failed(BROKEN, f"CANNOT READ {what} {path}: {error.strerror}") from None


def _jsonl_leaves(path: str) -> tuple[list[Entry], list[bytes]]:
    try:
        with open(path, encoding="utf-8") as published:
            entries = list(read_lines(published))
    except (OSError, ValueError) as error:
        raise Failed(BROKEN, f"NOT A LOG: {error}") from None
    return entries, [tlog.leaf_data(e) for e in entries]


def _checked(args, key: Verifier, witnesses: list[Verifier], out: TextIO) -> int:
    if args.proof:
        lines = log_checks.check_proof(_read(args.proof, "the proof"), key, witnesses)
        print("\n".join(lines), file=out)
        return OK
    source = TileSource(args.tiles, Path(args.archive) if args.archive else None) \
        if args.tiles else None
    if args.extends:
        old = log_checks.signed_checkpoint(_read(args.extends[0], "checkpoint A"), key,
                                           witnesses, "A")
        new = log_checks.signed_checkpoint(_read(args.extends[1], "checkpoint B"), key,
                                           witnesses, "B")
        leaves = log_checks.leaves_from_tiles(source, new.checkpoint.size) if source \
            else _jsonl_leaves(args.file)[1]
        print("\n".join(log_checks.check_extends(old, new, leaves, "the download")), file=out)
        return OK
    data = _read(args.checkpoint, "the checkpoint") if args.checkpoint \
        else source.read("checkpoint")
    signed = log_checks.signed_checkpoint(data, key, witnesses, "checkpoint")
    if source:
        leaves = log_checks.leaves_from_tiles(source, signed.checkpoint.size)
        entries = log_checks.entries_of(leaves)
    else:
        entries, leaves = _jsonl_leaves(args.file)
    lines = signed.lines + [log_checks.check_against(leaves, signed, "the download")]
    print("\n".join(lines), file=out)
    return replay(entries, args.head, out)


def _usage_problem(args) -> str | None:
    modes = [bool(args.proof), bool(args.extends), bool(args.tiles and not args.extends),
             bool(args.file and not args.extends and not args.tiles)]
    if sum(modes) != 1:
        return "give one of: a .jsonl file, --tiles, --proof, or --extends A B with a source"
    if args.extends and not (args.file or args.tiles):
        return "--extends needs the log's .jsonl file or --tiles to compute the proof from"
    if (args.proof or args.extends or args.tiles or args.checkpoint) and not args.key:
        return "checking a signature needs the log's public key: --key VKEY"
    if args.witness_key and not args.key:
        return "--witness-key needs --key too"
    return None


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.housing.verify_log",
        description="Verify a sale's allocation log, its signed checkpoints or a buyer's proof.",
        epilog="exit codes: 0 verified; 1 broken or not the signed log; 2 a step broke the "
               "sale's rules; 3 not signed by --key (or not cosigned by a --witness-key); 4 "
               "checkpoint B does not extend A; 64 wrong use")
    parser.add_argument("file", nargs="?", help="the downloaded .jsonl file")
    parser.add_argument("--head", help="the chain head hash shown on the sale's log page")
    parser.add_argument("--checkpoint", help="a signed checkpoint file to check the log against")
    parser.add_argument("--key", help="the log's public key (vkey) from the sale's log page")
    parser.add_argument("--witness-key", action="append", default=[],
                        help="a witness's public key whose cosignature is required")
    parser.add_argument("--tiles", help="the log's tiles: its URL (…/tlog) or a folder")
    parser.add_argument("--archive", help="with --tiles: keep every file read in this folder")
    parser.add_argument("--proof", help="a buyer's proof file (.tlog-proof)")
    parser.add_argument("--extends", nargs=2, metavar=("A", "B"),
                        help="two checkpoint files: does B extend A?")

    def usage(message: str):
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: {message}", file=sys.stderr)
        raise SystemExit(USAGE)

    parser.error = usage
    args = parser.parse_args(argv)
    problem = _usage_problem(args)
    if problem:
        usage(problem)
    if not args.key:
        return run(args.file, args.head, out)
    try:
        key = Verifier.parse(args.key)
        witnesses = [Verifier.parse(k) for k in args.witness_key]
    except NoteError as error:
        print(f"NOT A KEY: {error}", file=out)
        return USAGE
    try:
        return _checked(args, key, witnesses, out)
    except NoteError as error:
        print(f"BROKEN: {error}", file=out)
        return BROKEN
    except Failed as failure:
        print(str(failure), file=out)
        return failure.code


if __name__ == "__main__":
    sys.exit(main())
