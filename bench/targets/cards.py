"""The sandbox bank's test cards as the card step's form takes them (demo-data.md): one it
approves, for the payment a receipt target needs once, and one refused before any bank is
asked (its expiry is past), which a card-step POST target may repeat thousands of times."""
from __future__ import annotations

APPROVED_VISA = {"number": "4111 1111 1111 1111", "exp_month": "12", "exp_year": "2030",
                 "cvv": "123"}
EXPIRED_VISA = {**APPROVED_VISA, "exp_month": "01", "exp_year": "2020"}
EXPIRED_SAYS = "Kartın müddəti bitib"
