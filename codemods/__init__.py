"""The rules, in the order they run, and their lookup by id or name.

Each module here is one rule and a libcst codemod command of its own::

    python -m libcst.tool codemod -x codemods.endpoint_helper.EndpointHelper --no-format --target-version 3.1 src/
"""

from __future__ import annotations

from collections.abc import Iterable

from codemods._base import Rule, RuleEvent
from codemods.common_base import CommonBase
from codemods.config_attributes import ConfigAttributes
from codemods.context_stacks import ContextStacks
from codemods.deferred_hooks import DeferredHooks
from codemods.dotted_names import DottedNames
from codemods.endpoint_helper import EndpointHelper
from codemods.endpoint_names import EndpointNames
from codemods.factory_script_info import FactoryScriptInfo
from codemods.json_provider import JsonProvider
from codemods.moved_names import MovedNames
from codemods.package_bound_object import PackageBoundObject
from codemods.private_app_api import PrivateAppApi
from codemods.register_signature import RegisterSignature
from codemods.registration_lifecycle import RegistrationLifecycle
from codemods.removed_helpers import RemovedHelpers
from codemods.send_file_keywords import SendFileKeywords
from codemods.versions import FlaskVersion

RULES: tuple[type[Rule], ...] = (
    DeferredHooks,
    RegisterSignature,
    EndpointHelper,
    PackageBoundObject,
    CommonBase,
    MovedNames,
    PrivateAppApi,
    SendFileKeywords,
    RemovedHelpers,
    ContextStacks,
    ConfigAttributes,
    JsonProvider,
    FactoryScriptInfo,
    RegistrationLifecycle,
    EndpointNames,
    DottedNames,
)

__all__ = ["RULES", "Rule", "RuleEvent", "get_rule", "select_rules"]


def get_rule(key: str) -> type[Rule]:
    """The rule whose id ("SM003") or name ("endpoint-helper") is `key`."""
    wanted = key.strip().lower()
    for rule in RULES:
        if wanted in (rule.ID.lower(), rule.NAME):
            return rule
    known = ", ".join(f"{rule.ID} ({rule.NAME})" for rule in RULES)
    raise KeyError(f"unknown rule {key!r}; known rules: {known}")


def select_rules(
    target: FlaskVersion,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> tuple[type[Rule], ...]:
    """The rules to run, in registry order: those selected (all by default), less the
    ignored ones, less those that do not apply to `target`."""
    selected = {get_rule(key) for key in select} or set(RULES)
    ignored = {get_rule(key) for key in ignore}
    return tuple(rule for rule in RULES if rule in selected and rule not in ignored and target in rule.TARGETS)
