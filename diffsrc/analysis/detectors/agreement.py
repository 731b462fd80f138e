"""English agreement and word-form errors (DS920-DS926): general grammar, not French interference.

Machine translation and spinning break agreements any writer of English keeps: "a important",
"will sits", "to negotiated", "has agree", "he have", "the ministers says", "these decision",
"more easier". Each rule is documented in the grammars (Swan, Practical English Usage, 4th ed.
2016: a/an by sound, modal + infinitive without "to", the perfect with the past participle,
third-person -s, this/these with the noun's number, comparison; Biber et al., Longman Grammar
of Spoken and Written English, 1999, on agreement) and has a LanguageTool counterpart
(EN_A_VS_AN, MD_BASEFORM, TO_NON_BASE, HE_VERB_AGR, DOES_X_HAS, THIS_NNS).

Word forms come from data, not lists: each word's possible tags from lemminflect's lexicon and
first sounds from the CMU Pronouncing Dictionary (``wordforms``). A rule fires only when every
reading of the word breaks the agreement ("says" is only a verb; "talks" may be a noun, so "to
talks" is fine), never inside quotation marks (speech may be dialect), in headings or in title-case
lines (headlines), and never on capitalised words that may be names or titles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from diffsrc.analysis.detectors import Context, Detector
from diffsrc.analysis.detectors.lexicon import keep_longest
from diffsrc.analysis.detectors.rules import detector
from diffsrc.analysis.detectors.text import Token, capitalised_words, is_function_word, make_finding, tokens
from diffsrc.analysis.detectors.wordforms import (
    NOUN_TAGS,
    VERB_TAGS,
    Form,
    form,
    inflection,
    initial_sound,
    listed_sound,
)
from diffsrc.analysis.frequencies import zipf
from diffsrc.model import Finding, Source

_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
MODALS = frozenset(
    """will would shall should can could may might must cannot won't wouldn't shan't shouldn't
    can't couldn't mightn't mustn't""".split()
)
DO_FORMS = frozenset("do does did don't doesn't didn't".split())
HAVE_FORMS = frozenset("has have had having hasn't haven't hadn't".split())
BE_FORMS = frozenset("am is are was were be been being isn't aren't wasn't weren't".split())
AUXILIARIES = MODALS | DO_FORMS | HAVE_FORMS | BE_FORMS
# Closed-class adverbs that may stand between an auxiliary and its verb ("will not sit").
_INSERTED = frozenset("not never also still only just always ever really already".split())
DETERMINERS = frozenset(
    "the a an this that these those his her its their our your my some any no every each".split()
)
OBJECT_STARTS = DETERMINERS | frozenset("him them us me it".split())
PREPOSITIONS = frozenset(
    """of in on at by for from with among between about against under over into onto through across
    after before during without within like than as to toward towards behind beyond near""".split()
)
# Words after which a pronoun starts a clause (so "it" is a subject, not the object of "let it").
CLAUSE_OPENERS = frozenset(
    """and but or so because when while although though as since where whether then now yet until
    unless once after before why how what who which""".split()
)
# The mandative subjunctive keeps the base form after these ("insisted that he have").
_SUBJUNCTIVE = frozenset({"that", "lest", "if"})
_PARTICIPLE_OR_PAST = frozenset({"VBZ", "VBD", "VBN"})
_BASE = frozenset({"VB", "VBP"})
_NON_PARTICIPLE = frozenset({"VB", "VBP", "VBZ", "VBD"})


@dataclass(frozen=True)
class Window:
    """The tokens of one English body paragraph, with what the rules ask about them."""

    text: str
    toks: tuple[Token, ...]
    start: int

    def adjacent(self, i: int) -> bool:
        """``toks[i]`` and ``toks[i + 1]`` are separated by spaces only."""
        return i + 1 < len(self.toks) and self.text[self.toks[i].end : self.toks[i + 1].start] in (" ", "\u00a0")

    def opens_clause(self, i: int) -> bool:
        """``toks[i]`` starts a sentence or clause (after punctuation, a conjunction or nothing)."""
        if i == 0:
            return True
        prev = self.toks[i - 1]
        if self.text[prev.end : self.toks[i].start].strip():
            return True
        return prev.lower in CLAUSE_OPENERS

    def sentence_start(self, i: int) -> bool:
        """``toks[i]`` opens a sentence: the paragraph start or after . ! ? or a colon."""
        if i == 0:
            return True
        between = self.text[self.toks[i - 1].end : self.toks[i].start]
        return any(ch in ".!?:" for ch in between)

    def lower_word(self, i: int) -> str | None:
        """``toks[i]`` in lower case when it is written in lower case, else None."""
        if 0 <= i < len(self.toks) and self.toks[i].is_lower:
            return self.toks[i].lower
        return None

    def opening_word(self, i: int) -> str | None:
        """Like ``lower_word``, but a capitalised word that opens a sentence counts too."""
        if 0 <= i < len(self.toks) and self.toks[i].is_title and self.sentence_start(i):
            return self.toks[i].lower
        return self.lower_word(i)


@dataclass(frozen=True)
class Hit:
    """A rule's match: the first and last token, the message and the suggested wording."""

    first: int
    last: int
    message: str
    suggestion: str
    confidence: float = 0.7


def windows(source: Source) -> Iterator[Window]:
    """The checkable stretches of a source: English body paragraphs that are not headline-like,
    cut at quotations (each stretch between quotes is a window of its own)."""
    text = source.text
    for p in source.paragraphs:
        if p.kind != "body" or p.lang != "en":
            continue
        toks = tokens(text, p.start, p.end)
        if _headline_like(toks):
            continue
        pos = p.start
        for m in _QUOTED.finditer(text, p.start, p.end):
            yield Window(text, tuple(t for t in toks if pos <= t.start and t.end <= m.start()), pos)
            pos = m.end()
        yield Window(text, tuple(t for t in toks if pos <= t.start), pos)


def _headline_like(toks: list[Token]) -> bool:
    """Most longer words capitalised: a headline or a title in title case, not running text."""
    capitalised, words = capitalised_words(toks)
    return words >= 3 and capitalised >= 0.6 * words


class AgreementRule(Detector):
    """A rule over word pairs of English running text; subclasses implement ``match``."""

    languages = ("en",)

    def match(self, w: Window, i: int) -> Hit | None:
        """The rule's hit whose first token is ``w.toks[i]``, if any."""
        raise NotImplementedError

    def check(self, source: Source, ctx: Context) -> Iterable[Finding]:
        out = []
        for w in windows(source):
            for i in range(len(w.toks) - 1):
                hit = self.match(w, i)
                if hit is None:
                    continue
                out.append(
                    make_finding(
                        source, w.toks[hit.first].start, w.toks[hit.last].end, detector=type(self),
                        severity="medium", confidence=hit.confidence, message=hit.message,
                        suggestion=hit.suggestion,
                    )
                )
        return keep_longest(out)


def _after_auxiliary(w: Window, i: int) -> int | None:
    """The index of the verb after the auxiliary ``toks[i]`` (skipping one "not", "never"...)."""
    if not w.adjacent(i):
        return None
    j = i + 1
    if w.toks[j].lower in _INSERTED and w.adjacent(j):
        j += 1
    return j if w.toks[j].is_lower else None


def _noun_use(w: Window, i: int) -> bool:
    """``toks[i]`` (a modal or "do") is a noun here: "the will", "political will", "a must"."""
    if i == 0 or not w.adjacent(i - 1):
        return False
    prev = w.toks[i - 1].lower
    tags = form(prev).tags
    return prev in DETERMINERS or ("JJ" in tags and not tags & {"NN", "NNS"})


@detector("DS920")
class ArticleForm(AgreementRule):
    """"a important", "an European": the indefinite article by the next word's first sound."""

    def match(self, w: Window, i: int) -> Hit | None:
        art = w.toks[i]
        if art.text not in ("a", "an") and not (art.text in ("A", "An") and w.sentence_start(i)):
            return None
        if not w.adjacent(i) or (i > 0 and w.toks[i - 1].lower == "letter"):
            return None
        nxt = w.toks[i + 1]
        first = re.split(r"[-'’]", nxt.text)[0]
        if len(first) < 2 or (first.isupper() and not w.sentence_start(i + 1)) or not first[1:].islower():
            return None  # a letter, an acronym ("an MP" is read by its letters) or "iPhone"
        low = first.lower()
        if is_function_word(low, "en") or form(low).only(VERB_TAGS):
            return None  # "a is", "a and b", "a automate": not the article
        if not (form(low).tags or nxt.text[:1].isupper() or listed_sound(low)):
            return None  # not an English dictionary word: a lower-case acronym ("an rpc") or code
        sound = initial_sound(low)
        if sound is None:
            return None
        wants_an = sound == "vowel"
        if (art.lower == "an") == wants_an:
            return None
        if art.lower == "an" and first.lower().startswith("h"):
            return None  # "an historic": a documented, older British variant (Swan)
        fixed = ("An" if art.text[0] == "A" else "an") if wants_an else ("A" if art.text[0] == "A" else "a")
        return Hit(i, i + 1, f"'{art.text}' before a {sound} sound ({nxt.text})", f"{fixed} {nxt.text}", 0.8)


@detector("DS921")
class ModalForm(AgreementRule):
    """"will sits", "can discussed", "did not went": a modal or "do" takes the base form."""

    def match(self, w: Window, i: int) -> Hit | None:
        aux = w.opening_word(i)
        if aux is None or (aux not in MODALS and aux not in DO_FORMS) or _noun_use(w, i):
            return None
        j = _after_auxiliary(w, i)
        if j is None or (aux in ("do", "does", "did") and w.toks[i + 1].lower not in ("not", "never")):
            return None  # "what it does is": "do" ends a clause; only negated "do" is an auxiliary
        verb = form(w.toks[j].lower)
        if not verb.only(_PARTICIPLE_OR_PAST) or not verb.verb_lemma:
            return None
        between = w.text[w.toks[i].start : w.toks[j].start]
        return Hit(i, j, f"'{w.toks[i].text}' takes the base form, not '{w.toks[j].text}'",
                   f"{between}{verb.verb_lemma}")


@detector("DS922")
class ToForm(AgreementRule):
    """"to negotiated the deal", "to says": the infinitive after "to" is the base form."""

    def match(self, w: Window, i: int) -> Hit | None:
        if w.toks[i].text != "to" or not w.adjacent(i) or not w.toks[i + 1].is_lower:
            return None
        verb = form(w.toks[i + 1].lower)
        if not verb.verb_lemma or not verb.only(_PARTICIPLE_OR_PAST):
            return None
        if verb.verb_lemma in ("be", "have", "do"):
            return None  # "the file it is written to is": a stranded preposition, then the verb
        # A stranded "to" may be followed by the clause's verb ("the man I spoke to says"), and
        # a participle after the preposition may be an adjective ("to increased demand"); a
        # verb after infinitival "to" is followed by its object: a determiner or a pronoun.
        if not w.adjacent(i + 1) or w.lower_word(i + 2) not in OBJECT_STARTS or verb.only(frozenset({"VBZ"})):
            return None
        return Hit(i, i + 1, f"'to' takes the base form, not '{w.toks[i + 1].text}'", f"to {verb.verb_lemma}")


@detector("DS923")
class PerfectForm(AgreementRule):
    """"has agree", "have went": the perfect takes the past participle."""

    def match(self, w: Window, i: int) -> Hit | None:
        aux = w.opening_word(i)
        if aux not in HAVE_FORMS:
            return None
        j = _after_auxiliary(w, i)
        if j is None:
            return None
        word = w.toks[j].lower
        verb = form(word)
        if not verb.only(_NON_PARTICIPLE) or "VBZ" in verb.tags or word in ("was", "were"):
            return None  # "what they have is": "have" ends a clause and the next verb begins one
        if "VBD" not in verb.tags and _modifies_next(w, j):
            return None  # "have complete control": an adjective the lexicon lacks
        if "VBD" in verb.tags and not _past_not_participle(word, inflection(verb.verb_lemma, "VBN")):
            return None
        participle = inflection(verb.verb_lemma or word, "VBN")
        if not participle:
            return None
        return Hit(i, j, f"'{w.toks[i].text}' takes the past participle, not '{w.toks[j].text}'",
                   f"{w.text[w.toks[i].start : w.toks[j].start]}{participle}")


_THIRD_SINGULAR = frozenset({"he", "she", "it"})
_NON_THIRD = frozenset({"i", "we", "they"})
_PLURAL_QUANTIFIERS = frozenset({"many", "several", "numerous", "various"})
_THIRD = frozenset({"VBZ"})
# After "they" a plural noun cannot stand ("we Americans" can, so "we" keeps to pure verb forms).
_THIRD_OR_PLURAL = frozenset({"VBZ", "NNS"})
_BASE_OR_NOUN = _BASE | NOUN_TAGS


def _base_verb(verb: Form) -> bool:
    """A base-form verb that cannot be read otherwise after a subject pronoun: it may also be a
    noun ("he plan": no noun follows a subject pronoun) but not an adjective or an adverb ("he
    still", "she last visited")."""
    return "VB" in verb.tags and verb.only(_BASE_OR_NOUN)


def _past_not_participle(past: str, participle: str) -> bool:
    """A simple past that no variety uses as a participle: the strong past ("went", "took") of a
    verb whose own participle is in common use. A variant past of a regular verb is a participle
    too ("has learnt", "has lit": British usage, Swan), a regularised past is its own participle
    ("has strived"), and where the participle is rare next to
    the past, the past serves as one ("have got")."""
    if not participle or participle == past or participle.endswith("ed") or past.endswith("ed"):
        return False  # "strived", "shined": a regularised past is the regular participle as well
    return zipf(participle, "en") >= zipf(past, "en") - COUNTABLE_PLURAL_GAP


@detector("DS924")
class SubjectVerbAgreement(AgreementRule):
    """"he have", "they has", "the ministers says", "there is many": the verb agrees with its subject."""

    def match(self, w: Window, i: int) -> Hit | None:
        subject = w.toks[i]
        low = subject.lower
        if not (subject.is_lower or (subject.is_title and w.sentence_start(i)) or subject.text == "I"):
            return None
        if subject.text == "i":
            return None  # a variable or a letter; the pronoun is "I"
        if low in _THIRD_SINGULAR or low in _NON_THIRD:
            return self._pronoun(w, i, low)
        if low == "there":
            return self._there(w, i)
        if subject.is_lower and "NNS" in form(low).tags:  # "the ministers": a determiner before it
            return self._plural_noun(w, i)
        return None

    def _pronoun(self, w: Window, i: int, low: str) -> Hit | None:
        if not w.adjacent(i) or not w.toks[i + 1].is_lower:
            return None
        prev = w.toks[i - 1].lower if i > 0 and w.adjacent(i - 1) else ""
        if prev in AUXILIARIES or prev == "to":
            return None  # inversion: "does he have", "would it go"
        if low == "i" and i > 0 and w.toks[i - 1].text[:1].isupper() and w.adjacent(i - 1):
            return None  # a numeral: "World War I", "Elizabeth I"
        word = w.toks[i + 1].lower
        verb = form(word)
        if low in _THIRD_SINGULAR:
            if not _base_verb(verb) or prev in _SUBJUNCTIVE or (low == "it" and not w.opens_clause(i)):
                return None
            if w.adjacent(i + 1) and w.lower_word(i + 2) == "not":
                return None  # "it need not", "he dare not": the semi-modals take no -s  # "let it go": "it" is an object; "insisted that he have": subjunctive
            fixed = inflection(word, "VBZ")
        else:
            if word in ("was", "wasn't") and low != "i":
                fixed = "were" + word[3:]
            elif "VBZ" in verb.tags and verb.only(_THIRD_OR_PLURAL if low == "they" else _THIRD) and verb.verb_lemma:
                fixed = "am" if (low, verb.verb_lemma) == ("i", "be") else inflection(verb.verb_lemma, "VBP")
                fixed = "are" if verb.verb_lemma == "be" and low != "i" else fixed
            else:
                return None
        if not fixed:
            return None
        return Hit(i, i + 1, f"'{w.toks[i].text}' does not agree with '{w.toks[i + 1].text}'",
                   f"{w.toks[i].text} {fixed}")

    def _there(self, w: Window, i: int) -> Hit | None:
        if not w.adjacent(i) or w.toks[i + 1].text not in ("is", "was") or not w.adjacent(i + 1):
            return None
        quant = w.lower_word(i + 2)
        if quant not in _PLURAL_QUANTIFIERS or w.lower_word(i + 3) in ("a", "an"):
            return None  # "there is many a slip" is singular
        verb = "are" if w.toks[i + 1].text == "is" else "were"
        return Hit(i, i + 2, f"'{w.toks[i + 1].text}' before a plural ('{quant}')", f"{w.toks[i].text} {verb} {quant}")

    def _plural_noun(self, w: Window, i: int) -> Hit | None:
        if i == 0 or not w.adjacent(i - 1) or not w.adjacent(i):
            return None
        noun, det = form(w.toks[i].lower), w.toks[i - 1].lower
        if "NNS" not in noun.tags or not noun.only(frozenset({"NNS", "VBZ"})) or det not in ("the", "these", "those", "many", "several", "our", "their"):
            return None
        if i > 1 and w.adjacent(i - 2) and w.toks[i - 2].lower in PREPOSITIONS:
            return None  # "one of the ministers says": the subject is "one"
        if any("VBG" in form(t.lower).tags for t in w.toks[max(0, i - 4) : i - 1]):
            return None  # "using these members is": the subject is the gerund
        verb_word = w.lower_word(i + 1)
        verb = form(verb_word or "")
        if verb_word is None or not verb.only(frozenset({"VBZ"})) or not verb.verb_lemma:
            return None
        fixed = "are" if verb.verb_lemma == "be" else inflection(verb.verb_lemma, "VBP")
        return Hit(i, i + 1, f"plural subject '{w.toks[i].text}' with singular '{w.toks[i + 1].text}'",
                   f"{w.toks[i].text} {fixed}")


_SINGULAR_DETERMINERS = frozenset({"this", "each", "every", "another", "a", "an"})
_PLURAL_DETERMINERS = frozenset({"these", "those"}) | _PLURAL_QUANTIFIERS
# A noun whose uncountable reading AGID lists counts as countable when its plural is at most
# this much rarer (in Zipf units, a factor of 10): "decisions" is common, "informations" is not.
COUNTABLE_PLURAL_GAP = 1.0


@detector("DS925")
class DeterminerNumber(AgreementRule):
    """"these decision", "this officials": a determiner agrees in number with its noun."""

    def match(self, w: Window, i: int) -> Hit | None:
        det = w.opening_word(i)
        if det is None or det not in _SINGULAR_DETERMINERS | _PLURAL_DETERMINERS or not w.adjacent(i):
            return None
        word = w.lower_word(i + 1)
        if word is None:
            return None
        noun = form(word)
        if is_function_word(word, "en") or _modifies_next(w, i + 1):
            return None
        if det in _SINGULAR_DETERMINERS and noun.only(frozenset({"NNS"})) and noun.other_number:
            return Hit(i, i + 1, f"singular '{w.toks[i].text}' with plural '{w.toks[i + 1].text}'",
                       _singular_fix(w.toks[i].text, word, noun.other_number))
        if det in _PLURAL_DETERMINERS and noun.only(frozenset({"NN", "NNS0"})) and _countable(word, noun.other_number):
            return Hit(i, i + 1, f"plural '{w.toks[i].text}' with singular '{w.toks[i + 1].text}'",
                       f"{w.toks[i].text} {noun.other_number}")
        return None


def _modifies_next(w: Window, i: int) -> bool:
    """``toks[i]`` may modify what follows: a noun or an unknown word comes next ("this arms race",
    "these decision makers", "an annotations dict"), or a hyphen or an apostrophe joins it."""
    after = w.text[w.toks[i].end : w.toks[i].end + 2]
    if after[:1] in ("-", "'", "’") or after == " -":
        return True  # "platform-specific", "the directories' files", a split "follow -up"
    if not w.adjacent(i):
        return False
    nxt = w.toks[i + 1]
    tags = form(nxt.lower).tags
    return not tags or bool(tags & {"NN", "NNS", "NNS0"})


def _singular_fix(det: str, plural: str, singular: str) -> str:
    """"this officials" -> "these officials"; "a officials" -> "an official"."""
    if det.lower() == "this":
        return f"{det[0]}hese {plural}"
    if det.lower() in ("a", "an"):
        sound = initial_sound(singular)
        det = (det[0] + "n" if sound == "vowel" else det[0]) if sound else det
    return f"{det} {singular}"


def _countable(word: str, plural: str) -> bool:
    """A singular noun with a plural in common use (so "these <word>" lacks its -s)."""
    return bool(plural) and plural != word and zipf(plural, "en") >= zipf(word, "en") - COUNTABLE_PLURAL_GAP


_COMPARATIVE = {"more": "JJR", "less": "JJR", "most": "JJS", "least": "JJS"}
# Readings that make "more X" grammatical: X a noun ("more betters"?), a plain adverb ("more later")
# or a plain adjective ("less lesser"): only a pure comparative or superlative adjective counts.
_NOT_DOUBLE = frozenset({"NN", "NNS", "NNS0", "RB", "JJ"})


@detector("DS926")
class DoubleComparative(AgreementRule):
    """"more easier", "most biggest": a comparison marked twice."""

    def match(self, w: Window, i: int) -> Hit | None:
        marker = w.opening_word(i)
        if marker not in _COMPARATIVE or not w.adjacent(i):
            return None
        word = w.lower_word(i + 1)
        if word is None:
            return None
        tags = form(word).tags
        if _COMPARATIVE[marker] not in tags or tags & _NOT_DOUBLE:
            return None
        return Hit(i, i + 1, f"'{w.toks[i].text}' with the {'comparative' if marker in ('more', 'less') else 'superlative'} "
                   f"'{w.toks[i + 1].text}'", w.toks[i + 1].text)
