"""device_registration"""
