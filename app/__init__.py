"""Composition root: settings, store wiring, the starlette app and the CLI. No domain logic."""
