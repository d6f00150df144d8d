"""Each rule as a libcst codemod command of its own, named as its class:

    python -m libcst.tool codemod -x codemods.libcst_route.EndpointHelper --no-format --target-version 3.1 src/

Only this route imports libcst.codemod: the tool's own runs never do.
"""

from __future__ import annotations

import argparse
from typing import ClassVar

import libcst as cst
from libcst.codemod import CodemodCommand, CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor

from codemods._base import Rule
from codemods._context import RuleContext
from codemods._nodes import NodeIndex
from codemods.registry import RULES
from codemods.versions import NEWEST


class RuleCommand(CodemodCommand):
    """A rule run by libcst's codemod command: libcst resolves the metadata the rule
    declares and settles the imports it schedules."""

    RULE: ClassVar[type[Rule]]

    def __init__(self, context: CodemodContext, target_version: str = str(NEWEST)) -> None:
        super().__init__(context)
        self.target_version = target_version

    @staticmethod
    def add_args(arg_parser: argparse.ArgumentParser) -> None:
        arg_parser.add_argument(
            "--target-version",
            default=str(NEWEST),
            help="Flask version to migrate to (default: %(default)s)",
        )

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        context = self.context
        rule_context = RuleContext(context.filename, context.full_module_name, context.full_package_name, tree)
        rule = self.RULE(rule_context, self.target_version)
        wrapper = context.wrapper
        assert wrapper is not None  # libcst's transform_module made it
        rule.prepare(wrapper.resolve_many(rule.get_inherited_dependencies()), NodeIndex.walk(tree))
        transformed = tree.visit(rule)
        for addition in rule_context.additions:
            AddImportsVisitor.add_needed_import(context, addition.module, addition.obj)
        for removal in rule_context.removals:
            RemoveImportsVisitor.remove_unused_import(context, removal.module, removal.obj, removal.asname)
        for warning in rule_context.warnings:
            self.warn(warning)
        return transformed


for _rule in RULES:
    globals()[_rule.__name__] = type(
        _rule.__name__, (RuleCommand,), {"RULE": _rule, "DESCRIPTION": _rule.DESCRIPTION, "__module__": __name__}
    )
