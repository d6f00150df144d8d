from .base import ThemeBase


class Theme(ThemeBase):
    def __init__(self, import_name):
        ThemeBase.__init__(self, import_name, "theme_templates")


dark = Theme(__name__)
