"""Demo content of the portal, built with the apps' factories and services.

This app may import every other app; no app imports it (tests about the demo and the
benchmark tooling do).
"""
