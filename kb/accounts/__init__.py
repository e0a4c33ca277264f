"""Account logic below the sign-in views and the services: passwords, tokens, throttling, two-factor, sessions.

Nothing here imports kb.auth (the views) or kb.services, so either can import it at module level.
"""
