"""A template cannot reach Python internals, files, or exhaust memory; each attempt says why."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from drafter import paths
from drafter.drafting.draft import Draft
from drafter.drafting.render import render
from drafter.drafting.templates import TemplateSet
from drafter.errors import TemplateError
from drafter.facts.loader import FactBase, load_factbase
from drafter.people.address import Recipient
from drafter.people.sender import Sender

HEAD = "---\nname: Probe\nkind: letter\n---\n"  # the body starts on line 5


@pytest.fixture(scope="module")
def factbase() -> FactBase:
    return load_factbase([paths.bundled_facts()])


def attempt(tmp_path: Path, factbase: FactBase, body: str) -> TemplateError:
    (tmp_path / "probe.md.j2").write_text(HEAD + body, encoding="utf-8")
    templates = TemplateSet.from_folders([tmp_path])
    draft = Draft(
        template="probe",
        topic="hong-kong",
        facts=["amnesty-hong-kong-third-round-bounties"],
        recipient=Recipient(kind="person", honorific="Ms", first_name="Ann", last_name="Lee"),
        sender=Sender(name="Lord Smith of Town"),
        date=dt.date(2026, 11, 23),
    )
    with pytest.raises(TemplateError) as caught:
        render(draft, factbase, templates, today=dt.date(2026, 11, 23))
    error = caught.value
    (problem,) = error.problems
    assert problem.file == str(tmp_path / "probe.md.j2")
    assert "Traceback" not in str(error)
    return error


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ facts[0].__class__ }}",
        "{{ cite.__globals__ }}",
        "{{ range.__closure__ }}",
        "{{ date.__class__.__init__.__globals__ }}",
        "{{ sender.__slots__ }}",
        "{{ fields.__class__ }}",
        "{{ (1).__class__.__base__.__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{{ ''.format.__globals__ }}",
        "{{ '{0.__class__}'.format(date) }}",
    ],
)
def test_python_internals_are_out_of_reach(tmp_path: Path, factbase: FactBase, body: str) -> None:
    error = attempt(tmp_path, factbase, "Line 5.\n" + body + "\n")
    problem = error.problems[0]
    assert problem.line == 6
    assert "not allowed in a template" in problem.message or "undefined" in problem.message


def test_the_classic_escape_says_it_is_unsafe(tmp_path: Path, factbase: FactBase) -> None:
    error = attempt(tmp_path, factbase, "{{ ''.__class__.__mro__ }}\n")
    assert error.problems[0].message == (
        "not allowed in a template: access to attribute '__class__' of 'str' object is unsafe."
    )


@pytest.mark.parametrize(
    "body",
    [
        "{% include '../../etc/passwd' %}",
        "{% include '/etc/passwd' %}",
        "{% include 'probe/../../secret' %}",
        "{% import '..\\\\..\\\\boot.ini' as x %}",
        "{% extends '../letter_templates/minister-letter.md.j2' %}",
        "{% from '~/.ssh/id_rsa' import key %}",
        "{% include 'nonexistent' %}",
    ],
)
def test_no_file_outside_the_template_set_can_be_read(
    tmp_path: Path, factbase: FactBase, body: str
) -> None:
    secret = tmp_path.parent / "secret"
    secret.write_text("secret", encoding="utf-8")
    error = attempt(tmp_path, factbase, body + "\n")
    problem = error.problems[0]
    assert problem.line == 5
    assert problem.message.startswith("cannot include '")
    assert "templates can include other templates only" in problem.message


def test_another_template_can_be_included_by_name(tmp_path: Path, factbase: FactBase) -> None:
    (tmp_path / "part.md.j2").write_text(HEAD + "From the part.\n", encoding="utf-8")
    error = attempt(tmp_path, factbase, "{% include 'part' %}{% include 'part.md.j2' %}{{ x }}\n")
    assert "'x' is undefined" in error.problems[0].message  # both includes worked


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% for i in range(10**6) %}{% endfor %}", "range() of 1000000 items"),
        (
            "{% for i in range(10000) %}{% for j in range(10) %}{% endfor %}{% endfor %}",
            "loops over more than 100000 items",
        ),
        ("{{ 'x' * 10**8 }}", "repeating text or a list that many times is refused"),
        ("{{ [1] * 10**8 }}", "repeating text or a list that many times is refused"),
        ("{{ 10 ** 1000000 }}", "a power that large is refused"),
        ("{{ '{:{w}}'.format('a', w=10**9) }}", "a format width taken from an argument"),
        ("{{ '%999999999s' % 'a' }}", "format width of 999999999"),
        ("{{ '%.999999999f' % 1.5 }}", "format width of 999999999"),
        ("{{ '{:>999999999}'.format('a') }}", "format width of 999999999"),
        ("{{ 'a'.ljust(999999999) }}", "a width of 999999999"),
        ("{{ 'a'.center(999999999) }}", "a width of 999999999"),
        ("{{ 'a' | center(999999999) }}", "'center' was given 999999999"),
        ("{{ 'a\\nb' | indent(999999999) }}", "'indent' was given 999999999"),
        ("{{ [1] | slice(999999999) | list }}", "'slice' was given 999999999"),
        ("{{ '%999999999s' | format('a') }}", "format width of 999999999"),
    ],
)
def test_memory_and_time_bombs_are_refused(
    tmp_path: Path, factbase: FactBase, body: str, message: str
) -> None:
    error = attempt(tmp_path, factbase, body + "\n")
    problem = error.problems[0]
    assert problem.line == 5
    assert message in problem.message


def test_output_is_capped(tmp_path: Path, factbase: FactBase) -> None:
    error = attempt(tmp_path, factbase, "{% for i in range(2000) %}{{ 'x' * 1000 }}{% endfor %}\n")
    assert "output is larger than 1,000,000 characters" in error.problems[0].message


def test_runaway_recursion_is_stopped(tmp_path: Path, factbase: FactBase) -> None:
    error = attempt(tmp_path, factbase, "{% macro f() %}{{ f() }}{% endmacro %}\n{{ f() }}\n")
    assert error.problems[0].message == "the template calls itself too deeply"


@pytest.mark.parametrize(
    "body",
    [
        "{{ fields.update({'subject': 'x'}) }}",
        "{{ fields.clear() }}",
        "{{ fields.setdefault('a', 'b') }}",
        "{% set xs = [1] %}{{ xs.append(2) }}",
    ],
)
def test_the_context_cannot_be_changed(tmp_path: Path, factbase: FactBase, body: str) -> None:
    error = attempt(tmp_path, factbase, body + "\n")
    assert "not allowed in a template" in error.problems[0].message
    assert "object is unsafe" in error.problems[0].message


def test_ordinary_formatting_still_works(tmp_path: Path, factbase: FactBase) -> None:
    body = (
        "{{ '%5s|%-3d|%.2f' % ('a', 7, 1.5) }} {{ '{:>4}'.format('b') }} {{ 'c'.ljust(3) }}|"
        "{{ 'x' * 3 }} {{ 2 ** 10 }} {{ '{:,}'.format(1000000) }} {{ 'd' | center(5) }}|"
        "{{ range(3) | list }}{{ undefined_on_purpose }}\n"
    )
    error = attempt(tmp_path, factbase, body)
    assert "'undefined_on_purpose' is undefined" in error.problems[0].message


def test_ordinary_formatting_output(tmp_path: Path, factbase: FactBase) -> None:
    (tmp_path / "fmt.md.j2").write_text(
        HEAD + "{{ '%5s|%-3d|%.2f' % ('a', 7, 1.5) }}/{{ '{:>4}'.format('b') }}/"
        "{{ 'x' * 3 }}/{{ 2 ** 10 }}/{{ '{:,}'.format(1000000) }}/{{ range(3) | list }}\n",
        encoding="utf-8",
    )
    templates = TemplateSet.from_folders([tmp_path])
    draft = Draft(
        template="fmt",
        topic="hong-kong",
        recipient=Recipient(kind="person", honorific="Ms", first_name="Ann", last_name="Lee"),
        sender=Sender(name="Lord Smith of Town"),
    )
    body = render(draft, factbase, templates, today=dt.date(2026, 11, 23)).body
    assert body == "    a|7  |1.50/   b/xxx/1024/1,000,000/[0, 1, 2]"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_linked_template_pointing_outside_its_folder_is_skipped(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md.j2"
    outside.write_text(HEAD + "Outside.\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "inside.md.j2").write_text(HEAD + "Inside.\n", encoding="utf-8")
    (folder / "escape.md.j2").symlink_to(outside)
    (folder / "alias.md.j2").symlink_to(folder / "inside.md.j2")
    templates = TemplateSet.from_folders([folder])
    assert templates.names() == ["alias", "inside"]
    (problem,) = templates.problems
    assert problem.file == str(folder / "escape.md.j2")
    assert "links to a file outside its folder" in problem.message


def test_template_names_must_be_plain(tmp_path: Path) -> None:
    (tmp_path / "Bad Name.md.j2").write_text(HEAD + "x\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    templates = TemplateSet.from_folders([tmp_path])
    assert templates.names() == []
    (problem,) = templates.problems
    assert "'Bad Name' cannot be a template name" in problem.message
