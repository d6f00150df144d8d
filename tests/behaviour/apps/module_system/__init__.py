"""A _FlaskCommon-style module system spread over a project: the base in
common.py, the site and its modules in two other modules reading its dicts."""
from .calls import CALLS
from .modules import Module
from .site import Site

REQUESTS = ["/", "/news/", "/news/latest"]
BLUEPRINT_REQUESTS = []
__all__ = ["CALLS", "REQUESTS", "BLUEPRINT_REQUESTS", "create_app"]

news = Module("news", __name__)


@news.before_request
def load_news():
    news.note("before")


@news.after_request
def sign_news(response):
    news.note("after")
    return response


@news.route("/")
def news_index():
    return "all the news"


@news.route("/latest", endpoint="newest")
def latest():
    return "the latest news"


def create_app(register):
    site = Site(__name__)

    @site.before_request
    def count():
        site.note("site before")

    @site.after_request
    def close(response):
        site.note("site after")
        return response

    @site.route("/")
    def home():
        return "home"

    site.install(news, "/news")
    return site.flask
