from typing import Optional

from flask import Blueprint

from .calls import CALLS


def check():
    CALLS.append("shop before")


def hook(bp: "Optional[Blueprint]"):
    bp.record_once(lambda s: s.app.before_request_funcs.setdefault(bp.name, []).append(check))
