from flask.helpers import _PackageBoundObject

from .calls import CALLS


class ThemeBase(_PackageBoundObject):
    def source(self, name):
        CALLS.append("load " + name)
        return self.jinja_loader.get_source(None, name)[0]
