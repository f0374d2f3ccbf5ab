"""The Jinja sandbox templates run in, with limits on what can exhaust the machine.

Jinja's `ImmutableSandboxedEnvironment` already refuses underscore attributes and
mutation; a template shared between offices could still fill memory or loop for ever
with plain arithmetic and string operations. `Sandbox` caps repeated strings and
lists, powers, padding and format widths; `budgeted_range` caps `range()` per render.
Every refusal is a `SecurityError`, which rendering turns into a located TemplateError.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT_CHARS = 1_000_000
MAX_RANGE = 10_000  # items one range() may give
MAX_LOOP_ITEMS = 100_000  # items all range() calls in one render may give together
MAX_WIDTH = 10_000  # widths and counts given to padding and repeating operations
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*([0-9]*)(?:\.([0-9]*))?")


class OutputTooLarge(Exception):
    pass


class TemplateMisuse(Exception):
    """A context function used wrongly (cite() given something that is not a fact)."""


def _check_width(value: object, what: str) -> None:
    if isinstance(value, int) and value > MAX_WIDTH:
        raise SecurityError(f"{what} {value} is larger than a template may use ({MAX_WIDTH})")


def _check_format(text: str) -> None:
    """Refuse widths like '%999999999s' or '{:>999999999}' that would fill memory."""
    numbers = [n for m in _PERCENT_SPEC.finditer(text) for n in m.groups() if n]
    try:
        specs = [spec for _, _, spec, _ in string.Formatter().parse(text) if spec]
    except ValueError:  # not a valid str.format string: format() itself will say so
        specs = []
    for spec in specs:
        if "{" in spec:
            raise SecurityError("a format width taken from an argument is not allowed")
        numbers.extend(re.findall(r"[0-9]+", spec))
    for number in numbers:
        _check_width(int(number), "a format width of")


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with limits on what can fill memory: repeats, powers, widths."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        # drafter's own words for a refused attribute, whatever Jinja's version says.
        return self.undefined(
            f"access to attribute '{attribute}' of '{type(obj).__name__}' object is unsafe.",
            name=attribute,
            obj=obj,
            exc=SecurityError,
        )

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > MAX_OUTPUT_CHARS:
                    raise SecurityError("repeating text or a list that many times is refused")
        elif operator == "**":
            ints = isinstance(left, int) and isinstance(right, int)
            if ints and abs(left) > 1 and left.bit_length() * right > 100_000:
                raise SecurityError("a power that large is refused")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in ("center", "ljust", "rjust", "zfill", "expandtabs"):
            for value in (*args, *kwargs.values()):
                _check_width(value, "a width of")
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped


def guarded_filter(
    filter_func: Callable[..., Any], name: str, first_arg_is_env: bool = False
) -> Callable[..., Any]:
    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = args[2 if first_arg_is_env else 1 :]
        for value in (*values, *kwargs.values()):
            _check_width(value, f"'{name}' was given")
        if name == "format" and args:
            _check_format(str(args[0]))
        return filter_func(*args, **kwargs)

    for attr in ("jinja_pass_arg",):  # keep pass_environment / pass_eval_context markers
        if hasattr(filter_func, attr):
            setattr(guarded, attr, getattr(filter_func, attr))
    return guarded


WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "slice", "batch", "format")


def budgeted_range() -> Callable[..., range]:
    budget = [MAX_LOOP_ITEMS]

    def capped_range(*args: int) -> range:
        items = range(*args)
        if len(items) > MAX_RANGE:
            raise SecurityError(f"range() of {len(items)} items; a template may use {MAX_RANGE}")
        budget[0] -= len(items)
        if budget[0] < 0:
            raise SecurityError(f"the template loops over more than {MAX_LOOP_ITEMS} items")
        return items

    return capped_range
