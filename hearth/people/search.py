"""Finding a person: phonetic name keys, and the search that uses them.

Names reach us misspelt, in the wrong order and in several versions (a birth name, a name
after adoption, an alias). Each name is stored with two short phonetic keys
(``search_surname_key``, ``search_forename_key``), so "Muhammad Thomson" and "Mohammed
Thompson" share keys and one indexed equality lookup finds both. The candidates that come back
are few, so they are ranked in Python by how close they are to what was typed.

Every lookup here is an equality or a range on an indexed column, and ``find_people`` runs the
same small number of queries however many people match (see bench/person_search.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import jellyfish
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When, prefetch_related_objects
from django.db.models.functions import Lower

from hearth.people.identifiers import normalise_nhs_number
from hearth.people.models import Address, Person, PersonName

KEY_LENGTH = 20  # the width of the key columns

# How many rows the main query hands to the Python ranking; the page shows fewer.
CANDIDATE_LIMIT = 200
# A cap on the aliases a name can match: enough for any real name, small enough for an IN list.
ALIAS_LIMIT = 500

# Spellings that sound alike but which metaphone keys apart. Kept short on purpose: each
# entry is a name workers meet often in England and a phonetic rule cannot reach.
_SPELLING_EQUIVALENTS = {
    "sean": "shaun",
    "shawn": "shaun",
    "seamus": "shamus",
    "siobhan": "shivaun",
    "niamh": "neve",
    "aoife": "eefa",
}


def normalise_name(value: str) -> str:
    """Lower case letters only: accents dropped, spaces, hyphens and apostrophes removed."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(char for char in decomposed if char.isascii() and char.isalpha()).lower()


def phonetic_key(value: str) -> str:
    """The sound-alike key of one name: "Thomson", "Thompson" and "Tomson" all give TMSN."""
    name = normalise_name(value)
    if not name:
        return ""
    name = _SPELLING_EQUIVALENTS.get(name, name)
    if name.startswith("mc"):
        name = "mac" + name[2:]  # McDonald, MacDonald
    # Metaphone hears "th" as in "thin", but in English names it is mostly a plain t
    # (Thomas, Thompson, Catherine/Kathryn) and a silent p in "mps"/"mpt" (Simpson, Sampson).
    name = name.replace("th", "t").replace("mps", "ms").replace("mpt", "mt")
    # A "gh" after the first letter is silent in English names (Hughes, Leigh, Haigh).
    name = name[:1] + name[1:].replace("gh", "")
    key = jellyfish.metaphone(name).upper()
    # After the first sound, metaphone keeps W, Y and H only where they glide between letters,
    # which is exactly where spellings wander (Lewis/Louis, Ryan/Rian, Khan/Kahn): drop them,
    # and let a doubled sound count once (Mohammed/Mohamed, Jaccob/Jacob).
    key = key[:1] + "".join(char for char in key[1:] if char not in "WYH")
    key = "".join(char for i, char in enumerate(key) if i == 0 or char != key[i - 1])
    return key[:KEY_LENGTH]


def name_keys(first_name: str, last_name: str) -> tuple[str, str]:
    """The (surname key, forename key) stored with a name. Only the first forename counts."""
    forenames = (first_name or "").split()
    return phonetic_key(last_name), phonetic_key(forenames[0] if forenames else "")


def normalise_postcode(value: str) -> str:
    """The form kept in ``Address.postcode_key``: upper case, no spaces."""
    return re.sub(r"[^A-Za-z0-9]", "", value or "").upper()[:8]


def normalise_identifier(value: str) -> str:
    return normalise_nhs_number(value or "").strip().upper()


# ---------------------------------------------------------------------------------------------
# Reading a typed name
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameQuery:
    """What was typed in the name box, read every way the words could be a name."""

    words: tuple[str, ...]
    # (surname key, forename key) pairs; a forename key of "" means "any forename".
    key_pairs: tuple[tuple[str, str], ...]

    @property
    def normalised(self) -> set[str]:
        return {normalise_name(word) for word in self.words}

    @cached_property
    def typed(self) -> list[str]:
        """The words normalised, worked out once rather than for every candidate ranked."""
        return [normalise_name(word) for word in self.words]


def read_name(text: str) -> NameQuery | None:
    """Every (surname, forename) reading of the words, in either order.

    "John Smith", "Smith John" and "Smith, John" all read as forename John, surname Smith.
    With three or more words, any word may be the forename and any word or two adjacent words
    the surname ("Mary Smith Jones"), so a double-barrelled surname typed with a space is found.
    """
    words = tuple(word for word in re.split(r"[\s,]+", text or "") if normalise_name(word))[:4]
    if not words:
        return None
    if len(words) == 1:
        return NameQuery(words, ((phonetic_key(words[0]), ""),))
    surnames: list[tuple[tuple[int, ...], str]] = [((i,), words[i]) for i in range(len(words))]
    surnames += [((i, i + 1), words[i] + words[i + 1]) for i in range(len(words) - 1)]
    pairs: list[tuple[str, str]] = []
    for used, surname in surnames:
        for i, forename in enumerate(words):
            if i in used:
                continue
            pair = (phonetic_key(surname), phonetic_key(forename))
            if pair not in pairs and all(pair):
                pairs.append(pair)
    return NameQuery(words, tuple(pairs))


def _keys_match(query: NameQuery) -> Q:
    condition = Q(pk__in=[])
    for surname_key, forename_key in query.key_pairs:
        if forename_key:
            condition |= Q(search_surname_key=surname_key, search_forename_key=forename_key)
        else:
            condition |= Q(search_surname_key=surname_key)
    return condition


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------


def _names_of(person: Person) -> list[tuple[str, str, str]]:
    """(first, last, how known) for the person's own name and every other name."""
    names = [(person.first_name, person.last_name, "")]
    names += [
        (other.first_name, other.last_name, other.get_kind_display()) for other in person.ranked_other_names
    ]
    return names


def _closeness(query: NameQuery, first: str, last: str) -> tuple[bool, float]:
    """(exact, similarity) of a stored name to the typed words, in whichever order fits best."""
    forename = normalise_name((first or "").split()[0] if (first or "").split() else "")
    surname = normalise_name(last)
    typed = query.typed
    if len(typed) == 1:
        exact = typed[0] == surname
        return exact, jellyfish.jaro_winkler_similarity(typed[0], surname)
    exact = {forename, surname} <= set(typed) and bool(forename and surname)
    stored = forename + " " + surname
    best = 0.0
    for i, word in enumerate(typed):
        rest = "".join(typed[:i] + typed[i + 1 :])
        best = max(best, jellyfish.jaro_winkler_similarity(word + " " + rest, stored))
    return exact, best


def _rank(people: list[Person], query: NameQuery | None) -> list[Person]:
    for person in people:
        person.matched_name = ""
        person.match_exact = False
        person.match_score = 0.0
        if query is None:
            continue
        best = (False, -1.0, "")
        for first, last, kind in _names_of(person):
            exact, score = _closeness(query, first, last)
            if (exact, score) > best[:2]:
                best = (exact, score, f"{first} {last}".strip() if kind else "")
                if kind:
                    best = (exact, score, f"{kind}: {first} {last}".strip())
        person.match_exact, person.match_score, person.matched_name = best
    if query is None:
        return people
    return sorted(
        people,
        key=lambda p: (
            not p.match_exact,
            -round(p.match_score, 3),
            p.last_name.lower(),
            p.first_name.lower(),
            p.pk,
        ),
    )


# ---------------------------------------------------------------------------------------------
# The search
# ---------------------------------------------------------------------------------------------


def _identifier_match(identifier: str) -> Q | None:
    """The identifier, read by its shape: ten digits are an NHS number, fewer a Hearth ID,
    a letter and twelve characters a UPN (current or former).

    Each lookup repeats its partial index's condition (``> ''``) so SQLite's planner uses it.
    """
    value = normalise_identifier(identifier)
    if not value:
        return None
    if value.isdigit() and len(value) == 10:
        return Q(nhs_number=value, nhs_number__gt="")
    if value.isdigit() and len(value) <= 9:
        return Q(pk=int(value))  # the Hearth ID, with or without its leading zeros
    return Q(upn=value, upn__gt="") | Q(former_upn=value, former_upn__gt="")


def _born_on(day: date) -> Q:
    """Born on the day, or (for an unborn child) expected on it."""
    return Q(date_of_birth=day) | Q(expected_date_of_birth=day, expected_date_of_birth__isnull=False)


def _postcode_match(postcode: str) -> Q | None:
    key = normalise_postcode(postcode)
    if not key:
        return None
    if len(key) >= 5:
        addresses = Address.objects.filter(postcode_key=key)
    else:
        # An outward code alone ("LS6"): a range on the same index, which works as a prefix
        # lookup on both databases (LIKE cannot use the index on SQLite).
        addresses = Address.objects.filter(postcode_key__gte=key, postcode_key__lt=key + "~")
    return Q(pk__in=addresses.values("person_id"))


def _current_addresses() -> Prefetch:
    return Prefetch(
        "addresses",
        queryset=Address.objects.filter(end_date__isnull=True).order_by("-start_date", "-pk"),
        to_attr="current_addresses",
    )


def _other_names() -> Prefetch:
    # Into a plain list: reading a prefetch through the related manager copies its queryset
    # for every candidate, which cost more than the ranking itself.
    return Prefetch("other_names", queryset=PersonName.objects.order_by("pk"), to_attr="ranked_other_names")


def _ranked(people, query: NameQuery | None, limit: int) -> list[Person]:
    """The best ``limit`` of the first CANDIDATE_LIMIT people, each with ``current_address``.
    Other names are read only to rank by a name, and addresses only for the people kept, not
    for every candidate ranked."""
    if query is not None:
        people = people.prefetch_related(_other_names())
    found = _rank(list(people[:CANDIDATE_LIMIT]), query)[:limit]
    prefetch_related_objects(found, _current_addresses())
    for person in found:
        person.current_address = person.current_addresses[0] if person.current_addresses else None
    return found


def find_people(
    *,
    text: str | None = None,
    date_of_birth: date | None = None,
    year_of_birth: int | None = None,
    identifier: str | None = None,
    postcode: str | None = None,
    limit: int = 50,
) -> list[Person]:
    """People matching every criterion given, best match first; merged records left out.

    Each returned person carries ``match_exact``, ``match_score``, ``matched_name`` (the other
    name that matched, if it was not their own) and ``current_address`` (or None).

    Queries: one for the people and one for the current addresses of those returned; with a
    name, one more for aliases and one for the candidates' other names (for the ranking).
    """
    text = (text or "").strip()
    if text and not identifier and normalise_identifier(text).isdigit():
        # A number typed in the name box is an NHS number or a Hearth ID.
        identifier, text = text, ""
    query = read_name(text) if text else None
    conditions = []
    if query is not None:
        alias_people = list(
            PersonName.objects.filter(_keys_match(query)).values_list("person_id", flat=True)[:ALIAS_LIMIT]
        )
        conditions.append(_keys_match(query) | Q(pk__in=alias_people))
    if date_of_birth:
        conditions.append(_born_on(date_of_birth))
    elif year_of_birth:
        conditions.append(Q(date_of_birth__year=year_of_birth))
    for condition in (_identifier_match(identifier or ""), _postcode_match(postcode or "")):
        if condition is not None:
            conditions.append(condition)
    if not conditions:
        return []

    people = Person.objects.filter(*conditions, merged_into__isnull=True)
    if query is not None:
        # Exact surnames first, so a common surname's sound-alikes never crowd out the
        # people actually called it before the Python ranking sees them.
        surnames = sorted({word.lower() for word in query.words})
        people = (
            people.alias(last_name_lower=Lower("last_name"))
            .annotate(
                surname_exact=Case(
                    When(Q(last_name_lower__in=surnames), then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("surname_exact", Lower("last_name"), Lower("first_name"), "pk")
        )
    else:
        people = people.order_by(Lower("last_name"), Lower("first_name"), "pk")
    return _ranked(people, query, limit)


def find_likely_duplicates(
    *,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: date | None = None,
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
    limit: int = 10,
) -> list[Person]:
    """Records that may be the person about to be created, for the worker to check first.

    A likely duplicate has the same NHS number or UPN, or a name that sounds the same with the
    same date of birth, or a name that sounds the same at the same postcode.
    """
    likely = Q(pk__in=[])
    nhs_number = normalise_identifier(nhs_number)
    upn = normalise_identifier(upn)
    if nhs_number:
        likely |= Q(nhs_number=nhs_number, nhs_number__gt="")
    if upn:
        likely |= Q(upn=upn, upn__gt="") | Q(former_upn=upn, former_upn__gt="")
    surname_key, forename_key = name_keys(first_name, last_name)
    if surname_key and forename_key:
        same_name = Q(search_surname_key=surname_key, search_forename_key=forename_key)
        alias_people = list(
            PersonName.objects.filter(same_name).values_list("person_id", flat=True)[:ALIAS_LIMIT]
        )
        sounds_alike = same_name | Q(pk__in=alias_people)
        if date_of_birth:
            likely |= sounds_alike & (
                Q(date_of_birth=date_of_birth) | Q(expected_date_of_birth=date_of_birth)
            )
        postcode_match = _postcode_match(postcode) if len(normalise_postcode(postcode)) >= 5 else None
        if postcode_match is not None:
            likely |= same_name & postcode_match
    people = Person.objects.filter(likely, merged_into__isnull=True).order_by(
        Lower("last_name"), Lower("first_name"), "pk"
    )
    typed = " ".join(part for part in (first_name, last_name) if part)
    return _ranked(people, read_name(typed) if typed else None, limit)
