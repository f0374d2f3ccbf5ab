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
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT_CHARS = 1_000_000
MAX_RANGE = 10_000  # items one range() may give
MAX_LOOP_ITEMS = 100_000  # items all range() calls in one render may give together
MAX_WIDTH = 10_000  # widths and counts given to padding and repeating operations
MAX_ITEMS = 1_000_000  # items in a list or tuple a template builds
MAX_BITS = 100_000  # bits in a number a template computes (some 30,000 digits)
MAX_LIPSUM = 20  # paragraphs lipsum() may make (of at most MAX_LIPSUM_WORDS words)
MAX_LIPSUM_WORDS = 100
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|[0-9]*)(?:\.(\*|[0-9]*))?")


class OutputTooLarge(Exception):
    pass


class TemplateMisuse(Exception):
    """A context function used wrongly (cite() given something that is not a fact)."""


def _check_width(value: object, what: str) -> None:
    if isinstance(value, int) and value > MAX_WIDTH:
        raise SecurityError(f"{what} {value} is larger than a template may use ({MAX_WIDTH})")


def check_text(value: object) -> object:
    """`value`, refused if it is a text longer than a template may build."""
    if isinstance(value, str) and len(value) > MAX_OUTPUT_CHARS:
        raise SecurityError(f"text longer than {MAX_OUTPUT_CHARS:,} characters is refused")
    return value


def _check_size(value: object) -> object:
    if isinstance(value, list | tuple) and len(value) > MAX_ITEMS:
        raise SecurityError(f"a list longer than {MAX_ITEMS:,} items is refused")
    if isinstance(value, int) and value.bit_length() > MAX_BITS:
        raise SecurityError("a number that large is refused")
    return check_text(value)


def _check_format(text: str) -> None:
    """Refuse widths like '%999999999s' or '{:>999999999}' that would fill memory."""
    numbers = [n for m in _PERCENT_SPEC.finditer(text) for n in m.groups() if n]
    if "*" in numbers:
        raise SecurityError("a format width taken from an argument is not allowed")
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


def _check_times(left: Any, right: Any) -> None:
    for seq, count in ((left, right), (right, left)):
        sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
        if sized and len(seq) * count > MAX_OUTPUT_CHARS:
            raise SecurityError("repeating text or a list that many times is refused")
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and left.bit_length() + right.bit_length() > MAX_BITS:
        raise SecurityError("a number that large is refused")


def _check_plus(left: Any, right: Any) -> None:
    sized = isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple)
    if sized and len(left) + len(right) > MAX_OUTPUT_CHARS:
        what = "text" if isinstance(left, str) else "a list"
        unit = "characters" if what == "text" else "items"
        raise SecurityError(f"{what} longer than {MAX_OUTPUT_CHARS:,} {unit} is refused")


def _check_power(left: Any, right: Any) -> None:
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and abs(left) > 1 and left.bit_length() * right > 100_000:
        raise SecurityError("a power that large is refused")


def _check_percent(left: Any, right: Any) -> None:
    if isinstance(left, str):
        _check_format(left)


_BINOP_CHECKS: dict[str, Callable[[Any, Any], None]] = {
    "*": _check_times,
    "+": _check_plus,
    "**": _check_power,
    "%": _check_percent,
}


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with `a ~ b` built by `Sandbox.checked_concat` (which checks it)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox with limits on what can fill memory: repeats, powers, widths."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _CodeGenerator

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
        check = _BINOP_CHECKS.get(operator)
        if check is not None:
            check(left, right)
        return _check_size(super().call_binop(context, operator, left, right))

    def checked_concat(self, parts: tuple[Any, ...]) -> str:
        """`a ~ b`: the joined text, refused before it is built if too long."""
        texts = [str(part) for part in parts]
        if sum(len(text) for text in texts) > MAX_OUTPUT_CHARS:
            raise SecurityError(f"text longer than {MAX_OUTPUT_CHARS:,} characters is refused")
        return "".join(texts)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name in ("center", "ljust", "rjust", "zfill", "expandtabs"):
            for value in (*args, *kwargs.values()):
                _check_width(value, "a width of")
        if isinstance(owner, str) and name == "join" and args:
            _check_join(owner, args[0])
        if isinstance(owner, str) and name == "replace" and len(args) >= 2:
            old, new = str(args[0]), str(args[1])
            count = owner.count(old) if old else len(owner) + 1
            if len(owner) + count * max(len(new) - len(old), 0) > MAX_OUTPUT_CHARS:
                raise SecurityError(f"text longer than {MAX_OUTPUT_CHARS:,} characters is refused")
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped


def _check_join(separator: str, items: object) -> None:
    """Refuse a join whose result would be longer than a template may build."""
    if not isinstance(items, list | tuple | str):
        return  # a generator is joined as it runs; its pieces are checked as built
    total = len(separator) * max(len(items) - 1, 0)
    for item in items:
        total += len(item) if isinstance(item, str) else 20
        if total > MAX_OUTPUT_CHARS:
            raise SecurityError(f"text longer than {MAX_OUTPUT_CHARS:,} characters is refused")


def _sum(environment: Any, iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    """The `sum` filter for numbers only: `sum(start=[])` would join lists without bound."""
    if not isinstance(start, int | float):
        raise SecurityError("sum adds numbers only; start= must be a number")
    from jinja2.filters import do_sum

    total = do_sum(environment, _numbers(iterable), attribute, start)
    return _check_size(total)


def _numbers(iterable: Any) -> Any:
    for item in iterable:
        if not isinstance(item, int | float) and not hasattr(item, "__getitem__"):
            raise SecurityError("sum adds numbers only")
        yield item


def _join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
    from jinja2.filters import do_join

    if isinstance(value, list | tuple):
        _check_join(d, value)
    return str(check_text(do_join(eval_ctx, value, d, attribute)))


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    if n > MAX_LIPSUM or min > MAX_LIPSUM_WORDS or max > MAX_LIPSUM_WORDS:
        raise SecurityError(
            f"lipsum() may make at most {MAX_LIPSUM} paragraphs of {MAX_LIPSUM_WORDS} words"
        )
    from jinja2.utils import generate_lorem_ipsum

    return str(generate_lorem_ipsum(n, html, min, max))


def install_limits(env: jinja2.Environment) -> None:
    """The filters and globals that could fill memory, replaced by bounded ones."""
    import jinja2.filters

    _sum.jinja_pass_arg = jinja2.filters.do_sum.jinja_pass_arg  # type: ignore[attr-defined]
    _join.jinja_pass_arg = jinja2.filters.do_join.jinja_pass_arg  # type: ignore[attr-defined]
    env.filters["sum"] = _sum
    env.filters["join"] = _join
    env.globals["lipsum"] = _lipsum


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
