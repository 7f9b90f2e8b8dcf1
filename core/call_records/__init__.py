"""call_records"""
