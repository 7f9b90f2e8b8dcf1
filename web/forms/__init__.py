"""Every WTForms form of the portal, in one place (the product card's `web/forms/`): one module
per service (named as its package in web/services/), the sign-in forms (auth.py), the feedback
component's (feedback.py), the sandbox pages' (sandbox_*.py, named as their pages in
web/auth/), and the fields every service shares: the card (card.py), the mobile number
(mobile_number.py), the FİN and the ID card (identity.py), each with the sentences for core's
reasons.

A form turns what was typed into core's rules and core's reasons into sentences at their
fields. It imports core, wtforms and web.platform.wording only: never a view, a blueprint or
a service's package, so the step modules import their forms and not the other way round
(tests/test_architecture.py). Wording a form shows that the service also uses elsewhere (a
phase's name, the kinds of damage, the refusals of meter damage) is handed to it by the step
that builds it."""
