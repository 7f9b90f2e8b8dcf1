"""`make bench-sale`: a sale day on loopback. PostgreSQL and Redis (this machine's servers on
127.0.0.1), a sale of 500 flats, 10,000 distinct buyers signed in beforehand, two portal
processes and the job consumer as `make run` starts them; every buyer goes through the waiting
room, presses Təsdiq et on a flat the page shows free, and a buyer who holds one signs it.

    seed.py        the sale, the buyers' cabinets, e-imza tokens and signed-in sessions
    buyers.py      the buyers, as Locust FastHttpUsers (a process of its own: gevent)
    invariants.py  what the database must say afterwards (no flat twice, no citizen twice)
    __main__.py    one run: set up, serve, measure the bare page, send the buyers, report

It exits non-zero if a flat was held twice, a citizen holds two, or any request got a 5xx."""
