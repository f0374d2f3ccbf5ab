"""Templates: `*.md.j2` files read and checked, and the `TemplateSet` a user chooses from.

A template is YAML front matter (name, description, kind, fields, salutation,
valediction) between `---` lines, then a Markdown body with Jinja2 tags. This module
reads one file into a `LetterTemplate`, reporting each front matter problem at its file
line, and gathers them into a `TemplateSet`: the bundled folder, then the user's config
folder, then any `--templates DIR` (a later folder's template replaces an earlier one of
the same name), each compiled once.

Jinja runs in drafter.drafting.sandbox (`ImmutableSandboxedEnvironment`, `StrictUndefined`,
limits on what can fill memory): no underscore attributes, no mutation of the context,
no files but other templates by name. Every failure becomes a `TemplateError` naming the
template file and line (`template_failure`). What a template can name is in
drafter.drafting.context and docs/templates.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, get_args

import jinja2
import yaml
from jinja2.exceptions import SecurityError

from drafter import paths
from drafter.document import DocumentKind
from drafter.drafting.budget import MAX_MEGABYTES, MAX_SECONDS, TemplateTooLarge, TemplateTooSlow
from drafter.drafting.citations import read_citation_style
from drafter.drafting.context import (
    CONTEXT_NAMES,
    UNDECLARED,
    FieldUndefined,
    bibliography_filter,
    briefing_sections,
    citation,
    lines,
    undated,
)
from drafter.drafting.sandbox import (
    WIDTH_FILTERS,
    OutputTooLarge,
    Sandbox,
    TemplateMisuse,
    guarded_filter,
    install_limits,
)
from drafter.errors import Problem, TemplateError
from drafter.textfmt import join_and, suggest, uk_date
from drafter.yamlio import CONTROL, SLUG, NodeReader, character_name, compose, read_text

SUFFIX = ".md.j2"
KINDS: tuple[str, ...] = get_args(DocumentKind)
MAX_TEMPLATE_BYTES = 1024 * 1024
_FRONT_MATTER_KEYS = (
    "name", "description", "kind", "fields", "salutation", "valediction", "citation_style",
)  # fmt: skip
_FIELD_KEYS = ("name", "label", "required", "default", "help", "markdown")
_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FENCE = re.compile(r"^---[ \t]*$")


@dataclass(frozen=True, slots=True)
class TemplateField:
    """A value the template asks the user for, declared in its front matter."""

    name: str
    label: str
    required: bool = False
    default: str = ""
    help: str = ""
    line: int = 0  # the line of its declaration, for errors about it
    markdown: bool = False  # its value is Markdown (bold, lists); otherwise it is text


@dataclass(frozen=True, slots=True)
class LetterTemplate:
    """One template file: its front matter read, its body kept for Jinja."""

    name: str  # the file name without .md.j2: "minister-letter"
    title: str  # the front matter's `name`: "Letter to a Minister"
    description: str
    kind: DocumentKind
    fields: tuple[TemplateField, ...]
    path: Path
    body: str
    body_line: int  # the file line the body starts on, so errors give real lines
    fields_line: int = 1
    salutation: str = ""  # overrides the recipient's computed salutation
    valediction: str = ""
    extensions: Mapping[str, Any] = field(default_factory=dict)
    citation_style: str = ""  # "oscola" or "oscola-no-ibid"; "": oscola unless the draft says

    @property
    def display(self) -> str:
        return paths.display_path(self.path)

    def field(self, name: str) -> TemplateField | None:
        return next((f for f in self.fields if f.name == name), None)


class _FrontMatterReader(NodeReader):
    holder = "front matter"

    def read(self, root: yaml.Node | None) -> dict[str, Any]:
        values: dict[str, Any] = {"fields": (), "fields_line": 1, "extensions": {}}
        if root is None:
            self.out.add(None, "the front matter is empty", "give at least name and kind")
            return values
        known, values["extensions"] = self.fields(
            root, "the front matter", _FRONT_MATTER_KEYS, ("name", "kind")
        )
        for key in ("name", "description", "salutation", "valediction"):
            if key in known:
                values[key] = self.text(known[key], key, required=key == "name") or ""
        if "kind" in known:
            kind = self.text(known["kind"], "kind")
            if kind is not None and kind not in KINDS:
                self.out.add(
                    known["kind"], f"kind '{kind}' is not known", "use one of: " + ", ".join(KINDS)
                )
            values["kind"] = kind
        if "citation_style" in known:
            values["citation_style"] = read_citation_style(self, known["citation_style"])
        if "fields" in known:
            key = next(k for k, v in root.value if v is known["fields"])
            values["fields_line"] = key.start_mark.line + 1
            values["fields"] = tuple(self.field_list(known["fields"]))
        return values

    def field_list(self, node: yaml.Node) -> list[TemplateField]:
        if isinstance(node, yaml.ScalarNode) and node.value == "":
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.out.add(node, "fields must be a list", "start each field with '- name: ...'")
            return []
        result: list[TemplateField] = []
        for item in node.value:
            line = item.start_mark.line + 1
            known, _ = self.fields(item, f"the field at line {line}", _FIELD_KEYS, ("name",))
            name = self.text(known["name"], "the field's name") if "name" in known else None
            if name is None:
                continue
            if not _FIELD_NAME.match(name):
                self.out.add(
                    known["name"],
                    f"field name '{name}' cannot be used in a template",
                    "use lowercase letters, digits and underscores, starting with a letter",
                )
                continue
            if any(f.name == name for f in result):
                self.out.add(known["name"], f"field '{name}' is declared twice", "remove one")
                continue
            label = name.replace("_", " ").capitalize()
            if "label" in known:
                label = self.text(known["label"], f"the label of field '{name}'") or label
            help_text = ""
            if "help" in known:
                help_text = self.text(known["help"], f"the help of '{name}'", required=False) or ""
            default = ""
            if "default" in known:
                default = self.multiline(known["default"], f"the default of field '{name}'")
            required = False
            if "required" in known:
                required = self.flag(known["required"], f"required of field '{name}'")
            markdown = False
            if "markdown" in known:
                markdown = self.flag(known["markdown"], f"markdown of field '{name}'")
            result.append(TemplateField(name, label, required, default, help_text, line, markdown))
        return result


def parse_template(text: str, path: Path, name: str | None = None) -> LetterTemplate:
    """A template from its file text; TemplateError with the file line of each problem."""
    display = paths.display_path(path)
    bad = CONTROL.search(text)
    if bad:  # a NUL or a bell would pass through Jinja into every letter
        start = bad.start()
        raise TemplateError.single(
            display,
            f"contains {character_name(bad.group())}",
            "delete it; a template is plain text",
            line=text.count("\n", 0, start) + 1,
            column=start - (text.rfind("\n", 0, start) + 1) + 1,
        )
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise TemplateError.single(
            display,
            "a template starts with front matter: a line '---', YAML, and another '---'",
            "see docs/templates.md for an example",
            line=1,
        )
    close = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if close is None:
        raise TemplateError.single(
            display,
            "the front matter has no closing '---' line",
            "end the YAML with a line holding only ---",
            line=1,
        )
    # A leading newline keeps YAML's line numbers equal to the file's.
    root = compose("\n" + "\n".join(lines[1:close]), display, error=TemplateError)
    reader = _FrontMatterReader(display)
    values = reader.read(root)
    if reader.out.problems:
        raise TemplateError(reader.out.problems)
    return LetterTemplate(
        name=name if name is not None else template_name(path),
        title=values["name"],
        description=values.get("description", ""),
        kind=values["kind"],
        fields=values["fields"],
        path=path,
        body="\n".join(lines[close + 1 :]),
        body_line=close + 2,
        fields_line=values["fields_line"],
        salutation=values.get("salutation", ""),
        valediction=values.get("valediction", ""),
        extensions=values["extensions"],
        citation_style=values.get("citation_style", ""),
    )


def load_template(path: Path) -> LetterTemplate:
    text = read_text(
        path, str(path), error=TemplateError, what="template", max_bytes=MAX_TEMPLATE_BYTES
    )
    return parse_template(text, path)


def template_name(path: Path) -> str:
    """A template's name: its file name without .md.j2."""
    name = path.name
    return name[: -len(SUFFIX)] if name.endswith(SUFFIX) else path.stem


# --------------------------------------------------------------------------- template sets


class _Loader(jinja2.BaseLoader):
    """Serves the templates of one TemplateSet by name, and nothing else."""

    def __init__(self, templates: Mapping[str, LetterTemplate]) -> None:
        self._templates = templates

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        name = template[: -len(SUFFIX)] if template.endswith(SUFFIX) else template
        found = self._templates.get(name) if SLUG.match(name) else None
        if found is None:
            raise jinja2.TemplateNotFound(template)
        # Blank lines in place of the front matter make Jinja's line numbers the file's.
        return "\n" * (found.body_line - 1) + found.body, found.display, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self._templates)


def _make_environment(templates: Mapping[str, LetterTemplate]) -> jinja2.Environment:
    env = Sandbox(
        loader=_Loader(templates),
        undefined=FieldUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    for name in WIDTH_FILTERS:
        original = env.filters[name]
        env.filters[name] = guarded_filter(
            original, name, getattr(original, "jinja_pass_arg", None) is not None
        )
    install_limits(env)
    env.filters.update(
        uk_date=uk_date,
        join_and=join_and,
        lines=lines,
        citation=citation,
        bibliography=bibliography_filter,
        undated=undated,
    )
    env.globals.pop("range", None)  # each render gets its own, with its own budget
    env.globals["briefing_sections"] = briefing_sections
    return env


class TemplateSet:
    """The templates a user can choose from, compiled once each, by name."""

    def __init__(
        self,
        templates: Mapping[str, LetterTemplate],
        *,
        broken: Mapping[str, TemplateError] | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        self._templates = dict(sorted(templates.items()))
        self._broken = dict(broken or {})
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.environment = _make_environment(self._templates)
        self.displays = frozenset(t.display for t in self._templates.values())

    @classmethod
    def discover(cls, extra_dirs: Sequence[Path] = ()) -> TemplateSet:
        """Bundled templates, then the user's, then each of `extra_dirs` (later wins)."""
        for folder in extra_dirs:
            if not Path(folder).is_dir():
                raise TemplateError.single(
                    str(folder), "is not a folder of templates", "check the --templates path"
                )
        return cls.from_folders(
            [paths.bundled_templates(), paths.user_templates_dir(), *map(Path, extra_dirs)]
        )

    @classmethod
    def from_folders(cls, folders: Sequence[Path]) -> TemplateSet:
        """The `*.md.j2` files of `folders` (missing ones skipped); later folders win."""
        found: dict[str, LetterTemplate] = {}
        broken: dict[str, TemplateError] = {}
        problems: list[Problem] = []
        for folder in folders:
            if not folder.is_dir():
                continue
            root = folder.resolve()
            for path in sorted(folder.glob("*" + SUFFIX)):
                name = template_name(path)
                if name.startswith("."):
                    continue
                if not path.resolve().is_relative_to(root):
                    problems.append(
                        Problem(str(path), "links to a file outside its folder; skipped")
                    )
                    continue
                if not SLUG.match(name):
                    problems.append(
                        Problem(
                            str(path),
                            f"'{name}' cannot be a template name; skipped",
                            "name template files in lowercase letters, digits and hyphens",
                        )
                    )
                    continue
                try:
                    found[name] = load_template(path)
                    broken.pop(name, None)
                except TemplateError as exc:
                    broken[name] = exc
                    found.pop(name, None)
                    problems.extend(exc.problems)
        return cls(found, broken=broken, problems=problems)

    def with_template(self, template: LetterTemplate) -> TemplateSet:
        """This set with `template` added (or replacing the one of its name)."""
        templates = dict(self._templates)
        templates[template.name] = template
        broken = {k: v for k, v in self._broken.items() if k != template.name}
        return TemplateSet(templates, broken=broken, problems=self.problems)

    def names(self) -> list[str]:
        return list(self._templates)

    def __iter__(self) -> Iterator[LetterTemplate]:
        return iter(self._templates.values())

    def __len__(self) -> int:
        return len(self._templates)

    def __contains__(self, name: object) -> bool:
        return name in self._templates

    def get(self, name: str) -> LetterTemplate:
        if name in self._broken:
            raise self._broken[name]
        try:
            return self._templates[name]
        except KeyError:
            raise TemplateError.single(
                name or "(none)",
                f"no template named '{name}'" if name else "no template chosen",
                suggest(name, self.names(), "templates"),
            ) from None

    def compiled(self, template: LetterTemplate) -> jinja2.Template:
        try:
            return self.environment.get_template(template.name)
        except Exception as exc:
            raise template_failure(exc, template, self.displays) from None


# --------------------------------------------------------------------------- errors


BUDGET_MESSAGES = ("the template took longer than", "the template used more than")


def _failure_place(exc: BaseException, displays: frozenset[str]) -> tuple[str, int | None]:
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return exc.filename, exc.lineno
    place: tuple[str, int | None] = ("", None)
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in displays:
            place = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return place


def template_failure(
    exc: BaseException, template: LetterTemplate, displays: frozenset[str]
) -> TemplateError:
    """A TemplateError naming the file and line where `exc` arose, and what to do."""
    file, line = _failure_place(exc, displays)
    file = file or template.display
    names = ", ".join(CONTEXT_NAMES)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        # drafter's message; Jinja's own words (its version's) only as detail in the hint.
        message = "template syntax error"
        hint = "check the {{ }} and {% %} tags on this line; see docs/templates.md"
        if exc.message:
            hint += f" (Jinja says: {exc.message.strip()})"
    elif isinstance(exc, SecurityError):
        message = f"not allowed in a template: {exc}"
        hint = "templates may use only the names in docs/templates.md"
    elif isinstance(exc, jinja2.UndefinedError) and UNDECLARED in str(exc.message):
        message = str(exc.message)
        hint = "add it under fields: with a name and a label; see docs/templates.md"
    elif isinstance(exc, jinja2.UndefinedError):
        message = f"undefined name: {exc.message}"
        hint = f"a template can use {names} and the fields it declares"
    elif isinstance(exc, jinja2.TemplateNotFound):
        message = f"cannot include '{exc.name}': templates can include other templates only"
        hint = "name another template without a folder or a path, e.g. 'minister-letter'"
    elif isinstance(exc, RecursionError):
        message = "the template calls itself too deeply"
        hint = "check for a macro or include that never stops"
    elif isinstance(exc, OutputTooLarge | TemplateMisuse):
        message = str(exc)
        hint = "see docs/templates.md"
    elif isinstance(exc, TemplateTooSlow):
        message = f"{BUDGET_MESSAGES[0]} {MAX_SECONDS:g} seconds to render; stopped"
        hint = "check for loops inside loops, or over long text; see docs/templates.md"
    elif isinstance(exc, TemplateTooLarge | MemoryError):
        message = f"{BUDGET_MESSAGES[1]} {MAX_MEGABYTES} MB of memory to render; stopped"
        hint = "check for text or lists that grow in a loop; see docs/templates.md"
    elif isinstance(exc, jinja2.TemplateError):
        message = f"template error: {exc.message}"
        hint = "check the expression on this line; see docs/templates.md"
    else:
        message = f"the template failed: {type(exc).__name__}: {exc}"
        hint = "check the expression on this line"
    return TemplateError(Problem(file, message, hint, line))
