import flask


class TrackedBlueprint(flask.Blueprint):
    def register(self, app, options, first_registration=False):
        if first_registration:
            app.extensions.setdefault("tracked", []).append(self.name)
        super().register(app, options, first_registration)
