from web.services.meter_damage import init_app  # noqa: F401
