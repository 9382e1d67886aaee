"""Which command modules exist. Each module has ``register(app)``; add yours to the list."""

from __future__ import annotations

import importlib
from collections.abc import Callable

COMMAND_MODULES = [
    "fuzong_cli.commands.policy_cmd",
    "fuzong_cli.commands.forms_cmd",
    "fuzong_cli.commands.ingest_cmd",
    "fuzong_cli.commands.validate_cmd",
    "fuzong_cli.commands.match_cmd",
    "fuzong_cli.commands.quota_cmd",
    "fuzong_cli.commands.publicity_cmd",
    "fuzong_cli.commands.agreements_cmd",
    "fuzong_cli.commands.evaluate_cmd",
    "fuzong_cli.commands.terms_cmd",
    "fuzong_cli.commands.projects_cmd",
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
