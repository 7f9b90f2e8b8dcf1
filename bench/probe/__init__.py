"""`python -m bench.probe`: a bounded, loopback-only hostile probe of the portal.

It starts its own portal (gunicorn, SQLite, sandbox) on 127.0.0.1 with a throwaway instance
folder, then:
- discovers every POST form by crawling GET pages from / (anonymous, and signed in as the demo
  citizen aysel), walking each step-by-step service with plausible sandbox values;
- sends at least 10,000 hostile submissions across the forms it found (valid CSRF tokens);
- sends crafted `next` values to every page that takes one and records any redirect (Location
  or HX-Redirect) that a browser would follow to another origin;
- holds slow (slowloris) connections open while timing /healthz and / from a normal client.

It exits 1 on any 5xx, any off-origin redirect, any reflected unescaped markup, a worst
slow-client latency above 2 s or /healthz failing afterwards; 2 when the machine was too busy
to send every submission within --max-seconds (270 by default); 0 otherwise. Results go to
probe.json in the instance folder. No request ever leaves 127.0.0.1 (loopback.py)."""
