"""A written question and its answer, as the UK Parliament API gives them, made a source.

The written questions API (questions-statements-api.parliament.uk) returns a question
as JSON with the fields `uin`, `house` ("Lords" or "Commons"), `dateTabled`,
`dateAnswered`, `answeringBodyName`, `questionText`, `answerText` (HTML), `heading`,
`answerIsHolding`, `answerIsCorrection` and, when asked for with `expandMember=true`,
`askingMember` and `answeringMember` objects with a `name`. A response is one question
wrapped as {"value": {...}}, a search as {"results": [{"value": {...}}, ...]}, or the
question alone; `read_question` takes any of them.

`import_question` turns one into a `written-question` source (docs/facts.md) and its
capture, archived as any captured source is (drafter.facts.capture, by
drafter.facts.grow.store_source): the heading and the question first, then the answer's
paragraphs numbered `[para 1]`, `[para 2]`, ..., so that a fact quoting the answer gets
its locator worked out by `facts add` and `drafter facts verify` checks the quote, the
locator and the archive's SHA-256.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from drafter.errors import FactBaseError
from drafter.facts.capture import Capture, Passage
from drafter.textfmt import uk_date

API = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
WEB = "https://questions-statements.parliament.uk/written-questions/detail"
_HOUSES = {"lords": "HL", "commons": "HC"}
_BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table"})
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


class _Text(HTMLParser):
    """An answer's HTML as paragraphs of plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []

    def _close(self) -> None:
        text = _SPACE.sub(" ", "".join(self._current)).strip()
        if text:
            self.paragraphs.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS or tag == "br":
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        self._current.append(data.replace("\n", " "))

    def close(self) -> None:
        super().close()
        self._close()


def paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML (or plain text) answer, as plain text."""
    parser = _Text()
    parser.feed(_CONTROL.sub("", markup))
    parser.close()
    return parser.paragraphs


@dataclass(frozen=True, slots=True)
class Imported:
    source_id: str
    source: dict[str, Any]  # the source's fields, in the order a fact base lists them
    capture: Capture  # the question and the answer, the answer's paragraphs numbered
    notes: tuple[str, ...] = ()  # what the response did not say, for the user


def _fail(origin: str, message: str, hint: str) -> FactBaseError:
    return FactBaseError.single(origin, message, hint)


def read_question(data: object, origin: str, uin: str = "") -> Mapping[str, Any]:
    """The one question in an API response (or the one with `uin`, in a search)."""
    if isinstance(data, Mapping) and isinstance(data.get("value"), Mapping):
        data = data["value"]
    if isinstance(data, Mapping) and isinstance(data.get("results"), list):
        found = [r.get("value", r) for r in data["results"] if isinstance(r, Mapping)]
        if uin:
            found = [q for q in found if str(q.get("uin", "")).upper() == uin.upper()]
        if len(found) != 1:
            uins = ", ".join(str(q.get("uin", "?")) for q in found) or "none"
            raise _fail(
                origin,
                f"the response holds {len(found)} questions{' with that UIN' if uin else ''} "
                f"({uins}), not one",
                "choose one with --uin UIN",
            )
        data = found[0]
    if not isinstance(data, Mapping) or "uin" not in data:
        raise _fail(
            origin,
            "this is not a written question from the Parliament API (it has no 'uin')",
            "save the JSON of /api/writtenquestions/questions/{date}/{uin}",
        )
    return data


def _date(question: Mapping[str, Any], key: str, origin: str) -> dt.date | None:
    value = question.get(key)
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        raise _fail(
            origin, f"'{key}' is not a date: {value!r}", "check the saved response"
        ) from None


def _text(value: object) -> str:
    return _SPACE.sub(" ", _CONTROL.sub("", html.unescape(str(value or "")))).strip()


def _member(question: Mapping[str, Any], key: str) -> str:
    member = question.get(key)
    return _text(member.get("name")) if isinstance(member, Mapping) else ""


@dataclass(frozen=True, slots=True)
class _Answered:
    """What an answered question says, checked and cleaned."""

    house: str  # "HL" or "HC"
    uin: str
    tabled: dt.date | None
    answered: dt.date
    answer: list[str]  # the answer's paragraphs
    heading: str
    asker: str
    answerer: str
    body: str  # the answering body
    holding: bool
    corrected: bool


def import_question(
    question: Mapping[str, Any], origin: str, *, today: dt.date, source_id: str = ""
) -> Imported:
    """A `written-question` source and its archive text from one API question."""
    q = _answered(question, origin)
    source_id = source_id or f"wq-{q.uin.lower()}-{q.answered.isoformat()}"
    notes = []
    if not q.asker or not q.answerer:
        notes.append(
            "the response names no asking or answering member (it was fetched without "
            "expandMember=true); add asker and author to the source by hand"
        )
    preamble = _preamble(q, paragraphs(str(question.get("questionText") or "")))
    passages = [Passage(f"para {n}", text) for n, text in enumerate(q.answer, start=1)]
    capture = Capture("parliament", passages, preamble="\n".join(preamble))
    return Imported(source_id, _source_fields(q, today), capture, tuple(notes))


def _answered(question: Mapping[str, Any], origin: str) -> _Answered:
    """The question's fields; FactBaseError when it is not an answered written question."""
    house = _HOUSES.get(str(question.get("house", "")).casefold())
    if house is None:
        raise _fail(origin, f"'house' is {question.get('house')!r}", "expected Lords or Commons")
    uin = _text(question.get("uin")).replace(" ", "").upper()
    if not re.match(r"^(HL)?\d+$", uin):
        raise _fail(origin, f"'uin' is not a UIN: {uin!r}", "check the saved response")
    tabled = _date(question, "dateTabled", origin)
    answered = _date(question, "dateAnswered", origin)
    if answered is None:
        raise _fail(
            origin,
            f"written question {uin} has no answer yet ('dateAnswered' is empty)",
            "import it again once it is answered",
        )
    answer = paragraphs(str(question.get("answerText") or ""))
    if not answer:
        raise _fail(origin, f"written question {uin} has no answer text", "check the response")
    return _Answered(
        house=house,
        uin=uin,
        tabled=tabled,
        answered=answered,
        answer=answer,
        heading=_text(question.get("heading")),
        asker=_member(question, "askingMember"),
        answerer=_member(question, "answeringMember"),
        body=_text(question.get("answeringBodyName")),
        holding=question.get("answerIsHolding") is True,
        corrected=question.get("answerIsCorrection") is True,
    )


def _source_fields(q: _Answered, today: dt.date) -> dict[str, Any]:
    """The source's fields, in the order a fact base lists them; empty ones left out."""
    source: dict[str, Any] = {
        "type": "written-question",
        "title": q.heading or f"Written question {q.uin}",
        "author": q.answerer,
        "date": q.answered,
        "house": q.house,
        "uin": q.uin,
        "tabled": q.tabled,
        "answering_body": q.body,
        "asker": q.asker,
        "holding": q.holding,
        "corrected": q.corrected,
        "url": f"{WEB}/{q.tabled.isoformat()}/{urllib.parse.quote(q.uin)}" if q.tabled else "",
        "accessed": today,
    }
    return {k: v for k, v in source.items() if v not in ("", None, False)}


def _preamble(q: _Answered, asked: list[str]) -> list[str]:
    """The archive's lines before the answer: the heading, who asked what, who answered."""
    house_name = "House of Lords" if q.house == "HL" else "House of Commons"
    tabled = f", tabled {uk_date(q.tabled)}" if q.tabled else ""
    return [
        f"Written question {q.uin}, {house_name}",
        *([q.heading] if q.heading else []),
        f"Asked by {q.asker or 'a member'}{tabled}",
        "",
        "Question",
        *asked,
        "",
        "Holding answer" if q.holding else ("Corrected answer" if q.corrected else "Answer"),
        f"Answered by {q.answerer or 'a minister'}{_answering_body(q.body)}, {uk_date(q.answered)}",
    ]


def _answering_body(body: str) -> str:
    """' for the Foreign Office' after the minister's name; "" when the body is unknown."""
    if not body:
        return ""
    return f" for {body if body.startswith(('HM ', 'the ')) else 'the ' + body}"


def load_response(raw: bytes, origin: str, uin: str = "") -> Mapping[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(origin, f"not JSON: {exc}", "save the API's response as it came") from None
    return read_question(data, origin, uin)


class OfflineError(Exception):
    """The Parliament API could not be reached."""


def fetch_question(uin: str, tabled: dt.date, *, timeout: float = 20) -> tuple[bytes, str]:
    """The API's response for written question `uin` tabled on `tabled`, and its URL."""
    url = f"{API}/{tabled.isoformat()}/{urllib.parse.quote(uin)}?expandMember=true"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return bytes(response.read(8 * 1024 * 1024)), url
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            raise _fail(
                url,
                f"the Parliament API has no written question {uin} tabled on {uk_date(tabled)}",
                "check the UIN and the date it was tabled",
            ) from None
        raise OfflineError(f"the Parliament API answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise OfflineError(f"could not reach the Parliament API ({reason})") from None
