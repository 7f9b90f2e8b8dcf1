"""bill_payment"""
