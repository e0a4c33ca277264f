"""gunicorn settings for Metodebasen behind nginx (deploy/nginx-metodebasen.conf.template).

Values come from the environment the systemd unit loads (deploy/metodebasen.service), with these defaults.
"""

import multiprocessing
import os

# Loopback only: nginx is the one way in. Several app servers: one bind each, listed in nginx's upstream.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(min(4, multiprocessing.cpu_count() * 2))))
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then; jitter keeps them from restarting together
max_requests_jitter = 200
# Proxy trust is the app's business (KB_TRUSTED_PROXIES), so gunicorn itself believes no forwarded header.
forwarded_allow_ips = ""  # nobody
secure_scheme_headers = {}
# Request line and headers: generous for real browsers, small for anything else.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
