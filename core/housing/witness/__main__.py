"""Run a witness of allocation logs over HTTP (c2sp.org/tlog-witness):

    python -m core.housing.witness --log-key <the portal's log key> \\
        [--state-dir witness/] [--name example.org/witness] [--host 127.0.0.1] [--port 8181]

It makes its Ed25519 key once in --state-dir (witness_key: keep it secret, keep it backed up)
and prints its public key (a vkey) for the portal's EGOV_LOG_WITNESSES. It answers
  POST /add-checkpoint             a checkpoint to cosign, with its consistency proof
  GET  /<sha256 of origin>/checkpoint   the last checkpoint it cosigned for that log
  GET  /                           its name, its key and the logs it follows
`--print-key` prints the key and exits. Exit codes: 0 stopped, 64 wrong use."""
from __future__ import annotations

import argparse
import logging
import re
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from core.housing.log_keys import witness_signer
from core.housing.note import NoteError, Verifier
from core.housing.witness import Answer, Store, Witness

DEFAULT_NAME = "localhost/egov-witness"
MAX_BODY_BYTES = 65_536
log = logging.getLogger("egov.witness")


def _handler(witness: Witness, about: str):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802 - http.server's name
            if self.path != "/add-checkpoint":
                return self._answer(Answer(404, "POST /add-checkpoint is the only request\n"))
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_BODY_BYTES:
                return self._answer(Answer(400, "a request needs a Content-Length of at most "
                                                f"{MAX_BODY_BYTES} bytes\n"))
            self._answer(witness.add_checkpoint(self.rfile.read(int(length))))

        def do_GET(self):  # noqa: N802
            if self.path == "/":
                return self._answer(Answer(200, about))
            found = re.fullmatch(r"/([0-9a-fA-F]{64})/checkpoint", self.path)
            if not found:
                return self._answer(Answer(404, "no such page: GET /<origin hash>/checkpoint\n"))
            self._answer(witness.checkpoint(found.group(1)))

        def _answer(self, answer: Answer) -> None:
            data = answer.body.encode("utf-8")
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format, *args):  # noqa: A002 - http.server's signature
            log.debug("%s " + format, self.address_string(), *args)

    return Handler


def _stop(*_) -> None:
    raise SystemExit(0)  # ends serve_forever in the main thread; the finally closes the socket


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m core.housing.witness",
                                     description="A witness of the portal's allocation logs.")
    parser.add_argument("--log-key", action="append", default=[],
                        help="a log's public key (vkey) to follow; repeat for more logs")
    parser.add_argument("--state-dir", default="witness", help="its key and memory (default "
                                                                "./witness)")
    parser.add_argument("--name", default=DEFAULT_NAME, help="the witness's key name")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8181)
    parser.add_argument("--print-key", action="store_true", help="print the public key, exit")
    parser.error = lambda message: (print(f"{parser.prog}: {message}", file=sys.stderr),
                                    sys.exit(64))
    args = parser.parse_args(argv)
    try:
        signer = witness_signer(Path(args.state_dir), args.name)
        keys = [Verifier.parse(vkey) for vkey in args.log_key]
    except (NoteError, ValueError, OSError) as error:
        print(f"witness: {error}", file=sys.stderr)
        return 64
    if args.print_key:
        print(signer.verifier_key())
        return 0
    if not keys:
        print("witness: name at least one log to follow with --log-key", file=sys.stderr)
        return 64
    witness = Witness(signer, keys, Store(Path(args.state_dir)))
    about = (f"witness {signer.name}\nkey {signer.verifier_key()}\n"
             + "".join(f"follows {k.vkey()}\n" for k in keys))
    server = ThreadingHTTPServer((args.host, args.port), _handler(witness, about))
    signal.signal(signal.SIGTERM, _stop)
    print(f"witness {signer.verifier_key()} on http://{args.host}:{args.port}/", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
