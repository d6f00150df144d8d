from .bps import api_v1
from .calls import CALLS


def before():
    CALLS.append("v1 before")


def teapot(error):
    CALLS.append("v1 teapot")
    return "short and stout", 418


@api_v1.record_once
def setup(state):
    state.app.config.setdefault("V1", True)
    state.app.before_request_funcs.setdefault(api_v1.name, []).append(before)


@api_v1.record
def errors(state):
    state.app._register_error_handler(None, 418, teapot)
