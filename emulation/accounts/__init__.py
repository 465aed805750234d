"""Staff accounts: two-factor sign-in (TOTP and recovery codes) and the account page.

``services`` holds the rules and writes, ``forms``/``views``/``urls`` the pages under
``/tai-khoan/``; ``emulation.middleware.TwoFactorMiddleware`` enforces it on every other page.
"""
