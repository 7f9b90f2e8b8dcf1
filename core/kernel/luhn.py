"""The Luhn (mod 10) check digit shared by card numbers and IMEIs."""
from __future__ import annotations


def check_digit(payload: str) -> int:
    """The digit that makes `payload + digit` pass the Luhn check."""
    total = 0
    # Double every second digit counting from the right of the full number,
    # i.e. the rightmost digit of the payload is doubled.
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid(number: str) -> bool:
    if not number or not number.isascii() or not number.isdigit() or len(number) < 2:
        return False
    return check_digit(number[:-1]) == int(number[-1])
