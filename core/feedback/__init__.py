"""Əks əlaqə: what citizens say about a service ("Bu xidmət faydalı oldu? Bəli / Xeyr" and
"Problem bildirin", after the GOV.UK Feedback component), kept per service and page with the
time and language only: never who said it, nor their session. Text is masked (masking.py)
before it is stored (store.py)."""
