"""Table-driven detectors (rules.py): the detector table, false friends and calques (DS601-DS612)."""

from __future__ import annotations

import re

import pytest

from diffsrc.analysis.detectors import REGISTRY, selected
from diffsrc.analysis.detectors.lexicon import load_lexicon, parse_lexicon, resource_text
from diffsrc.analysis.detectors.rules import TABLE, check_resources, detector, parse_table, table_detectors
from diffsrc.errors import ConfigError
from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "code, text, expected, suggestion",
    [
        ("DS601", "The mediators hope for a negotiated regulation of the border dispute by spring.",
         ["negotiated regulation"], "settlement"),
        ("DS601", "Farmers demand a lasting peace regulation before the harvest season begins.",
         ["peace regulation"], "settlement"),
        ("DS601", "The alliance wants to close the gaps in its naval capacities within five years.",
         ["naval capacities"], "capabilities"),
        ("DS601", "The minister confirmed the troop retirement from the base would start soon.",
         ["troop retirement"], "withdrawal"),
        ("DS601", "The governor said the senior aid Paul Mercer would lead the review team.",
         ["senior aid"], "aide"),
        ("DS601", "The country went into an animated election after months of protests.",
         ["an animated election"], "a heated election"),
        ("DS601", "Both armies promised to respect the convenient truce along the river.",
         ["convenient truce"], "agreed ceasefire"),
        ("DS601", "Talks on the Sahel are planned for the top of Thursday in Dakar.",
         ["the top of Thursday"], "the summit"),
        ("DS601", "The union was united for years, but a large part of this unit has gone.",
         ["this unit"], "unity"),
        ("DS601", "The mayor reported her opening to discuss a new budget with the opposition.",
         ["her opening"], "openness"),
        ("DS602", "The two ministers will throw the bases for a new trade pact next month.",
         ["throw the bases"], "lay the groundwork"),
        ("DS602", "Miners say the rare lands in the valley attract foreign investors.",
         ["rare lands"], "rare earths"),
        ("DS602", "Customers rarely read the small characters at the bottom of a contract.",
         ["the small characters"], "the small print"),
        ("DS602", "The real danger for the party is the threat of the interior, he argued.",
         ["threat of the interior"], "threat from within"),
        ("DS602", "The ministers discussed the cooperation of the police along the coast.",
         ["the cooperation of the police"], "police cooperation"),
        ("DS602", "In a first time, the council will hire ten more teachers for the school.",
         ["In a first time"], "initially / then"),
        ("DS611", "Les négociateurs sont graves de vouloir parvenir à un accord cette année.", ["graves"], "sérieux"),
        ("DS611", "Le maire a appelé une réunion d’urgence du conseil municipal.",
         ["appelé une réunion"], "convoquer"),
        ("DS612", "Pour le ministre, cette réforme fait sens dans le contexte actuel.", ["fait sens"], "avoir du sens"),
        # invented sentences for the calques and false friends added in the second lexicon pass
        ("DS602", "The two villages have been cut off from the road since three years.", ["since three years"], "for three years"),
        ("DS602", "The plan will work in the measure where the banks agree to it.", ["in the measure where"], "insofar as"),
        ("DS602", "It is question of a new tax on imported steel, the minister said.", ["It is question of"], "there is talk of / it is a matter of"),
        ("DS602", "A dozen of farmers blocked the bridge with their tractors.", ["A dozen of"], "a dozen (without 'of')"),
        ("DS602", "The governor put the accent on schools in her budget speech.", ["put the accent on"], "put the emphasis on / stress"),
        ("DS602", "The king pronounced a speech before parliament on Tuesday.", ["pronounced a speech"], "deliver a speech"),
        ("DS601", "The mayor precised that the bridge would reopen in May.", ["precised"], "specified / added"),
        ("DS601", "The responsibles of the port refused to comment on the strike.", ["The responsibles"], "officials / those responsible"),
        ("DS601", "The storm is susceptible to cause floods along the coast.", ["susceptible to cause"], "likely to / liable to"),
        ("DS601", "Thousands manifested in the capital against the new law.", ["Thousands manifested"], "demonstrated / protested"),
        ("DS601", "The army disposes of 300 tanks and a small fleet of helicopters.", ["disposes of"], "have"),
        ("DS601", "The police prevented that the road would be closed all night.", ["prevented that"], "warned that"),
        ("DS601", "An emergency reunion of the cabinet was called for Sunday.", ["emergency reunion of"], "meeting"),
        ("DS611", "L'usine va délivrer des obus à l'armée d'ici à l'été.", ["délivrer des obus"], "livrer"),
        ("DS612", "Aucun blessé n'a été signalé à date.", ["à date"], "à ce jour"),
        # invented sentences for the faux amis added from Van Roey, Granger & Swallow and Collins-Robert
        ("DS601", "The personal of the hospital went on strike on Monday.", ["The personal of the"], "staff / personnel"),
        ("DS601", "Investigators still ignore whether the fire was started on purpose.", ["still ignore whether"],
         "do not know"),
        ("DS601", "It is an evidence that the bridge must be repaired.", ["It is an evidence"], "it is obvious"),
        ("DS601", "The defeat was a great deception for the supporters.", ["a great deception for"], "disappointment"),
        ("DS601", "The army wants to double its effectives by 2030.", ["its effectives"],
         "the workforce / numbers / strength"),
        ("DS601", "The lecture of the verdict took two hours.", ["The lecture of the verdict"], "the reading of"),
        ("DS601", "The patron of the company refused to comment.", ["The patron of the company"], "the boss / head"),
        ("DS601", "He drove his proper car to the border.", ["his proper car"], "his own"),
        ("DS601", "Passengers filed a reclamation with the airline.", ["filed a reclamation"], "complaint / claim"),
        ("DS601", "The player denounced the racist injuries shouted from the stands.", ["racist injuries"],
         "insults / abuse"),
        ("DS601", "The judge demanded them to leave the room.", ["demanded them to"], "ask him to"),
        ("DS602", "The firefighters made proof of great courage.", ["made proof of"], "show / display"),
        ("DS602", "To the difference of his rival, the mayor stayed calm.", ["To the difference of"], "unlike"),
        ("DS602", "The aid will come under the form of loans.", ["under the form of"], "in the form of"),
        ("DS602", "According to me, the plan will fail.", ["According to me"], "in my view"),
        # invented sentences for the anglicisms added from the OQLF and Académie lists (issue 21)
        ("DS611", "Les deux partis ont éventuellement accepté le compromis.", ["ont éventuellement accepté"],
         "finalement / par la suite"),
        ("DS611", "La direction va céduler une rencontre la semaine prochaine.", ["céduler"], "fixer / planifier / prévoir"),
        ("DS611", "Le porte-parole a refusé d’élaborer sur les motifs du départ.", ["élaborer sur"],
         "donner des détails sur / développer"),
        ("DS611", "Les syndicats supportent la proposition du gouvernement.", ["supportent la proposition"],
         "soutenir / appuyer"),
        ("DS611", "Elle a appliqué pour un poste au ministère.", ["appliqué pour un poste"],
         "postuler / poser sa candidature / demander"),
        ("DS611", "Les ménages modestes seront éligibles à une aide de l’État.", ["éligibles à une aide"],
         "admissible à / avoir droit à"),
        ("DS611", "L’opposition questionne la légitimité du scrutin.", ["questionne la légitimité"],
         "mettre en doute / contester"),
        ("DS611", "Le ministre n’est pas confortable avec cette idée.", ["est pas confortable avec"], "à l'aise avec"),
        ("DS612", "Une rumeur à l’effet que le maire démissionnerait circule.", ["à l’effet que"],
         "selon lequel / voulant que"),
        ("DS612", "Le registre sera mis à date chaque mois.", ["mis à date"], "mettre à jour"),
        ("DS612", "Il faut faire sûr que les électeurs sont informés.", ["faire sûr que"], "s'assurer"),
        ("DS612", "Les élus ne doivent rien prendre pour acquis.", ["prendre pour acquis"], "tenir pour acquis"),
        ("DS612", "J’étais sous l’impression que la séance était levée.", ["sous l’impression que"],
         "avoir l'impression que"),
        ("DS612", "La ville est, à toutes fins pratiques, en faillite.", ["à toutes fins pratiques"],
         "pratiquement / en pratique"),
        ("DS612", "Cette décision fait du sens pour les agriculteurs.", ["fait du sens"], "avoir du sens"),
    ],
)
def test_finds_false_friends_and_calques(code: str, text: str, expected: list[str], suggestion: str) -> None:
    lang = "fr" if code.startswith("DS61") else "en"
    found = run(code, make_source(text, lang))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion
    assert found[0].category == "false_friend_or_calque" and found[0].evidence


@pytest.mark.parametrize(
    "code, text",
    [
        ("DS601", "The new regulation of banks takes effect in January, the regulator said."),
        ("DS601", "The factory doubled its production capacity and hired three hundred workers."),
        ("DS601", "The retirement age will rise to 64 under the pension reform."),
        ("DS601", "Humanitarian aid reached the city on Monday, aid agencies said."),
        ("DS601", "The army unit crossed the river at dawn; each unit of the brigade followed."),
        ("DS601", "She climbed to the top of the hill and looked at the valley."),
        ("DS602", "Prices rose three times faster than wages last year."),
        ("DS602", "The Ministry of the Interior said the roads would reopen."),
        ("DS602", "He threw the ball to the dog and walked back to the car."),
        ("DS611", "La situation est grave, a déclaré le ministre."),
        ("DS612", "La réunion a pris fin tard dans la soirée."),
        ("DS602", "Since 2019, the two villages have shared one school."),
        ("DS602", "A dozen of them blocked the bridge; a hundred of the troops stayed behind."),
        ("DS602", "Insofar as the banks agree, the plan will work."),
        ("DS601", "The measurements were precise to within a millimetre."),
        ("DS601", "Officials said those responsible would be prosecuted."),
        ("DS601", "Children are susceptible to infections in winter."),
        ("DS601", "The company disposed of its old trucks last year."),
        ("DS601", "The barrier prevented cars from entering the square."),
        ("DS601", "The family reunion with his parents took place in Lyon."),
        ("DS601", "She attended the meeting and the ceremony on Friday."),
        ("DS601", "The actual cost of the bridge was twice the estimate."),
        ("DS611", "Les soldats ont sécurisé la zone et délivré les otages."),
        ("DS611", "Le ministre a livré des armes et délivré des visas."),
        ("DS612", "La date du scrutin n'est pas encore fixée."),
        # plain English near the added faux amis
        ("DS601", "Hospital personnel were praised; the personal data of the staff stayed private."),
        ("DS601", "Do not ignore whether the warning is real; we know why it happened."),
        ("DS601", "The evidence shows the bridge must be repaired; it is evident that it will."),
        ("DS601", "The scheme relied on deception of investors and deception by the bank."),
        ("DS601", "He gave a lecture on the history of the region; the patron of the arts attended."),
        ("DS601", "The books were returned to their proper place; his own car stayed home."),
        ("DS601", "The land reclamation project and the injuries of the players were discussed."),
        ("DS601", "Protesters demanded that he resign and demanded of them an answer."),
        ("DS602", "The proof of the theorem is short; the difference of two numbers is small."),
        ("DS602", "According to the police and to us all, the form of the aid is unclear."),
        # plain French near the added rows: the documented sense, another construction
        ("DS611", "Le match sera éventuellement reporté en cas de pluie."),
        ("DS611", "Il a été élu à une large majorité et a appelé à la grève."),
        ("DS611", "Ce qu’on a appelé la réunion de la dernière chance a échoué."),
        ("DS611", "Les habitants ne supportent plus le bruit et supportent les coûts."),
        ("DS611", "Elle a élaboré un plan et il est grave de mentir."),
        ("DS611", "Le candidat est éligible au Sénat ; on a questionné les témoins."),
        ("DS611", "Le fauteuil est confortable et la décision est cohérente avec la loi."),
        ("DS612", "À la fin de la journée, les manifestants sont rentrés chez eux."),
        ("DS612", "Le registre sera mis à jour ; il faut s’assurer que tout est prêt."),
        ("DS612", "Nous tenons pour acquis que la réunion a eu lieu, j’ai l’impression que oui."),
    ],
)
def test_quiet_on_correct_usage(code: str, text: str) -> None:
    lang = "fr" if code.startswith("DS61") else "en"
    assert run(code, make_source(text, lang)) == []


def test_english_lexicon_is_not_applied_to_french() -> None:
    assert run("DS601", make_source("Les ministres veulent un règlement négocié du conflit.", "fr")) == []


@pytest.mark.parametrize("name", ["false_friends_fr_en.tsv", "false_friends_en_fr.tsv"])
def test_shipped_lexicons_compile(name: str) -> None:
    entries = load_lexicon(name)
    assert len(entries) >= 15
    assert {e.kind for e in entries} == {"false_friend", "calque"}


@pytest.mark.parametrize(
    "row",
    [
        "false_friend\t(unclosed\tx\ty\thigh\t0.5\t\tnote",
        "false_friend\tword\tx\ty\tsevere\t0.5\t\tnote",
        "false_friend\tword\tx",
    ],
)
def test_bad_lexicon_rows_are_config_errors(row: str) -> None:
    with pytest.raises(ConfigError, match="bad.tsv:1"):
        parse_lexicon(row, "bad.tsv")


def test_every_table_row_is_a_registered_detector() -> None:
    table = parse_table(resource_text(TABLE))
    check_resources(table_detectors(table))  # raises when a table-driven detector would apply no rule
    selected()
    assert set(table) == set(REGISTRY)
    for code, row in table.items():
        assert REGISTRY[code].name == row["name"] and REGISTRY[code].description == row["description"]


SHIPPED_LEXICONS = ["false_friends_fr_en.tsv", "false_friends_en_fr.tsv", "spinner_pairs_en.tsv",
                    "grammar_fr_en.tsv", "word_order_fr_en.tsv", "grammar_en_fr.tsv"]


@pytest.mark.parametrize("name", SHIPPED_LEXICONS)
def test_every_shipped_row_says_where_it_is_documented(name: str) -> None:
    rows = load_lexicon(name)
    missing = [e.line for e in rows if not e.reference.strip()]
    assert rows and not missing, f"{name}: rows without a reference (ninth column) on lines {missing}"


@pytest.mark.parametrize("name", ["false_friends_fr_en.tsv", "false_friends_en_fr.tsv", "spinner_pairs_en.tsv",
                                  "grammar_en_fr.tsv"])
def test_no_word_choice_pattern_names_a_country_or_a_capital(name: str) -> None:
    # a row matches a documented construction, not one text's wording: no country or city is
    # spelled out in a pattern (nationality adjectives are matched by their form). DS906
    # (grammar_fr_en.tsv) lists countries because its phenomenon is 'his' referring to one.
    names = {"ukraine", "kyiv", "kiev", "israël", "israel", "russia", "moscow", "washington", "europe", "china",
             "iran", "paris", "london"}
    for e in load_lexicon(name):
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", e.regex)}
        assert not words & names, (name, e.line, words & names)


ROW = "DS999\tx\tgrammar\ten\tdescription\tgrammar_fr_en.tsv\t{kind}\tlabel"


@pytest.mark.parametrize(
    "table, message",
    [
        ("DS999\tx\tgrammar\ten\tdescription\tgrammar_fr_en.tsv\tgrammar", "expected 8"),
        (ROW.format(kind=""), "non-empty"),
        (ROW.format(kind="grammar") + "\n" + ROW.format(kind="grammar"), "appears twice"),
    ],
)
def test_bad_table_rows_are_config_errors(table: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_table(table)


def test_a_kind_no_lexicon_row_has_is_a_config_error() -> None:
    classes = table_detectors(parse_table(ROW.format(kind="no_such_kind")))
    with pytest.raises(ConfigError, match="no_such_kind"):
        check_resources(classes)


def test_a_python_detector_needs_its_row() -> None:
    with pytest.raises(ConfigError, match="DS998"):
        detector("DS998")
