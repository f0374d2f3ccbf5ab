"""What a fact says, apart from who said it: for lists where two facts must be told apart.

A statement is written with its attribution first ("The FCDO told Lord Alton in
January 2023 that the UK had ..."), as a letter needs it. In a list cut to 40 columns
that attribution is all that shows, and every fact from one source reads the same. The
gist puts what the fact says first and shortens the attribution to the source's short
name and date ("FCDO, Jan 2023"), so a row leads with its content.

The short name is the source's `x-short-name` where it gives one, else the one the
statement itself uses ("The FCDO"), a name of three words or more as its initials
("Amnesty International UK" is "AIUK"); where the statement does not open with an
attribution it is taken from the source (its organisation or author, the shorter).
The app's fact rows and chosen list use this; the statement itself is never changed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from drafter.facts.loader import Fact, Source
from drafter.textfmt import MONTHS

__all__ = ["FactGist", "abbreviate", "fact_gist", "short_date", "short_source_name"]

# Verbs a statement's attribution uses ("The FCDO told ...", "Amnesty ... warned ...").
_VERBS = (
    "said|told|reported|warned|noted|assured|called|named|stated|announced|wrote|added|"
    "argued|confirmed|urged|described|welcomed|condemned|explained|stressed|claimed"
)
# "According to the FCDO, the UK responded ..."
_ACCORDING = re.compile(r"^According to (?:the )?(?P<who>[^,]{2,80}), (?P<rest>.+)$", re.S)
# The subject: capitalised words ("The FCDO", "Amnesty International UK"), then perhaps a
# possessive and a person ("'s Head of Campaigns, Felix Jakens,"), then the verb.
_SUBJECT = re.compile(
    r"^(?:The )?(?P<who>[A-Z][\w().&-]*(?: (?:of |and |for )?[A-Z][\w().&-]*){0,6})"
    r"(?P<aside>(?:'s|’s) [^.;]{0,120}?)?"
    rf" (?P<verb>{_VERBS})\b(?P<rest>.+)$",
    re.S,
)
# "in January 2023", "in February 2025" inside an attribution: the row shows the date.
_IN_MONTH = re.compile(r",? in (?:" + "|".join(MONTHS) + r") \d{4}\b")
_THAT = re.compile(r" that(?= |,)")
_MAX_ATTRIBUTION = 160  # an attribution longer than this is not one: keep the statement


@dataclass(frozen=True, slots=True)
class FactGist:
    """A fact as a list shows it: what it says first, then who said it and when."""

    says: str  # the statement without its attribution, capitalised
    who: str  # the source's short name: "FCDO", "AIUK"
    when: dt.date  # the source's date

    @property
    def attribution(self) -> str:
        """ "FCDO, Jan 2023" """
        return f"{self.who}, {short_date(self.when)}" if self.who else short_date(self.when)


def short_date(day: dt.date) -> str:
    """ "Jan 2023": the month and year, as a list has room for."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


_MINOR_WORDS = frozenset({"and", "of", "for", "the", "on", "in", "&"})


def abbreviate(name: str) -> str:
    """A name of three words or more as its initials ("Amnesty International UK" is
    "AIUK", "Foreign, Commonwealth and Development Office" is "FCDO"); shorter names,
    and names with a word in lower case that is not a joining word, stay as they are."""
    words = [w for w in re.split(r"[\s,/-]+", name.strip()) if w]
    significant = [w for w in words if w.lower() not in _MINOR_WORDS]
    if len(significant) < 3 or not all(w[:1].isupper() or w[:1].isdigit() for w in significant):
        return name.strip()
    return "".join(w if w.isupper() else w[0] for w in significant)


def short_source_name(source: Source) -> str:
    """The source's short name: its `x-short-name`, else its organisation or author
    (the shorter of the two) abbreviated."""
    given = source.extensions.get("x-short-name")
    if isinstance(given, str) and given.strip():
        return given.strip()
    names = [name for name in (source.organisation, source.author) if name]
    return abbreviate(min(names, key=len)) if names else ""


def _capitalise(text: str) -> str:
    text = text.strip().lstrip(",").strip()
    return text[:1].upper() + text[1:] if text else text


def _split(statement: str) -> tuple[str, str] | None:
    """(who, what it says) when the statement opens with an attribution, else None."""
    according = _ACCORDING.match(statement)
    if according:
        return according["who"], according["rest"]
    subject = _SUBJECT.match(statement)
    if subject is None:
        return None
    rest = subject["rest"]
    that = _THAT.search(rest)
    if that is not None and that.start() <= _MAX_ATTRIBUTION:
        # "told Lord Alton in January 2023, repeating ..., that the UK was ..."
        return subject["who"], rest[that.end() :]
    # "called on the Foreign Secretary in February 2025 to ...": no "that" to cut at;
    # the verb stays, the date goes (the row shows it).
    return subject["who"], subject["verb"] + _IN_MONTH.sub("", rest, count=1)


def fact_gist(fact: Fact, source: Source | None) -> FactGist:
    """What `fact` says, with its attribution shortened to the source's name and date."""
    when = source.date if source is not None else fact.as_of
    fallback = short_source_name(source) if source is not None else ""
    split = _split(fact.statement.strip())
    if split is None:
        return FactGist(says=_capitalise(fact.statement), who=fallback, when=when)
    who, says = split
    given = source.extensions.get("x-short-name") if source is not None else None
    short = given.strip() if isinstance(given, str) and given.strip() else abbreviate(who)
    return FactGist(says=_capitalise(says) or fact.statement, who=short, when=when)
