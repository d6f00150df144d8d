from .v1 import api as api_v1  # noqa: F401
