from package_theme.base import ThemeBase

plain = ThemeBase(__name__, "theme_templates")
