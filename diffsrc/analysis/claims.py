"""Claim extraction from English and French paragraphs, normalised to compare across languages.

A claim is a checkable statement with exact offsets: a weekday or relative day bound to an event,
a number with its unit and role, a destination someone travels to, a group of people named
together (who meets or joins whom), reported speech and quotations with their speaker, and lists
of participants. Each claim carries a ``Claim`` record (what reports show) and the context needed
to compare like with like (``Extracted``): the people, places and organisations of its sentence,
the event it is about and, for quotes, normalised tokens and modality.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from diffsrc.analysis import numbers
from diffsrc.analysis.mentions import (
    PERSON_ALIASES,
    TITLES,
    Mention,
    edition_day,
    find_people,
    find_places,
    fold_in_place,
    gazetteer,
)
from diffsrc.model import Claim, Paragraph, Source

VERSION = "claims-2"

# --- lexicons ----------------------------------------------------------------------------------

# Folded English and French names -> comparable values, from the shared normalisation tables.
WEEKDAYS = {form: day[:3] for form, day in numbers.WEEKDAY_KEYS.items()}  # "lundi" -> "mon"
MONTHS = numbers.MONTH_NUMBERS  # "fevrier" -> 2
# Relative time expressions -> a coarse, comparable bucket.
RELATIVE = [
    (r"\blast week\b|\bla semaine (?:derni[eè]re|pass[ée]e)\b", "last-week"),
    (r"\bnext week\b|\bla semaine prochaine\b", "next-week"),
    (r"\bthis week\b|\bcette semaine\b", "this-week"),
    (r"\bin (?:a few|the coming|coming) days\b|\bdans (?:les |quelques )(?:prochains )?jours\b|\bwithin days\b", "next-days"),
    (r"\byesterday\b|\bhier\b", "yesterday"),
    (r"\btomorrow\b|\bdemain\b", "tomorrow"),
    (r"\blast year\b|\bl[’']ann[ée]e derni[eè]re\b", "last-year"),
    (r"\bthis summer\b|\bcet [ée]t[ée]\b", "this-summer"),
]
# Buckets that can describe the same moment (never reported as a contradiction).
COMPATIBLE_RELATIVE = {frozenset({"next-week", "next-days"}), frozenset({"this-week", "next-days"})}

# Event triggers (accent-folded, lower case); the regex is matched on folded text.
EVENTS: dict[str, str] = {
    "travel": r"visit\w*|travel\w*|trip|head(?:s|ed|ing)? (?:to|for)|go(?:es|ing)? to|arriv\w*|fl(?:y|ies|ew) to|"
    r"(?:se |s')?rend(?:re|ra|rait|ront|u)\b|visite\w*|voyage\w*|deplacement|part(?:ir|is|ira)\b|partis",
    "talks": r"talks|meeting|meet(?:s|ing)?|met|summit|negotiation\w*|pourparlers|reunion\w*|rencontr\w*|sommet|"
    r"entretiens|negociation\w*|discussions?",
    "call": r"(?:tele)?phone call|call\b|appels?\b|appel telephonique|telephon\w*|s'est entretenu|s’est entretenu",
    "join": r"joined|join\w*|accompan\w*|rejoint\w*|together with|alongside|aux cotes de",
    "publish": r"article|op-ed|column|newspaper|wrote|writing|a ecrit|ecrit\b|tribune",
    "statement": r"said|says|told|declared|stated|added|insisted|warned|confirmed|announced|"
    r"a (?:declare|dit|affirme|ajoute|averti|souligne|confirme|insiste|annonce|indique)|declare|selon|"
    r"speech|press conference|news conference|conference de presse|conference telephonique|discours|briefing",
}
_EVENT_RE = {k: re.compile(rf"\b(?:{v})", re.I) for k, v in EVENTS.items()}
REPORTING = _EVENT_RE["statement"]

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
# A quotation between marks: a straight double quote opens only where no word or punctuation
# precedes it ('"Double Down" does not ... "' holds no quote between the title's closing mark and
# the next opening one); at the end of a line a quotation may stay open.
OPENING_QUOTE = r"(?:“|«|(?<![\w.,;:!?])\"(?!\s))"
_QUOTATION = re.compile(OPENING_QUOTE + r"\s*([^“”\"«»]{12,}?)\s*(?:([”\"»])|$)", re.M)
NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|cannot|can't|won't|n't|ne|n'|n’|pas|jamais|aucune?|rien|ni)\b", re.I)
HEDGE = re.compile(
    r"\b(?:may|might|could|would|consider\w*|possibl\w*|perhaps|maybe|pourr\w+|envisag\w*|peut-etre|"
    r"eventuel\w*|potenti\w*)\b",
    re.I,
)
CERTAIN = re.compile(r"\b(?:will|shall|must|doit|doivent|va|vont|sera|seront|certain\w*|definitely)\b", re.I)
FUTURE = re.compile(
    r"\b(?:will|shall|is (?:expected|due|set|scheduled|going) to|are (?:expected|due|set|scheduled|going) to|"
    r"plan\w*|upcoming|next|prevu\w*|doit|doivent|va|vont|\w+(?:ra|ront|rait|raient))\b",
    re.I,
)
APPROX = re.compile(
    r"\b(?:about|around|approximately|nearly|almost|some|roughly|over|more than|less than|at least|at most|up to|"
    r"environ|pres de|presque|quelque|plus de|moins de|au moins|jusqu'a|jusqu’a|north of|au-dela)\s*$",
    re.I,
)

STOPWORDS = set(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its this that
    these those he she they we you i me him her them us our your their his my not no so than then there here
    which who whom what when where why how all any both each few more most other some such only own same too
    very can will just do does did have has had would should could may might must also into over after before
    about up out le la les l un une des de du d et ou mais si que qu qui quoi dont ou est sont etait etaient
    etre ete a au aux en dans par pour sur avec sans sous ce cet cette ces il elle ils elles on nous vous je
    tu me te se lui leur leurs son sa ses mon ma mes notre nos votre vos ne pas plus tres aussi comme y
    n s c j m t ca cela ceci tout tous toute toutes said says told a-t-il a-t-elle declare dit""".split()
)
# A few frequent French words whose English equivalent is no cognate (quotes across languages).
GLOSSARY = {
    "pret": "ready", "prets": "ready", "prete": "ready", "dispose": "willing", "disposes": "willing",
    "propres": "own", "propre": "own", "terrain": "ground", "sol": "ground", "nos": "our", "notre": "our",
    "nous": "we", "savons": "know", "savoir": "know", "pense": "think", "crois": "believe", "guerre": "war",
    "paix": "peace", "accord": "agreement", "pays": "country", "avenir": "future", "aujourd'hui": "today",
    "maintenant": "now", "toujours": "always", "jamais": "never", "seulement": "only", "seuls": "only",
    "ensemble": "together", "menace": "threat", "soutien": "support", "envoyer": "send", "envoi": "send",
    "troupes": "troops", "soldats": "soldiers", "depenses": "spending", "moment": "time", "mauvais": "wrong",
    "dirigeants": "leaders", "etats-unis": "united-states", "americains": "americans", "europeens": "europeans",
    "table": "table", "monde": "everyone", "assis": "sitting", "rapidement": "quickly", "vite": "fast",
    "meme": "even", "irrite": "irritated", "debats": "debate", "debat": "debate", "dire": "say",
    "franchement": "frankly", "honnetement": "honestly", "resultat": "result", "sera": "will",
    "doit": "must", "peut": "can", "faut": "must", "besoin": "need", "tot": "early", "trop": "too",
    "adhesion": "membership", "souhaits": "wishes", "reunion": "meeting", "pourparlers": "talks",
    "entretiens": "talks", "appel": "call", "fin": "end", "mettre": "put", "nouveau": "new", "nouvelle": "new",
    "dirigeant": "leader", "chef": "head", "armee": "army", "fort": "strong", "forte": "strong",
}
COUNT_NOUNS = {
    "soldier": "soldier", "soldat": "soldier", "troop": "troop", "troupe": "troop", "member": "member",
    "membre": "member", "ally": "ally", "allie": "ally", "country": "country", "pays": "country",
    "nation": "country", "state": "state", "etat": "state", "people": "person", "person": "person",
    "personne": "person", "leader": "leader", "dirigeant": "leader", "point": "point", "prisoner": "prisoner",
    "prisonnier": "prisoner", "child": "child", "children": "child", "enfant": "child", "civilian": "civilian",
    "civil": "civilian", "death": "death", "mort": "death", "victim": "victim", "victime": "victim",
    "vote": "vote", "voix": "vote", "seat": "seat", "siege": "seat", "meeting": "meeting", "reunion": "meeting",
    "delegate": "delegate", "delegue": "delegate", "weapon": "weapon", "arme": "weapon", "tank": "tank",
    "char": "tank", "missile": "missile", "drone": "drone", "aircraft": "aircraft", "avion": "aircraft",
}
TIME_UNITS = {
    "second": "second", "seconde": "second", "minute": "minute", "min": "minute", "hour": "hour",
    "heure": "hour", "day": "day", "jour": "day", "week": "week", "semaine": "week", "month": "month",
    "mois": "month", "year": "year", "an": "year", "annee": "year", "decade": "decade", "decennie": "decade",
}
MONEY_WORDS = {"dollar": "usd", "euro": "eur", "pound": "gbp", "livre": "gbp", "$": "usd", "€": "eur", "£": "gbp"}
OFFSET_AFTER = re.compile(r"^\s*(?:before|after|earlier|later|ago|avant|apres|plus tot|plus tard)\b", re.I)
OFFSET_BEFORE = re.compile(r"\b(?:il y a|within|dans|in)\s*$", re.I)
EXHAUSTIVE = re.compile(r"\b(?:only|just|solely|seulement|uniquement|seuls?|seules?)\b", re.I)



def surnames(sources: Iterable[Source]) -> frozenset[str]:
    """Surname keys of multi-word person names across the sources (to resolve bare surnames)."""
    found: set[str] = set()
    for src in sources:
        folded = fold_in_place(src.text)
        for p in src.paragraphs:
            if p.kind not in ("body", "heading"):
                continue
            places = find_places(src.text, p.start, p.end, folded)
            for m in find_people(src.text, p.start, p.end, places, frozenset(), folded):
                found.add(m.key)
    found.update(v for v in PERSON_ALIASES.values())
    # surnames that are common lower-case words are too ambiguous to stand alone
    return frozenset(k for k in found if k not in STOPWORDS and k not in TITLES)


# --- extracted claims ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    """A claim with the context used to compare it: entities of its sentence, event, modality."""

    claim: Claim
    sentence: tuple[int, int]
    persons: frozenset[str]
    places: frozenset[str]  # country-level keys of places in the sentence
    orgs: frozenset[str]
    event: str = ""
    anchor: str = ""  # what the value is bound to: a destination, a speaker, a unit noun...
    role: str = ""  # number role (count, percent, money, duration, offset) or time tense
    tokens: tuple[str, ...] = ()
    modality: str = ""
    polarity: bool = True
    approx: bool = False
    exhaustive: bool = False


@dataclass
class _Sent:
    start: int
    end: int
    mentions: list[Mention]

    @property
    def persons(self) -> frozenset[str]:
        return frozenset(m.key for m in self.mentions if m.kind == "person")

    @property
    def places(self) -> frozenset[str]:
        gz = gazetteer()
        return frozenset(gz.entries[m.key].country for m in self.mentions if m.kind in ("country", "city"))

    @property
    def orgs(self) -> frozenset[str]:
        return frozenset(m.key for m in self.mentions if m.kind in ("org", "media"))


def extract(sources: Sequence[Source]) -> list[Extracted]:
    """All claims of the body paragraphs of the sources."""
    known = surnames(sources)
    out: list[Extracted] = []
    for src in sources:
        folded = fold_in_place(src.text)
        for p in src.paragraphs:
            if p.kind != "body":
                continue
            out.extend(extract_paragraph(src, p, folded, known))
    return out


def standalone_names(src: Source) -> frozenset[str]:
    """Keys of the one-word names in the sentences claims are extracted from.

    A source's claims depend on the surnames known across all sources only through these:
    ``extract_paragraph`` gives the same claims for any two ``known`` sets that agree on them.
    """
    folded = fold_in_place(src.text)
    alone: set[str] = set()
    for p in src.paragraphs:
        if p.kind == "body":
            for a, b in _sentence_bounds(p):
                find_people(src.text, a, b, find_places(src.text, a, b, folded), frozenset(), folded, alone)
    return frozenset(alone)


def _sentence_bounds(para: Paragraph) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in para.sentences] or [(para.start, para.end)]


def extract_paragraph(src: Source, para: Paragraph, folded: str, known: frozenset[str]) -> list[Extracted]:
    """The claims of one paragraph."""
    text = src.text
    lang = para.lang or src.lang
    sents = []
    for a, b in _sentence_bounds(para):
        places = find_places(text, a, b, folded)
        people = find_people(text, a, b, places, known, folded)
        sents.append(_Sent(a, b, sorted(places + people, key=lambda m: m.start)))
    ctx = _Ctx(src, para, folded, lang)
    out: list[Extracted] = []
    for s in sents:
        out.extend(ctx.times(s))
        out.extend(ctx.numbers(s))
        out.extend(ctx.travels(s))
        out.extend(ctx.groups(s))
        out.extend(ctx.statements(s))
        out.extend(ctx.lists(s))
    out.extend(ctx.quotes(sents))
    return out


class _Ctx:
    """Extraction helpers bound to one paragraph."""

    def __init__(self, src: Source, para: Paragraph, folded: str, lang: str) -> None:
        self.src, self.para, self.folded, self.lang = src, para, folded, lang
        self.text = src.text

    def claim(self, s: _Sent, a: int, b: int, kind: str, value: str, key: str, **kw: object) -> Extracted:
        a, b = _trim(self.text, a, b)
        c = Claim(self.src.id, self.para.index, a, b, self.text[a:b], kind, value, key, self.lang)
        return Extracted(c, (s.start, s.end), s.persons, s.places, s.orgs, **kw)  # type: ignore[arg-type]

    def _event(self, s: _Sent, at: int) -> tuple[str, int, int]:
        """The event trigger nearest to an offset in the sentence (kind, start, end)."""
        best = ("", at, at)
        dist = 10**9
        for kind, rx in _EVENT_RE.items():
            # reporting verbs only win when no event is near: "said on Monday that talks..."
            weight = 2.0 if kind == "statement" else 1.0
            for m in rx.finditer(self.folded, s.start, s.end):
                d = m.start() - at if m.start() >= at else (at - m.end()) * 0.8  # prefer what precedes
                d *= weight
                if d < dist:
                    dist, best = int(d), (kind, m.start(), m.end())
        return best

    def _nearest(self, s: _Sent, at: int, kinds: tuple[str, ...], window: int = 70) -> Mention | None:
        best, dist = None, window + 1
        for m in s.mentions:
            if m.kind not in kinds:
                continue
            d = m.start - at if m.start >= at else at - m.end
            if d < dist:
                best, dist = m, d
        return best

    def _tense(self, s: _Sent) -> str:
        return "future" if FUTURE.search(self.folded, s.start, s.end) else "past"

    # weekdays, dates and relative days
    def times(self, s: _Sent) -> Iterator[Extracted]:
        seg = self.folded[s.start : s.end]
        hits: list[tuple[int, int, str, str]] = []
        for m in re.finditer(r"\b(" + "|".join(WEEKDAYS) + r")\b", seg):
            hits.append((s.start + m.start(), s.start + m.end(), "weekday", WEEKDAYS[m.group(1)]))
        for rx, bucket in RELATIVE:
            for m in re.finditer(rx, seg):
                hits.append((s.start + m.start(), s.start + m.end(), "relative", bucket))
        months = "|".join(MONTHS)
        for m in re.finditer(rf"\b(\d{{1,2}})(?:er)? ({months})\b|\b({months}) (\d{{1,2}})\b", seg):
            day = m.group(1) or m.group(4)
            month = MONTHS[m.group(2) or m.group(3)]
            hits.append((s.start + m.start(), s.start + m.end(), "date", f"{month:02d}-{int(day):02d}"))
        for a, b, kind, value in hits:
            ev, ea, eb = self._event(s, a)
            place = self._nearest(s, a, ("country", "city"), 60)
            medium = self._nearest(s, a, ("media",), 200)
            gz = gazetteer()
            anchor = gz.entries[place.key].country if place and ev in ("travel", "talks") else ""
            role = self._tense(s)
            if ev in ("publish", "statement") and medium:
                ev, anchor = "publish", medium.key
                # "Monday's Telegraph" / "le Telegraph de lundi": the edition, not the day of writing
                if edition_day(self.folded, a, b, [medium]):
                    role = "edition"
            lo = min(a, ea) if ev else a
            hi = max(b, eb) if ev else b
            if place and anchor:
                lo, hi = min(lo, place.start), max(hi, place.end)
            if hi - lo > 160:
                lo, hi = a, b
            yield self.claim(s, lo, hi, kind, value, f"{kind}:{ev}:{anchor}", event=ev, anchor=anchor, role=role)

    # numbers with units
    def numbers(self, s: _Sent) -> Iterator[Extracted]:
        for a, b, value in _numbers(self.text, self.folded, s.start, s.end, self.lang):
            after = self.folded[b : min(s.end, b + 40)]
            before = self.folded[max(s.start, a - 30) : a]
            role, unit = "count", ""
            end = b
            m = re.match(r"\s*(%|percent\b|per cent\b|pour ?cent\b|pourcent\b)", after)
            if m:
                role, unit, end = "percent", "%", b + m.end()
                g = re.match(r"\s*(?:of|du|de la|de|d')\s*(?:the |its |their |son |leur |sa )?(gdp|pib)\b",
                             self.folded[end : min(s.end, end + 30)])
                if g:
                    unit, end = "% gdp", end + g.end()
            elif re.search(r"[$€£]\s*$", before) or re.match(r"\s*(?:dollars?|euros?|pounds?|livres?)\b", after):
                m2 = re.match(r"\s*(?:(?:thousand|million|billion|milliard)s?\s*(?:de |d')?)?(dollars?|euros?|pounds?|livres?)", after)
                cur = re.search(r"([$€£])\s*$", before)
                unit = MONEY_WORDS.get(cur.group(1) if cur else _singular(m2.group(1)) if m2 else "", "money")
                role, end = "money", b + (m2.end() if m2 else 0)
            else:
                m3 = re.match(r"[\s\-]*(?:(?:more|plus|de|d')\s+)?([^\W\d_][\w\-]*)", after)
                word = _singular(m3.group(1)) if m3 else ""
                if word in TIME_UNITS:
                    unit, end = TIME_UNITS[word], b + (m3.end() if m3 else 0)
                    rest = self.folded[end : s.end]
                    role = "offset" if OFFSET_AFTER.match(rest) or OFFSET_BEFORE.search(before) else "duration"
                    if role == "duration" and re.search(r"\b(?:of|de|du)\s*$", before):
                        role = "duration"
                else:
                    noun = _count_noun(self.folded[b : min(s.end, b + 50)])
                    if not noun:
                        continue
                    unit, end = noun[0], b + noun[1]
            if role == "count" and float(value) >= 1900 and float(value) <= 2100 and not unit:
                continue
            approx = bool(APPROX.search(before)) or bool(re.match(r"\s*(?:or|ou|to|a|à|-)\s*\d", after))
            ev, _, _ = self._event(s, a)
            yield self.claim(s, a, end, "number", f"{_fmt(float(value))} {unit}".strip(), f"number:{role}:{unit}",
                             event=ev, anchor=unit, role=role, approx=approx)

    # destinations of travel
    def travels(self, s: _Sent) -> Iterator[Extracted]:
        gz = gazetteer()
        for m in _EVENT_RE["travel"].finditer(self.folded, s.start, s.end):
            place = None
            for pm in s.mentions:
                if pm.kind in ("country", "city") and 0 <= pm.start - m.end() <= 25:
                    place = pm
                    break
            if place is None:
                continue
            country = gz.entries[place.key].country
            yield self.claim(s, m.start(), place.end, "place", country, f"travel:{country}", event="travel",
                             anchor=country, role=self._tense(s))

    # people named together around a meeting / call / joining
    def groups(self, s: _Sent) -> Iterator[Extracted]:
        people = [m for m in s.mentions if m.kind == "person"]
        keys = sorted({m.key for m in people})
        if len(keys) < 2:
            return
        ev, ea, eb = "mention", people[0].start, people[0].start
        for kind in ("join", "call", "talks"):
            mm = _EVENT_RE[kind].search(self.folded, s.start, s.end)
            if mm:
                ev, ea, eb = kind, mm.start(), mm.end()
                break
        lo = min([people[0].start, ea])
        hi = max([people[-1].end, eb])
        yield self.claim(s, lo, hi, "people", "+".join(keys), f"people:{ev}", event=ev, anchor="+".join(keys))

    # reported speech (without quotation marks): speaker + what about
    def statements(self, s: _Sent) -> Iterator[Extracted]:
        for m in REPORTING.finditer(self.folded, s.start, s.end):
            speaker = self._speaker(s, m.start(), m.end())
            if not speaker:
                continue
            body_start = m.end()
            rest = self.folded[body_start : s.end]
            if re.match(r"\s*[“\"«]", rest) or len(rest.split()) < 4:
                continue
            # the first clause: "X said that A and that B" is compared on A
            clause = re.split(r"\b(?:and that|and said|et a|et que|but|mais)\b|;", self.folded[body_start : s.end])[0]
            toks = _content_tokens(clause)
            if len(toks) < 3:
                continue
            yield self.claim(s, min(m.start(), speaker.start), s.end, "statement", speaker.key,
                             f"statement:{speaker.key}", event="statement", anchor=speaker.key, tokens=toks,
                             polarity=not NEGATION.search(self.folded, body_start, s.end),
                             modality=_modality(self.folded[body_start : s.end]))
            break

    def _speaker(self, s: _Sent, a: int, b: int) -> Mention | None:
        best, dist = None, 61
        for m in s.mentions:
            if m.kind != "person":
                continue
            d = a - m.end if m.end <= a else m.start - b
            if 0 <= d < dist:
                best, dist = m, d
        return best

    # lists of participants (countries / organisations)
    def lists(self, s: _Sent) -> Iterator[Extracted]:
        gz = gazetteer()
        items = [m for m in s.mentions if m.kind in ("country", "org", "region")]
        run: list[Mention] = []
        runs: list[list[Mention]] = []
        for m in items:
            if run and not re.fullmatch(r"[\s,;]*(?:l\s*'\s*)?(?:(?:and|et|as well as|ainsi que|plus|with|avec|along with)\s+)?"
                                        r"(?:(?:the|la|le|les|l'|de|du|des|d'|of)\s*)*[\s,]*",
                                        self.folded[run[-1].end : m.start]):
                runs.append(run)
                run = []
            run.append(m)
        runs.append(run)
        for r in runs:
            countries = [m for m in r if m.kind == "country"]
            if len(countries) < 3:
                continue
            keys = sorted({gz.entries[m.key].country if m.kind == "country" else m.key for m in r})
            prefix = self.folded[max(s.start, r[0].start - 60) : r[0].start]
            yield self.claim(s, r[0].start, r[-1].end, "list", ",".join(keys), "list:participants",
                             event="talks", anchor="participants", exhaustive=bool(EXHAUSTIVE.search(prefix)))

    # quotations
    def _quote_speaker(self, sents: Sequence[_Sent], s: _Sent, a: int, b: int) -> Mention | None:
        """The person a quotation ``a:b`` of sentence ``s`` is attributed to: the nearest person
        joined to it by a reporting verb ("», a déclaré Daley", "Daley said: “"), else the
        nearest person of its sentence (or of a neighbouring one, within 40 characters). A name
        just before the quote with no reporting verb between ("... par Clinton. « J'ai dit ») is
        the previous sentence's subject, not the speaker."""
        best: dict[bool, tuple[int, Mention]] = {}
        for x in sents:
            for mm in x.mentions:
                if mm.kind != "person" or a <= mm.start < b:
                    continue
                d = a - mm.end if mm.end <= a else mm.start - b
                if d < 0 or not (x is s or d < 40):
                    continue
                reported = d < 60 and self._reports(mm, a, b)
                if reported not in best or d < best[reported][0]:
                    best[reported] = (d, mm)
        found = best.get(True) or best.get(False)
        return found[1] if found else None

    def _reports(self, mm: Mention, a: int, b: int) -> bool:
        """Whether a person is joined to the quotation ``a:b`` by a reporting verb in the same
        clause: between them ("Kerry said: “", "», a déclaré Kerry") or on the name's other side
        ("," Murphy said", "said Kerry: “"), with no sentence end between name and quote."""
        before = mm.end <= a
        gap = self.folded[mm.end : a] if before else self.folded[b : mm.start]
        if _SENTENCE_END.search(gap):
            return False
        far = self.folded[max(0, mm.start - 20) : mm.start] if before else self.folded[mm.end : mm.end + 20]
        far = (_SENTENCE_END.split(far)[-1] if before else _SENTENCE_END.split(far)[0])
        return bool(REPORTING.search(gap) or REPORTING.search(far))

    def quotes(self, sents: Sequence[_Sent]) -> Iterator[Extracted]:
        p = self.para
        for m in _QUOTATION.finditer(self.text, p.start, p.end):
            a, b = m.start(1), m.end(1)
            if not m.group(2):
                # no closing mark: the quote runs on into the next paragraph, or the mark was lost;
                # only its first sentence is surely quoted
                cut = _SENTENCE_END.search(self.text, a, b)
                b = cut.start() + 1 if cut else b
            toks = _content_tokens(self.folded[a:b])
            # broken quotation marks in machine translation can swallow the attribution
            if len(toks) < 3 or re.search(r"\b(?:said|says|told|a declare|a dit)\s+[A-Z]", self.text[a:b]):
                continue
            s = next((x for x in sents if x.start <= a < x.end), sents[0])
            speaker = self._quote_speaker(sents, s, a, b)
            explicit = bool(speaker) and bool(
                REPORTING.search(self.folded, max(p.start, min(a, speaker.start) - 40 if speaker else a),
                                 min(p.end, max(b, speaker.end) + 40 if speaker else b))
            )
            yield self.claim(s, a, b, "quote", " ".join(toks), "quote", event="statement",
                             anchor=(speaker.key if speaker and explicit else ""), tokens=toks,
                             polarity=not NEGATION.search(self.folded, a, b),
                             modality=_modality(self.folded[a:b]))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t,;:“”\"«»":
        a += 1
    while b > a and text[b - 1] in " \t,;:“”\"«»":
        b -= 1
    return a, b


def _singular(word: str) -> str:
    word = word.lower()
    if word in ("mois", "pays", "fois"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2] in COUNT_NOUNS:
        return word[:-2]
    if word.endswith(("s", "x")) and len(word) > 3:
        return word[:-1]
    return word


def _count_noun(after: str) -> tuple[str, int] | None:
    """The counted noun right after a number (skipping up to two modifiers), e.g. 'soldiers'."""
    pos = 0
    for i, m in enumerate(re.finditer(r"[^\W\d_][\w\-']*", after)):
        if i > 2:
            break
        w = _singular(m.group(0))
        if w in COUNT_NOUNS:
            return COUNT_NOUNS[w], m.end()
        if w in ("of", "de", "des", "d'", "du"):
            continue
        pos = m.end()
    del pos
    return None


def _numbers(text: str, folded: str, a: int, b: int, lang: str) -> Iterator[tuple[int, int, float]]:
    """The numbers of a sentence, from the one numbers module (digits, words, scales)."""
    return numbers.find_numbers(folded, lang, a, b)


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _content_tokens(folded: str) -> tuple[str, ...]:
    """Content words of folded text: places and organisations as gazetteer keys, person names by
    their key, French words mapped to English where a glossary knows them, times left out."""
    gz = gazetteer()
    for rx, _bucket in RELATIVE:
        folded = re.sub(rx, " ", folded)
    folded = re.sub(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", " ", folded)
    folded = gz.pattern.sub(lambda m: f" {gz.by_name[m.group(0)]} ", folded)
    out = []
    for w in re.findall(r"[^\W\d_][\w\-]*", folded.replace("'", " ")):
        if w in STOPWORDS or len(w) < 2:
            continue
        w = PERSON_ALIASES.get(w, w)
        out.append(GLOSSARY.get(w, gz.adjectives.get(w, w)))
    return tuple(out)


def _modality(folded: str) -> str:
    if HEDGE.search(folded):
        return "hedged"
    if CERTAIN.search(folded):
        return "certain"
    return ""
