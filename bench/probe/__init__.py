"""`python -m bench.probe`: a bounded, loopback-only hostile probe of the portal.

It starts its own portal (gunicorn, SQLite, sandbox, notices over SMTP to a loopback sink) on
127.0.0.1 with a throwaway instance folder, then:
- discovers every POST form by crawling GET pages from / (anonymous, signed in as the demo
  citizen aysel, and in the Güzəştli mənzil e-cabinet as Rəşad signed in with Asan İmza),
  walking each step-by-step service with plausible sandbox values;
- sends crafted `next` values to every page that takes one and records any redirect (Location
  or HX-Redirect) that a browser would follow to another origin;
- sends hostile URLs (paths.py): every number in every path and query the crawl saw past any
  database integer or in other scripts' digits, and every path segment as a NUL, a segment too
  long for a file name or a line break;
- sends at least 10,000 hostile submissions across the forms it found (valid CSRF tokens),
  every e-mail field with line breaks inside an address among them;
- holds slow (slowloris) connections open while timing /healthz and / from a normal client.

It exits 1 on any 5xx, any off-origin redirect, any reflected unescaped markup, an e-mail
address with a line break kept in the outbox, a worst slow-client latency above 2 s or
/healthz failing afterwards; 2 when the machine was too busy to send every submission within
--max-seconds (300 by default); 0 otherwise. Results go to probe.json in the instance folder.
No request ever leaves 127.0.0.1 (loopback.py)."""
