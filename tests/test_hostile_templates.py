"""Templates that would run for hours or fill memory are stopped and reported at their line.

Each case is a template a colleague might send: `drafter draft` with it, and
`drafter templates check` of it, must each end with exit 1 and a message naming the
template file and line, within a CPU and memory limit the kernel enforces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hostile import LETTER, assert_clean, run_limited

FRONT = """\
---
name: Hostile
kind: letter
fields:
  - name: subject
    label: Subject
  - name: occasion
    label: Occasion
  - name: asks
    label: Asks
---
Opening line.
"""

CASES = {
    # nested loops over the text of a field: hours of CPU
    "nested-loops": (
        "{% for a in fields.occasion %}{% for b in fields.occasion %}"
        "{% for c in fields.occasion %}{% endfor %}{% endfor %}{% endfor %}",
        "took longer than 2 seconds",
    ),
    # repeated squaring: a number of billions of digits
    "squaring": (
        "{% macro sq(x, n) %}{% if n %}{{ sq(x * x, n - 1) }}{% else %}{{ x }}{% endif %}"
        "{% endmacro %}{{ sq(3, 40) }}",
        "a number that large is refused",
    ),
    "lipsum": ("{{ lipsum(10**8) }}", "lipsum"),
    "sum-of-lists": ("{{ ([[1] * 1000] * 2000) | sum(start=[]) }}", "sum"),
    "doubling-text": (
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s | length }}"
        "{% endif %}{% endmacro %}{{ d('x', 40) }}",
        "text longer than",
    ),
    "doubling-list": (
        "{% macro d(s, n) %}{% if n %}{{ d(s + s, n - 1) }}{% else %}{{ s | length }}"
        "{% endif %}{% endmacro %}{{ d([1], 40) }}",
        "longer than",
    ),
    "star-width": ("{{ '%*s' % (10**8, 'x') }}", "format width"),
    "join-of-repeats": ("{{ (['x' * 100000] * 5000) | join }}", "text longer than"),
    "method-join": ("{{ ''.join(['x' * 100000] * 5000) }}", "text longer than"),
    "replace-growth": (
        "{% macro r(s, n) %}{% if n %}{{ r(s.replace('x', s), n - 1) }}{% else %}"
        "{{ s | length }}{% endif %}{% endmacro %}{{ r('xx', 40) }}",
        "text longer than",
    ),
}


def _shown(path: Path, cwd: Path) -> str:
    """The template's name as a message may give it: in full, or from the folder run in."""
    return f"(?:{re.escape(str(path))}|{re.escape(str(path.relative_to(cwd)))})"


def _template(folder: Path, case: str) -> Path:
    body, _ = CASES[case]
    path = folder / "hostile.md.j2"
    path.write_text(FRONT + body + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_runaway_template_is_stopped_at_its_line(tmp_path: Path, case: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    path = _template(folder, case)
    _, words = CASES[case]
    occasion = "o" * 2000
    run = run_limited(
        [
            "draft", *LETTER, "--templates", str(folder), "--template", "hostile",
            "--field", "subject=S", "--field", f"occasion={occasion}", "--field", "asks=A",
            "-o", "out.docx",
        ],
        cwd=tmp_path,
        cpu_seconds=20,
        memory_mb=700,
    )  # fmt: skip
    assert_clean(run, 1)
    (line,) = run.err.splitlines()
    assert re.match(rf"error: {_shown(path, tmp_path)}:13: ", line), line
    assert words in line, line
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("case", sorted(CASES))
def test_templates_check_fails_what_would_blow_the_budget(tmp_path: Path, case: str) -> None:
    path = _template(tmp_path, case)
    _, words = CASES[case]
    run = run_limited(
        ["templates", "check", str(path)], cwd=tmp_path, cpu_seconds=20, memory_mb=700
    )
    assert_clean(run, 1)
    first = run.err.splitlines()[0]
    assert re.match(rf"error: {_shown(path, tmp_path)}:13: ", first), first
    assert words in first, first


def test_the_apps_preview_render_is_stopped_too(tmp_path: Path) -> None:
    # The app's preview calls the same render(); it gets the same located error, in the
    # app's thread or any other, and the app goes on (no exception leaks later).
    import threading

    from test_hostile_citations import _draft, _factbase

    from drafter.drafting.render import render
    from drafter.drafting.templates import TemplateSet, load_template
    from drafter.errors import TemplateError

    path = _template(tmp_path, "nested-loops")
    template = load_template(path)
    templates = TemplateSet.discover().with_template(template)
    draft = _draft("o" * 2000, "", "Lee")
    draft.template = template.name
    draft.fields = {"subject": "S", "occasion": "o" * 2000, "asks": "A"}
    results: list[str] = []

    def preview() -> None:
        try:
            render(draft, _factbase(["A statement."]), templates)
        except TemplateError as exc:
            results.append(str(exc))

    preview()
    worker = threading.Thread(target=preview)
    worker.start()
    worker.join()
    assert len(results) == 2
    for message in results:
        assert re.match(rf"{_shown(path, tmp_path)}:13: the template took longer than 2 ", message)
    assert sum(range(1000)) == 499500  # the budget's watchdog is gone: nothing interrupts
