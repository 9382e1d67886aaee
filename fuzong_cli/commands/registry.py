"""Which command modules exist. Each module has ``register(app)``; add yours to the list."""

from __future__ import annotations

import importlib
from collections.abc import Callable

COMMAND_MODULES = [
    "fuzong_cli.commands.policy",
    "fuzong_cli.commands.forms",
    "fuzong_cli.commands.ingest",
    "fuzong_cli.commands.validate",
    "fuzong_cli.commands.match",
    "fuzong_cli.commands.quota",
    "fuzong_cli.commands.publicity",
    "fuzong_cli.commands.agreements",
    "fuzong_cli.commands.evaluate",
    "fuzong_cli.commands.terms",
    "fuzong_cli.commands.projects",
]


def all_registrars() -> list[Callable]:
    """The ``register`` function of every command module that exists yet (modules land one issue at a time)."""
    found = []
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        found.append(module.register)
    return found
