"""The app's theme: templates kept next to this module."""
from flask.helpers import _PackageBoundObject


class Theme(_PackageBoundObject):
    def __init__(self, import_name):
        _PackageBoundObject.__init__(self, import_name, "templates")


theme = Theme(__name__)
