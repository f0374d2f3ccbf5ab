"""Template files: `*.md.j2` with YAML front matter, read and checked.

A template is YAML front matter (name, description, kind, fields, salutation,
valediction) between `---` lines, then a Markdown body with Jinja2 tags. This module
reads one file into a `LetterTemplate`, reporting each front matter problem at its file
line; `drafter.drafting.render` finds template folders, runs templates and renders drafts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml

from drafter import paths
from drafter.document import DocumentKind
from drafter.drafting.citations import STYLES
from drafter.errors import TemplateError
from drafter.yamlio import CONTROL, NodeReader, character_name, compose, read_text

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


def citation_style(reader: NodeReader, node: yaml.Node) -> str:
    """A `citation_style` value (drafts and template front matter): one of STYLES."""
    style = reader.text(node, "citation_style", required=False) or ""
    if style and style not in STYLES:
        reader.out.add(
            node, f"unknown citation style '{style}'", "use one of: " + ", ".join(STYLES)
        )
        return ""
    return style


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
            values["citation_style"] = citation_style(self, known["citation_style"])
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
