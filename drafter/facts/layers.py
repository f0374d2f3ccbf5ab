"""The office's own fact files, remembered: `layers.yaml` in the config folder.

drafter's default fact base is the bundled `facts.yaml` with the files listed here
layered on top, lowest first, so an office's facts (and a third party's base it shares)
are loaded every time, by the app and every command, with no flag or variable to
remember. One of them is the **office file**: where `facts add` and `sources add` write
when no `--to` is given. `--facts FILE` or DRAFTER_FACTS replace the whole default base.

```yaml
# written by `drafter facts layers`; paths relative to this folder, or absolute
layers:
  - ~/office/facts/office.yaml
office: ~/office/facts/office.yaml
```
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from drafter.errors import FactBaseError
from drafter.paths import bundled_facts, config_dir, expand_user, facts_from_env
from drafter.yamlio import NodeReader, compose, read_text

HEADER = (
    "# drafter's fact files, layered on the bundled base, lowest first.\n"
    "# Written by `drafter facts layers`; `office` is where `facts add` and\n"
    "# `sources add` write. Paths are absolute, or relative to this folder.\n"
)


def layers_file() -> Path:
    return config_dir() / "layers.yaml"


@dataclass(frozen=True, slots=True)
class Layers:
    files: tuple[Path, ...] = ()
    office: Path | None = None


class _LayersReader(NodeReader):
    holder = "the layers file"

    def read(self, root: yaml.Node | None, folder: Path) -> Layers:
        if root is None:
            return Layers()
        known, _ = self.fields(root, "the layers file", ("layers", "office"), ())
        files: list[Path] = []
        if "layers" in known:
            node = known["layers"]
            if isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    text = self.text(item, "a layer")
                    if text:
                        files.append(_resolve(text, folder))
            elif node.tag != "tag:yaml.org,2002:null":
                self.out.add(node, "layers must be a list of files", "start each with '- '")
        office = None
        if "office" in known:
            text = self.text(known["office"], "the office file", required=False)
            office = _resolve(text, folder) if text else None
        return Layers(tuple(dict.fromkeys(files)), office)


def _resolve(text: str, folder: Path) -> Path:
    path = expand_user(text)
    return path if path.is_absolute() else folder / path


def read_layers(path: Path | None = None) -> Layers:
    """The configured layers; none when the file does not exist. FactBaseError if bad."""
    path = path or layers_file()
    if not path.exists():
        return Layers()
    display = str(path)
    root = compose(read_text(path, display, error=FactBaseError, what="layers file"), display)
    reader = _LayersReader(display)
    layers = reader.read(root, path.parent)
    if reader.out.problems:
        raise FactBaseError(reader.out.problems)
    return layers


def write_layers(layers: Layers, path: Path | None = None) -> Path:
    """Save the layers (atomically), making the config folder if need be."""
    from drafter.facts.edit import scalar
    from drafter.fileio import atomic_write_text

    path = path or layers_file()
    lines = [HEADER.rstrip("\n")]
    lines.append("layers:" if layers.files else "layers: []")
    lines.extend(f"  - {scalar(str(p))}" for p in layers.files)
    if layers.office is not None:
        lines.append(f"office: {scalar(str(layers.office))}")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, "\n".join(lines) + "\n", force=True)
    return path


def adopt_office(target: Path) -> Path:
    """Make `target` the office file, layered on top if it is not yet; the layers file."""
    layers = read_layers()
    path = target.expanduser().absolute()
    files = layers.files if any(same_file(f, path) for f in layers.files) else (*layers.files, path)
    return write_layers(Layers(files, path))


def default_fact_paths() -> list[Path]:
    """DRAFTER_FACTS when set; else the bundled base and the configured layers."""
    return facts_from_env() or [bundled_facts(), *read_layers().files]


def same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(os.path.abspath(a)) == Path(os.path.abspath(b))
