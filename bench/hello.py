"""A hello-world Flask app, served by gunicorn behind the same nginx as Metodebasen in bench/load.py: the
yardstick that says how much of a page's time is the stack's own (proxy, TLS, WSGI) rather than ours."""

from flask import Flask

app = Flask(__name__)


@app.get("/__hello")
def hello():
    """The smallest possible answer."""
    return "Hej"
