"""Foreign typography detectors (DS401-DS408) on invented sentences."""

from __future__ import annotations

import pytest

from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "code, text, expected",
    [
        ("DS401", "The minister said the plan was final and nothing would change it. »»", ["»»"]),
        ("DS401", "He called it « a real turning point » for the whole region and its allies.", ["«", "»"]),
        ("DS402", "The committee will hold a follow -up meeting with farmers in the spring.", ["follow -up"]),
        ("DS403", "Ministers from Italy, L ‘Spain and Portugal met the farmers on Friday morning.", ["L ‘Spain"]),
        ("DS403", "He said he would go along with ‘Others, if the deal held through the winter.", ["‘Others"]),
        ("DS404", "“We will not sign this text as it stands, “he told reporters in the capital.", ["stands, “he"]),
        ("DS404", "“We will not sign it, ”said the minister after the long meeting on Friday.", ["it, ”said"]),
        ("DS404", "She said she was “ready to help the farmers. ” The talks resumed the next day.", ["farmers. ”"]),
        ("DS404", "The mayor said the bridge would reopen when they fixed it . Work starts soon.", ["it ."]),
        ("DS405", "What is their real mission statement-for example, who pays for the repairs?", ["statement-for"]),
        ("DS408", "Spending must be “3%north” of GDP to close the gaps, he said.", ["3%north"]),
        ("DS408", "Growth reached 2.5 %ahead of the forecasts made in spring.", ["2.5 %ahead"]),
        ("DS408", "The talks ended.Ministers went home after the vote on Friday.", ["ended.Ministers"]),
    ],
)
def test_finds_foreign_typography(code: str, text: str, expected: list[str]) -> None:
    found = run(code, make_source(text))
    assert texts(found) == expected
    assert all(f.category == "foreign_typography" and f.evidence for f in found)


@pytest.mark.parametrize(
    "code, text",
    [
        ("DS401", "He called it “a real turning point” for the whole region and its allies."),
        ("DS402", "The committee will hold a follow-up meeting – probably in the spring."),
        ("DS403", "The union’s leader said the ‘coalition of the willing’ was ready, and L’Oréal agreed."),
        ("DS404", "“We will not sign it,” said the minister. “Never,” he added, “not this year.”"),
        ("DS405", "A well-known state-of-the-art plant and a would-be buyer met on Monday morning."),
        ("DS408", "He asked why.“Nobody knows,” she said after the long meeting."),
        ("DS408", "Spending rose 3% in March and 4.5 % in April, a 50%-owned unit said."),
        ("DS408", "The app runs on Node.js and the Boost.Thread library; see fs.Stats and St.John for more."),
        ("DS408", "The U.S.Army and the e.g.Example page were cited, and the talks ended. Ministers left."),
    ],
)
def test_clean_typography_is_not_flagged(code: str, text: str) -> None:
    assert run(code, make_source(text)) == []


def test_suggestions_repair_the_text() -> None:
    src = make_source("The committee will hold a follow -up meeting with farmers in the spring.")
    (f,) = run("DS402", src)
    assert f.suggestion == "follow-up" and f.severity == "high"
    src = make_source("“We will not sign this text as it stands, “he told reporters in the capital.")
    (f,) = run("DS404", src)
    assert f.suggestion == "stands,” he"


@pytest.mark.parametrize(
    "lang, text, suggestion",
    [
        ("en", "Spending must be 3%north of GDP to close the gaps.", "3% north"),
        ("en", "Growth reached 2.5 %ahead of the forecasts made in spring.", "2.5% ahead"),
        ("fr", "Les ventes ont progressé de 3%depuis le mois de mars.", "3\u00a0% depuis"),
        ("fr", "Le sommet a pris fin.Les ministres sont partis dans la soirée.", "fin. Les"),
    ],
)
def test_missing_space_suggestions(lang: str, text: str, suggestion: str) -> None:
    (f,) = run("DS408", make_source(text, lang))
    assert f.suggestion == suggestion and f.severity == "high" and f.evidence


def test_english_rules_skip_french_text() -> None:
    src = make_source("Le ministre a parlé d’un « tournant » pour la région et ses alliés européens.", "fr")
    assert run("DS401", src) == [] and run("DS404", src) == []


FR_MT = ("Le message est clair: nous ne céderons pas. Qui paiera? Le ministre a déclaré “nous verrons” "
         "avant de partir; il a ajouté “rien n'est décidé”.")
FR_PRO = ("Le message est clair : nous ne céderons pas. Qui paiera ? Le ministre a déclaré « nous verrons » "
          "avant de partir ; il a ajouté « rien n'est décidé ».")


@pytest.mark.parametrize(
    "text, expected",
    [
        (FR_MT, ["clair:", "paiera?", "partir;", "“", "“"]),
        (FR_PRO, []),
        # one slip in a text that otherwise follows French typography is not reported
        (FR_PRO.replace("paiera ?", "paiera?"), []),
        # unspaced punctuation without English quotes: web French, not evidence of translation
        ("Le message est clair: nous ne céderons pas. Qui paiera? Personne.", []),
        # “ ” as second-level quotes inside « »
        ("Il a dit « le “plan B” est prêt » hier. Elle a répondu « non » ; puis « peut-être ».", []),
    ],
)
def test_english_typography_in_french(text: str, expected: list[str]) -> None:
    found = run("DS406", make_source(text, "fr"))
    assert texts(found) == expected


def test_english_typography_is_not_looked_for_in_english() -> None:
    assert run("DS406", make_source("The message is clear: we will not yield. Who pays? “We shall see.”")) == []
