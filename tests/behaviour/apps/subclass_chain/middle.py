"""The middle of the chain: never names Flask."""
from .base import TrackedBlueprint


class SectionBlueprint(TrackedBlueprint):
    def register(self, app, options, first_registration=False):
        if first_registration:
            app.extensions.setdefault("sections", []).append(self.name)
        TrackedBlueprint.register(self, app, options, first_registration)
