"""The command line: parses options and prints; the work is done by the API."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from codemods import get_rule
from scaffold_migrate import __version__, collector, render
from scaffold_migrate.api import migrate_paths
from scaffold_migrate.discovery import STDIN, DiscoveryError
from scaffold_migrate.engine import default_jobs
from scaffold_migrate.errors import ConfigError
from scaffold_migrate.results import Report
from scaffold_migrate.settings import Settings, load_settings
from scaffold_migrate.target_detection import AUTO, TARGET_CHOICES
from scaffold_migrate.terminal import Output, Styled, rich_console

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from codemods._base import Rule

EXIT_CLEAN, EXIT_PENDING, EXIT_FILE_ERROR, EXIT_USAGE = 0, 1, 2, 3
PROGRESS_THRESHOLD = 200
MIGRATE = "migrate"
_SETTINGS = "scaffold_migrate.settings"

_EPILOG = """\b
Other commands: "scaffold-migrate rules" (the rules table) and
"scaffold-migrate explain RULE" (what a rule does and the findings it
reports). A path named like a command is given as ./rules.

\b
Option defaults can be set in pyproject.toml under [tool.scaffold-migrate]
(target-version, select, ignore, exclude, jobs).

\b
Exit codes: 0 nothing to change (or all written); 1 changes or
unacknowledged findings pending (dry run, --check, --diff); 2 some file could
not be read, parsed, verified or written, or the run was interrupted; 3 usage
or configuration error. "# scaffold-migrate: ignore[SM007]" or "# noqa: SM007" on a finding's
line (or the line above) acknowledges it.
"""


class _UsageExit:
    """Usage errors exit with 3, as the contract says (click's own default is 2)."""

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except click.UsageError as exc:
            exc.exit_code = EXIT_USAGE  # type: ignore[misc]  # click reads it from the instance
            raise


class _Command(_UsageExit, click.Command):
    pass


class _MigrateCommand(_Command):
    """The default command: its usage line is the tool's own, and its option defaults
    come from pyproject.toml's [tool.scaffold-migrate] (a bad table is reported when
    the command runs, so that --help still works)."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            settings: Settings | ConfigError = load_settings(_settings_folder(args))
        except ConfigError as exc:
            settings = exc
        if isinstance(settings, Settings):
            extra.setdefault("default_map", settings.defaults)
        context = super().make_context(info_name, args, parent=parent, **extra)
        context.meta[_SETTINGS] = settings
        return context

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.find_root().command_path, " ".join(self.collect_usage_pieces(ctx)))


def _settings_folder(args: list[str]) -> str:
    """Where the settings are looked for: the current folder, or that of the file
    --stdin-filename names (read before the options are parsed, as their defaults
    come from the settings)."""
    for index, arg in enumerate(args):
        if arg.startswith("--stdin-filename="):
            return os.path.dirname(os.path.abspath(arg.partition("=")[2]))
        if arg == "--stdin-filename" and index + 1 < len(args):
            return os.path.dirname(os.path.abspath(args[index + 1]))
    return os.getcwd()


class _Cli(_UsageExit, click.Group):
    """Subcommands, with the migration as the default: a first argument that names no
    subcommand (a path, an option, or nothing) belongs to the migration."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = [MIGRATE, *args]
        return super().parse_args(ctx, args)


class UsageError(click.UsageError):
    exit_code = EXIT_USAGE


def _split(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


_HELP = {"help_option_names": ["-h", "--help"]}


@click.group("scaffold-migrate", cls=_Cli, context_settings=_HELP)
def cli() -> None:
    """scaffold-migrate: migrate legacy Flask code to the Scaffold design."""


@cli.command(MIGRATE, cls=_MigrateCommand, epilog=_EPILOG, context_settings=_HELP)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-w", "--write", is_flag=True, help="Apply the changes (atomically, file by file).")
@click.option(
    "-i",
    "--interactive",
    is_flag=True,
    help="Review hunk by hunk (y/n/a/d/q/?) and write only the accepted ones.",
)
@click.option(
    "--check", is_flag=True, help="List the files that would change; exit 1 if any, or any finding is pending."
)
@click.option("--diff", "plain_diff", is_flag=True, help="Plain unified diff on stdout, all else on stderr.")
@click.option(
    "-t",
    "--target-version",
    type=click.Choice(TARGET_CHOICES),
    default=AUTO,
    show_default=True,
    help="Flask version to migrate to; auto: project pins, else the Flask of the project's environment, else newest.",
)
@click.option("--select", callback=_split, default="", metavar="ID,...", help="Only these rules (ids or names).")
@click.option("--ignore", callback=_split, default="", metavar="ID,...", help="All rules but these.")
@click.option(
    "--add-todos",
    is_flag=True,
    help="Put a '# TODO(scaffold-migrate SMxxx/kind): ...' comment above each finding's line (never twice).",
)
@click.option("--list-rules", is_flag=True, help="List the rules and exit (as the rules command does).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip matching paths (repeatable; gitignore syntax).")
@click.option(
    "--force-exclude", is_flag=True, help="Apply the excludes to files named on the command line too (pre-commit)."
)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: CPU count].")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: a workflow annotation per pending change and finding, on stdout.",
)
@click.option("--statistics", is_flag=True, help="End with the number of changes and findings per rule and kind.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    metavar="FILE.md",
    help="Also write a Markdown report (for a pull request): counts, changed files, findings as a checklist.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only diffs, file lists, findings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also print each change and each file left alone.")
@click.option("--color/--no-color", default=None, help="Force colours on or off [default: terminals only; NO_COLOR].")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help='The file standard input holds ("-", the default then): its settings, target, project and name.',
)
@click.version_option(__version__, "--version")
def migrate(
    paths: tuple[str, ...],
    write: bool,
    interactive: bool,
    check: bool,
    plain_diff: bool,
    target_version: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    add_todos: bool,
    list_rules: bool,
    exclude: tuple[str, ...],
    force_exclude: bool,
    jobs: int | None,
    output_format: str,
    statistics: bool,
    report_path: str | None,
    quiet: bool,
    verbose: bool,
    color: bool | None,
    no_progress: bool,
    stdin_filename: str | None,
) -> None:
    """Migrate Flask 0.x/1.x code to the Scaffold design of Flask 2.x/3.x.

    PATHS are files or folders (default: "."); "-" reads standard input and writes
    the migrated source to standard output. Without --write nothing is written: the
    default is a dry run showing a coloured diff of every change and the findings
    (work the tool detected but could not do safely).
    """
    out = Output(sys.stdout, color)
    err = Output(sys.stderr, color)
    settings = click.get_current_context().meta[_SETTINGS]
    if isinstance(settings, ConfigError):
        raise UsageError(str(settings))
    if list_rules:
        _print_rules(out, output_format)
        return
    paths = paths or ((STDIN,) if stdin_filename else (".",))
    if stdin_filename and paths != (STDIN,):
        raise UsageError('--stdin-filename names what "-" (standard input) holds: give no other path')
    _refuse_conflicts(paths, write, interactive, check, plain_diff, output_format, quiet, verbose)
    shows_progress = not (quiet or no_progress) and err.is_terminal
    progress = _ProgressBar(err.rich, "Migrating" if write else "Checking") if shows_progress else None
    try:
        report = _run(
            paths,
            settings,
            write=write,
            target=target_version,
            select=select,
            ignore=ignore,
            exclude=exclude,
            force_exclude=force_exclude,
            stdin_filename=stdin_filename,
            jobs=jobs or default_jobs(),
            progress=progress,
            add_todos=add_todos,
        )
    finally:
        if progress is not None:
            progress.close()
    report_failed = report_path is not None and not _write_report(err, report, report_path)
    if output_format == "json":
        click.echo(json.dumps(report.to_json(with_diffs=plain_diff), indent=2))
        sys.exit(_exit_code(report, decided=False, report_failed=report_failed, wrote=write))
    if output_format == "github":
        from scaffold_migrate.github import workflow_commands

        for line in workflow_commands(report):
            click.echo(line)
        if not quiet:
            render.print_summary(err, report, wrote=write)
        sys.exit(_exit_code(report, decided=False, report_failed=report_failed, wrote=write))
    filter_mode = paths == (STDIN,) and not (check or plain_diff)
    if not quiet:
        _print_run_facts(err, report, settings)
    if interactive:
        from scaffold_migrate.review import Review

        review = Review(out.rich, _read_key)
        report = dataclasses.replace(report, files=tuple(review.run(report.files)))
        if review.interrupted:
            written = sum(result.written for result in report.files)
            stopped = f"the review was stopped: {render.plural(written, 'file')} written"
            report = dataclasses.replace(report, interrupted=stopped)
    elif filter_mode:
        _print_filtered(report)
    elif plain_diff:
        _print_plain_diffs(report)
    else:
        _print_results(out, report, write, check, verbose)
        if not (write or check or quiet):
            render.print_file_table(err, report)
    render.print_findings(err if plain_diff or filter_mode or check else out, report.files)
    render.print_errors(err, report.files)
    if not quiet:
        render.print_summary(err, report, wrote=write or interactive)
    if not (write or interactive or filter_mode) and (not quiet or (check and report.pending)):
        render.print_next_step(err, report)  # under -q too for a failing check: how to fix it
    if statistics:
        render.print_statistics(err, report)
    if report.interrupted:
        err.print(f"Interrupted: {report.interrupted}", style="bold red")
    sys.exit(_exit_code(report, filter_mode or interactive, report_failed, wrote=write))


def _refuse_conflicts(
    paths: tuple[str, ...],
    write: bool,
    interactive: bool,
    check: bool,
    plain_diff: bool,
    output_format: str,
    quiet: bool,
    verbose: bool,
) -> None:
    # --check --diff is --diff (as in Black): the diff, the exit code of a check.
    modes = [
        name
        for name, on in (
            ("--write", write),
            ("--interactive", interactive),
            ("--check", check and not plain_diff),
            ("--diff", plain_diff),
        )
        if on
    ]
    if interactive and output_format != "text":
        modes.append(f"--format {output_format}")
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be combined")
    if quiet and verbose:
        raise UsageError("-q and -v cannot be combined")
    if STDIN in paths and len(paths) > 1:
        raise UsageError('"-" (standard input) cannot be combined with other paths')
    if STDIN in paths and interactive:
        raise UsageError('"-" (standard input) cannot be reviewed interactively')


def _run(paths: tuple[str, ...], settings: Settings, **options: Any) -> Report:
    """The API's run, its configuration errors as usage errors, and the target's
    source naming the settings file when the target came from there."""
    try:
        with _terminate_as_interrupt():
            report = migrate_paths(paths, **options)
    except (ConfigError, DiscoveryError) as exc:
        raise UsageError(str(exc)) from None
    if click.get_current_context().get_parameter_source("target_version") is ParameterSource.DEFAULT_MAP:
        report = dataclasses.replace(report, target_source=f"{settings.path} [tool.scaffold-migrate]")
    return report


def _print_run_facts(err: Output, report: Report, settings: Settings) -> None:
    err.print(f"Target: Flask {report.target} (from {report.target_source})")
    if settings.path is not None:
        err.print(f"Settings: {settings.path} [tool.scaffold-migrate]")
    for note in report.notes:
        err.print(f"  note: {note}")


def _print_plain_diffs(report: Report) -> None:
    for result in report.changed:
        sys.stdout.buffer.write(render.unified_diff(result))
    sys.stdout.flush()


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM stops the run as Ctrl-C does: cleanly, with what was done reported."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _read_key() -> str:
    """One key press from a terminal; from piped input, the next character that is
    not white space ("" at the end)."""
    if sys.stdin.isatty():
        return click.getchar()
    while True:
        key = sys.stdin.read(1)
        if not key.isspace():
            return key


def _write_report(err: Output, report: Report, path: str) -> bool:
    try:
        with open(path, "w", encoding="utf-8") as file:
            from scaffold_migrate.markdown_report import markdown_report

            file.write(markdown_report(report, path))
    except OSError as exc:
        err.print(f"{path}: cannot write the report: {exc.strerror or exc}", style="red")
        return False
    return True


def _print_results(out: Output, report: Report, write: bool, check: bool, verbose: bool) -> None:
    for result in report.files:
        if check and result.changed:
            rules = sorted({f"{change.rule_id} {change.rule_name}" for change in result.changes})
            out.print(f"{render.display_path(result.path)}: would change ({', '.join(rules)})")
        elif result.changed:
            if write and result.written:
                out.print(Styled("fixed", "bold").append(f" {render.display_path(result.path)}"))
            else:
                render.print_diff(out, result)
        elif verbose and result.error is None:
            state = "skipped (no trigger word)" if result.skipped else "unchanged"
            out.print(f"{render.display_path(result.path)}: {state}", style="dim")
        if verbose:
            render.print_changes(out, result)


def _print_filtered(report: Report) -> None:
    """Standard input in, the migrated (or, on error, the original) source out."""
    result = report.files[0]
    source = result.new_source if result.changed else result.old_source
    sys.stdout.buffer.write(source or b"")
    sys.stdout.flush()


def _exit_code(report: Report, decided: bool, report_failed: bool, wrote: bool) -> int:
    """`decided`: the output is all there is (a filter) or the user chose what to
    write (interactive), so changes not written are not pending. A check (dry run,
    --check, --diff) also fails on findings no comment acknowledges."""
    if report.errors or report.interrupted or report_failed:
        return EXIT_FILE_ERROR
    if not decided and (report.pending or (report.open_findings and not wrote)):
        return EXIT_PENDING
    return EXIT_CLEAN


class _ProgressBar:
    """A progress callback drawing a bar on a terminal for long runs; closed after the
    run, whether or not every file was counted."""

    def __init__(self, console: Console, doing: str) -> None:
        self.console, self.doing = console, doing
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            return
        if self.bar is None:
            from rich.progress import MofNCompleteColumn, Progress  # only for a run long enough to show it

            self.bar = Progress(
                *Progress.get_default_columns(), MofNCompleteColumn(), console=self.console, transient=True
            )
            self.bar.start()
            self.task = self.bar.add_task(f"{self.doing} files", total=total)
        assert self.task is not None
        self.bar.update(self.task, completed=done)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@cli.command(cls=_Command, context_settings=_HELP)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--color/--no-color", default=None, help="Force colours on or off.")
def rules(output_format: str, color: bool | None) -> None:
    """The rules: id, name, target versions, summary, in the order they run."""
    _print_rules(Output(sys.stdout, color), output_format)


@cli.command(cls=_Command, context_settings=_HELP)
@click.argument("rule")
@click.option("--color/--no-color", default=None, help="Force colours on or off.")
def explain(rule: str, color: bool | None) -> None:
    """What RULE (an id such as SM001, or a name) does, why (the Flask change behind
    it), a tested example, what it leaves alone, the findings it can report and how
    safe its fix is: the README's section for the rule."""
    try:
        rule_class = get_rule(rule)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    from scaffold_migrate.explain import print_explanation  # the rules' documentation: only for this command

    print_explanation(rich_console(sys.stdout, color), rule_class)


def _print_rules(output: Output, output_format: str) -> None:
    from codemods.registry import RULES  # every rule's class: only the rules command needs them

    if output_format == "json":
        click.echo(json.dumps([_rule_json(rule) for rule in RULES], indent=2))
    else:
        render.print_rules(output, RULES)


def _rule_json(rule: type[Rule]) -> dict[str, str]:
    return {"id": rule.ID, "name": rule.NAME, "targets": render.target_versions(rule), "summary": rule.SUMMARY}


def main() -> None:
    collector.tune()
    cli(prog_name="scaffold-migrate")
