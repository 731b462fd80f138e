"""Synonym substitution and spinning (DS701-DS704) on invented texts."""

from __future__ import annotations

import pytest

from diffsrc.analysis.detectors import REGISTRY, Context, selected
from diffsrc.analysis.detectors.collocations import looks_spun
from diffsrc.analysis.detectors.lexicon import RESOURCES
from diffsrc.analysis.detectors.thesaurus import (
    BIGRAM_SUBSET,
    best_swap,
    bigram,
    bigram_lines,
    inflect,
    lemmas,
    neighbours,
    subset_header,
)
from diffsrc.model import Alignment, ParaRef
from tests.detector_sources import make_source, run, texts

SPUN = (
    "Regional leaders will convene in Rome on Friday to talk about flood assist, officers mentioned.\n"
    "The mayor mentioned at a information convention that the most important query mark is money.\n"
    "Nonetheless, the plan continues to be unclear, as a result of they have no money.\n"
    "Engineers are making an attempt to repair the dams, and the region wants to spend extra on them.\n"
    "Officials floated the thought of a rescue fund to discourage an attack; no different nation has joined it.\n"
    "In the event that the rain returns, the state of affairs could worsen, and nobody desires that.\n"
)
PLAIN = (
    "Regional leaders will meet in Rome on Friday to discuss flood aid, officials said.\n"
    "The mayor said at a news conference that the biggest question mark is money.\n"
    "Nonetheless, the plan remains unclear, as a result of delays in the budget.\n"
)


@pytest.mark.parametrize(
    "text, expected, suggestion",
    [
        # swaps known from spun news copy
        ("Delegates at the local weather summit agreed on new targets.", ["local weather summit"], "climate summit"),
        ("A spokesman for the White Home declined to comment.", ["White Home"], "White House"),
        ("The Supreme Courtroom will hear the case in March.", ["Supreme Courtroom"], "Court"),
        ("Regulation enforcement officers closed the road.", ["Regulation enforcement"], "law enforcement"),
        ("The central bank raised curiosity charges again.", ["curiosity charges"], "interest rates"),
        ("Unemployment fell to 4.2 p.c. in May.", ["p.c."], "per cent"),
        ("The United International locations called for calm.", ["United International locations"], "United Nations"),
        ("The overseas minister flew to Cairo.", ["overseas minister"], "foreign minister"),
        ("Parliament passed the federal price range on Friday.", ["federal price range"], "budget"),
        ("Greenhouse fuel emissions rose last year.", ["Greenhouse fuel emissions"], "greenhouse gas"),
    ],
)
def test_tortured_phrases(text: str, expected: list[str], suggestion: str) -> None:
    found = run("DS701", make_source(text))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion and found[0].category == "synonym_substitution"


def test_spinner_vocabulary_needs_a_spun_text() -> None:
    spun, plain = make_source(SPUN, source_id="spun"), make_source(PLAIN, source_id="plain")
    assert looks_spun(spun) and not looks_spun(plain)
    found = run("DS702", spun, plain)
    assert {f.source for f in found} == {"spun"}
    assert {"as a result of", "discourage an attack"} <= set(texts(found))
    assert all(any("spinner swaps" in e.note for e in f.evidence) for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "The local weather forecast calls for rain; climate change is another matter.",
        "He stayed at home. The Home Office and the House of Representatives disagreed.",
        "The courtroom was full when the Supreme Court ruling was read.",
        "Data protection officials and the child protection minister met on Monday.",
        "Store inventory costs rose, and the price range of new cars widened.",
        "Curiosity drove the children; the state troopers closed the road.",
        "The actual property taxes were lower than the estimate.",
        "A nationwide safety campaign starts in May.",
    ],
)
def test_spun_news_swaps_stay_quiet_on_plain_english(text: str) -> None:
    assert run("DS701", make_source(text)) == []


def test_plain_wording_is_not_flagged() -> None:
    plain = make_source(PLAIN)
    assert run("DS701", plain) == [] and run("DS702", plain) == [] and run("DS704", plain) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The allies are ready to intensify, to engage and to help.", ["intensify"]),
        ("Other leaders have also suggested intensifying in various ways.", ["intensifying"]),
        ("The storm will intensify overnight near the coast.", []),
        ("Police intensified patrols after the attack.", []),
    ],
)
def test_intransitive_intensify(text: str, expected: list[str]) -> None:
    found = run("DS703", make_source(text))
    assert texts(found) == expected
    assert all(f.suggestion == "step up" for f in found)


def test_unnatural_collocation_from_aligned_source() -> None:
    a = make_source("For the council the biggest query is the cost of the bridge.", source_id="a")
    b = make_source("For the council the biggest question is the cost of the bridge.", source_id="b")
    selected()
    al = Alignment(ParaRef("a", 0), ParaRef("b", 0), 0.9, "same")
    found = list(REGISTRY["DS704"]().run(Context((a, b), (al,))))
    assert [(f.source, f.text, f.suggestion) for f in found] == [("a", "query", "question")]
    assert "aligned paragraph" in found[0].evidence[0].note
    # without the alignment, "biggest query" is not strong enough statistical evidence alone
    assert list(REGISTRY["DS704"]().run(Context((a, b), ()))) == []


@pytest.mark.parametrize(
    "mine, theirs",
    [
        # two translations of one talk: 'blurry' (Zipf 3.3) and 'fuzzy' (3.7) are both writers' words
        ("As you can see, maybe a little blurry, the red waves are emitted.",
         "As you can see, it may be a little fuzzy, and red waves are emitted."),
        ("The council wants a clear answer on the cost of the bridge.",
         "The council wants a clear response on the cost of the bridge."),
    ],
)
def test_aligned_source_with_an_equally_common_word_is_not_evidence(mine: str, theirs: str) -> None:
    a = make_source(mine, source_id="a")
    b = make_source(theirs, source_id="b")
    selected()
    al = Alignment(ParaRef("a", 0), ParaRef("b", 0), 0.9, "same")
    assert list(REGISTRY["DS704"]().run(Context((a, b), (al,)))) == []


# An invented text spun through a thesaurus: dense with swaps, so medium ones are reported too.
SWAPPED = (
    "The mayor said the cost of the new harbour stays unclear, and nobody desires a second delay.\n"
    "Work on the pier took spot in spring, after a wide scope of studies by the port authority.\n"
    "Residents say the climate alteration is already felt on the coast, where storms are frequent.\n"
    "The mayor, a tight friend of the governor, promised answers before the end of the year.\n"
)


@pytest.mark.parametrize(
    "word, suggestion, alternative",
    [
        ("stays", "remains", "remains unclear"),
        ("desires", "wants", "nobody wants"),
        ("spot", "place", "took place"),
        ("scope", "range", "wide range"),
        ("alteration", "change", "climate change"),
        ("tight", "close", "close friend"),
    ],
)
def test_unnatural_collocation_in_a_text_dense_with_swaps(word: str, suggestion: str, alternative: str) -> None:
    found = {f.text: f for f in run("DS704", make_source(SWAPPED))}
    assert word in found
    f = found[word]
    assert f.suggestion == suggestion and f.category == "synonym_substitution"
    notes = " | ".join(e.note for e in f.evidence)
    assert f"bigram '{alternative}'" in notes and "WordNet:" in notes


@pytest.mark.parametrize(
    "text, expected",
    [
        # strong: a fixed collocation, first senses on both sides, a much more common neighbour
        ("Scientists warned that climate alteration will raise sea levels.", [("alteration", "change")]),
        # medium evidence alone, in an otherwise clean text, is not reported
        ("The date of the vote stays unclear, the commission said.", []),
        ("Officials said the work took spot without incident.", []),
    ],
)
def test_unnatural_collocation_in_a_normal_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.text, f.suggestion) for f in run("DS704", make_source(text))] == expected


CLEAN_NEWS = [
    "The central bank raised interest rates by a quarter of a percentage point on Wednesday.",
    "Rescue teams worked through the night to reach villagers trapped by the landslide.",
    "The prime minister told reporters that the talks had been difficult but constructive.",
    "Shares in the carmaker fell sharply after it cut its profit forecast for the year.",
    "Heavy rain is expected to continue across the north of the country until Sunday.",
    "The court ruled that the new law breached the constitutional right to a fair trial.",
    "Police said two men had been arrested in connection with the robbery.",
    "The company plans to cut about a thousand jobs as part of a wider restructuring.",
    "Negotiators from both sides will meet again next week in Geneva, a spokesman said.",
    "The hospital said the patient was in a stable condition after surgery.",
    "Unemployment rose slightly in the third quarter, according to official figures.",
    "The opposition leader called for an independent inquiry into the contract.",
    "Firefighters brought the blaze under control after several hours.",
    "The minister denied any wrongdoing and said she would not resign.",
    "Voters will go to the polls in May to elect a new parliament.",
    "The airline cancelled hundreds of flights because of a strike by air traffic controllers.",
    "Doctors warned that waiting times had reached record levels over the winter.",
    "The president is expected to sign the bill into law later this month.",
    "A spokesman for the ministry said the first results would be published in June.",
    "The energy regulator said household bills would fall slightly from April.",
]


@pytest.mark.parametrize("sentence", CLEAN_NEWS)
def test_clean_news_sentence_has_no_substitution(sentence: str) -> None:
    src = make_source(sentence)
    assert run("DS701", src) == [] and run("DS702", src) == [] and run("DS704", src) == []


def test_clean_news_text_has_no_substitution() -> None:
    src = make_source("\n".join(CLEAN_NEWS) + "\n")
    assert not looks_spun(src)
    assert [f.text for code in ("DS701", "DS702", "DS704") for f in run(code, src)] == []


@pytest.mark.parametrize(
    "w1, w2, alternative",
    [
        ("query", "mark", "question mark"),
        ("query", "marks", "question marks"),
        ("climate", "alteration", "climate change"),
        ("prime", "minister", None),  # attested pair
        ("security", "advisor", None),  # "adviser" is a spelling variant, not a swap
        ("first", "effort", None),  # "attempt" is no more common than "effort": an ordinary choice
    ],
)
def test_best_swap(w1: str, w2: str, alternative: str | None) -> None:
    swap = best_swap(w1, w2)
    assert (swap.alternative if swap and swap.strength != "weak" else None) == alternative


@pytest.mark.parametrize(
    "word, reading",
    [("marks", ("mark", "s")), ("stays", ("stay", "s")), ("desires", ("desire", "s")), ("guaranteed", ("guarantee", "ed"))],
)
def test_lemmas(word: str, reading: tuple[str, str]) -> None:
    assert reading in lemmas(word)


@pytest.mark.parametrize(
    "lemma, infl, form",
    [("question", "s", "questions"), ("query", "s", "queries"), ("remain", "s", "remains"),
     ("change", "ed", "changed"), ("stop", "ed", "stopped"), ("make", "ing", "making"), ("zzzq", "ing", None)],
)
def test_inflect(lemma: str, infl: str, form: str | None) -> None:
    assert inflect(lemma, infl) == form


def test_wordnet_neighbours_carry_sense_ranks() -> None:
    first = {n.word: (n.rank, n.own_rank) for n in neighbours("query")}
    assert first["question"] == (1, 1)
    assert all(n.word != "query" for n in neighbours("query"))


@pytest.mark.parametrize(
    "text",
    ["Fighting in the east will intensify, the army warned.", "Tensions could intensify now that talks failed."],
)
def test_intensify_with_an_event_subject_is_natural(text: str) -> None:
    assert run("DS703", make_source(text)) == []


def test_shipped_bigram_subset_is_current() -> None:
    """resources/bigrams_content_en.tsv matches the function-word list (else: python3 -m diffsrc.analysis.detectors.thesaurus)."""
    head = (RESOURCES / BIGRAM_SUBSET).read_text(encoding="utf-8").split("\n", 1)[0]
    assert head == subset_header()
    assert bigram("question", "mark") == 29_755_008 and bigram("of", "the") == 0  # function-word pairs left out


def test_bigram_lookup_by_bisection_needs_sorted_lines() -> None:
    lines = bigram_lines()
    assert lines == sorted(lines) and "" not in lines
    first, last = lines[0].rsplit(" ", 2), lines[-1].rsplit(" ", 2)
    assert bigram(first[0], first[1]) == int(first[2]) and bigram(last[0], last[1]) == int(last[2])
    assert bigram("question", "mar") == 0 and bigram("questio", "mark") == 0  # prefixes are not pairs


def test_dense_statistical_swaps_make_a_text_spun() -> None:
    """Without any lexicon hit, WordNet + bigram swaps alone mark a text as spun; clean news is not."""
    spun, clean = make_source(SWAPPED), make_source("\n".join(CLEAN_NEWS) + "\n")
    assert run("DS701", spun) == [] and looks_spun(spun)
    assert not looks_spun(clean)
