"""gunicorn's entry point for the sandbox service (python -m sandbox_service)."""
from sandbox_service import create_app

app = create_app()
