"""Every service's tables. Importing this module registers them all on Base.metadata."""
from core.models.foundation import Draft, RateCounter, ServiceUsage  # noqa: F401
