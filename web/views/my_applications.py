from web.services.my_applications import init_app  # noqa: F401
