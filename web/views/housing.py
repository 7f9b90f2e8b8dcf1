from web.services.housing import init_app  # noqa: F401
