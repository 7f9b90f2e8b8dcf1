"""Pure-Python domain of the portal. No Flask or WTForms here (tests/test_meta.py enforces it)."""
