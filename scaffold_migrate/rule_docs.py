"""The rules' documentation, made from what each rule declares: its summary, prose,
example cases (tested like every declared case) and kinds of finding. The README's
rule sections and `scaffold-migrate explain` print the same text;
`python -m scaffold_migrate.rule_docs` writes it into README.md (and the rules'
triggers into codemods/_catalogue.py)."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from codemods._base import Rule, case_with_target
from codemods.registry import RULES
from scaffold_migrate.catalogue_source import write_catalogue
from scaffold_migrate.render import target_versions

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- rule sections: made by `python -m scaffold_migrate.rule_docs` from the rules' data -->"
END = "<!-- end of rule sections -->"


def sections(rule: type[Rule]) -> list[tuple[str, str]]:
    """(title, Markdown) for each section, in ruff's order."""
    return [
        ("What it does", inspect.cleandoc(rule.WHAT_IT_DOES)),
        ("Why", inspect.cleandoc(rule.WHY)),
        ("Example", _examples(rule)),
        ("What it leaves alone", inspect.cleandoc(rule.LEAVES_ALONE)),
        ("Findings", _findings(rule)),
        ("Fix safety", inspect.cleandoc(rule.FIX_SAFETY)),
    ]


def _findings(rule: type[Rule]) -> str:
    if not rule.FINDINGS:
        return "None: what the rule does not recognise, it leaves alone."
    return "\n".join(f"- `{rule.ID}/{kind}`: {text}" for kind, text in rule.FINDINGS.items())


def _examples(rule: type[Rule]) -> str:
    """The named rewrite cases; for a rule that only reports, its first finding case."""
    if rule.EXAMPLES:
        return "\n\n".join(_example(rule, name) for name in rule.EXAMPLES)
    _target, source, line, text = case_with_target(next(iter(rule.FINDING_CASES.values())))
    return (
        f"```python\n{textwrap.dedent(str(source)).strip()}\n```\n\n"
        f"is reported on line {line} (the message says {str(text)!r}, and what to do)."
    )


def _example(rule: type[Rule], name: str) -> str:
    target, before, after = case_with_target(rule.REWRITES[name])
    return (
        f"```python\n{textwrap.dedent(str(before)).strip()}\n```\n\n"
        f"becomes, for target {target}:\n\n"
        f"```python\n{textwrap.dedent(str(after)).strip()}\n```"
    )


def rule_markdown(rule: type[Rule]) -> str:
    body = "\n\n".join(f"#### {title}\n\n{text}" for title, text in sections(rule))
    return f"### {rule.ID} {rule.NAME}\n\n*Targets {target_versions(rule)}:* {rule.SUMMARY}.\n\n{body}\n"


def rules_table() -> str:
    rows = [f"| {rule.ID} | {rule.NAME} | {target_versions(rule)} | {rule.SUMMARY} |" for rule in RULES]
    return "\n".join(["| id | name | targets | what it does |", "|---|---|---|---|", *rows]) + "\n"


def rules_markdown() -> str:
    return "\n".join([rules_table(), *(rule_markdown(rule) for rule in RULES)])


def with_rule_sections(readme: str) -> str:
    """The README text with its rule sections made anew."""
    head, begin, rest = readme.partition(BEGIN)
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"README.md lacks the markers {BEGIN!r} ... {END!r}")
    return f"{head}{BEGIN}\n\n{rules_markdown()}\n{END}{tail}"


def main() -> None:
    README.write_text(with_rule_sections(README.read_text(encoding="utf-8")), encoding="utf-8")
    write_catalogue()


if __name__ == "__main__":
    main()
