"""English interference in French, table-driven (rules.py): the anglicisms and calques of
false_friends_en_fr.tsv (DS611, DS612) and the constructions, word order and number formats of
grammar_en_fr.tsv (DS911, DS811, DS812, DS407), each row on an invented sentence that has it and
on one that uses the same words correctly."""

from __future__ import annotations

import pytest

from diffsrc.analysis.detectors.lexicon import load_lexicon
from tests.detector_sources import make_source, run, texts

POSITIVE = [
    # DS611: semantic anglicisms
    ("DS611", "Son cousin opère trois restaurants à Montréal.", ["opère trois restaurants"],
     "exploiter / gérer / faire fonctionner"),
    ("DS611", "Le ministre était supposé présenter son plan lundi.", ["supposé présenter"], "être censé"),
    ("DS611", "La banque accélère sa transformation digitale.", ["digitale"], "numérique"),
    ("DS611", "Elle a fait application pour un poste au ministère.", ["fait application pour"],
     "poser sa candidature / présenter une demande"),
    ("DS611", "Le gouvernement promet d’adresser la situation dans les prochains jours.", ["adresser la situation"],
     "aborder / traiter / remédier à"),
    ("DS611", "Le télétravail permet de sauver du temps et de l’argent.", ["sauver du temps"],
     "gagner du temps / économiser"),
    ("DS611", "Les électeurs auront l’opportunité de voter dès lundi.", ["auront l’opportunité de"],
     "avoir l'occasion de"),
    # DS612: calques
    ("DS612", "Le ministre a mis l’emphase sur la réduction des impôts.", ["mis l’emphase sur"],
     "mettre l'accent sur / insister sur"),
    ("DS612", "Le porte-parole n’a pas retourné nos appels.", ["retourné nos appels"], "rappeler"),
    ("DS612", "Au meilleur de ma connaissance, personne n’a été arrêté.", ["Au meilleur de ma connaissance"],
     "à ma connaissance / de mon mieux"),
    ("DS612", "Les résidents demandent à la ville de prendre action rapidement.", ["prendre action"],
     "intervenir / agir / prendre des mesures"),
    ("DS612", "Le port est ouvert à l’année longue.", ["à l’année longue"], "toute l'année / à longueur d'année"),
    ("DS612", "Le projet ira de l’avant en autant que le budget le permette.", ["en autant que"],
     "dans la mesure où / pourvu que / pour autant que"),
    ("DS612", "Chaque vote peut faire une différence dans cette circonscription.", ["faire une différence"],
     "changer les choses / apporter sa contribution"),
    # DS911: constructions
    ("DS911", "Deux syndicalistes siègent sur le comité de direction.", ["siègent sur le comité"],
     "siéger au comité / faire partie du comité / être membre du comité"),
    ("DS911", "Elle a été nommée sur le conseil d’administration de la société.", ["nommée sur le conseil"],
     "siéger au comité / faire partie du comité / être membre du comité"),
    ("DS911", "Le maire siège sur une commission d’enquête.", ["siège sur une commission"],
     "siéger au comité / faire partie du comité / être membre du comité"),
    ("DS911", "Dû à la tempête, tous les vols sont retardés.", ["Dû à"], "en raison de / à cause de"),
    ("DS911", "La séance a été annulée dû au mauvais temps.", ["dû au"], "en raison de / à cause de"),
    ("DS911", "Le témoin a levé sa main avant de répondre.", ["sa main"],
     "article défini (lever la main, hausser les épaules)"),
    # DS811, DS812: English word order
    ("DS811", "Les premiers cinq jours de la grève ont été calmes.", ["premiers cinq jours"], "cinq premiers jours"),
    ("DS811", "Les prix ont doublé au cours des dernières 10 années.", ["dernières 10 années"], "10 dernières années"),
    ("DS812", "Un américain diplomate est arrivé à Kiev.", ["américain diplomate"], "diplomate américain"),
    ("DS812", "Les russes troupes ont quitté la ville.", ["russes troupes"], "troupes russes"),
    # DS407: English number formats
    ("DS407", "Le chômage atteint 7.5 % cette année.", ["7.5"], "virgule décimale (1,5 million)"),
    ("DS407", "L’usine a coûté 1.2 milliard d’euros.", ["1.2"], "virgule décimale (1,5 million)"),
    ("DS407", "Le contrat vaut $5 millions selon la société.", ["$5"], "5 millions de dollars (le symbole suit le nombre)"),
    ("DS407", "La rançon s’élevait à $1,500 en espèces.", ["$1,500"],
     "1 500 $ (espace des milliers, symbole après le nombre)"),
    ("DS407", "La réunion commencera à 3:30 p.m. au siège du parti.", ["3:30 p.m."], "15 h 30 (système de 24 heures)"),
    ("DS407", "Il a terminé 2nd de la course.", ["2nd"], "1er, 2e"),
    ("DS407", "Le vote aura lieu le 3 Mars 2024 à Paris.", ["Mars"], "minuscule (le 3 mars 2024)"),
]

NEGATIVE = [
    ("DS611", "Le chirurgien a opéré le patient ; l’entreprise a opéré un virage et exploite trois usines."),
    ("DS611", "L’auteur supposé du vol est supposé avoir fui ; il était censé partir lundi."),
    ("DS611", "La police a relevé ses empreintes digitales ; la transformation numérique avance."),
    ("DS611", "Le juge a fait application de la loi ; elle a posé sa candidature."),
    ("DS611", "Il a adressé une lettre au ministre et s’est adressé à la presse sur la situation."),
    ("DS611", "Les pompiers ont sauvé trois enfants ; elle a économisé du temps."),
    ("DS611", "Le comité s’interroge sur l’opportunité de publier le rapport ; il a eu l’occasion de parler."),
    ("DS612", "Il a parlé avec emphase et a mis l’accent sur les impôts."),
    ("DS612", "Il est retourné à l’appel de son parti ; le porte-parole nous a rappelés."),
    ("DS612", "L’équipe est au meilleur de sa forme ; à ma connaissance, rien n’a changé."),
    ("DS612", "Le gouvernement a pris des mesures et l’action de la police a été saluée."),
    ("DS612", "Le port est ouvert toute l’année, à longueur d’année."),
    ("DS612", "Pour autant que je sache, il y en a autant que l’an dernier."),
    ("DS612", "Il faut faire une différence entre les deux cas ; cela a fait la différence."),
    ("DS911", "Elle siège au comité ; le débat a porté sur le comité de suivi."),
    ("DS911", "Le retard est dû à la pluie ; les dégâts dus à la tempête sont importants."),
    ("DS911", "Le témoin a levé la main droite ; elle a levé les yeux vers le ciel."),
    ("DS811", "Les cinq premiers jours et les dernières 24 heures ont été calmes."),
    ("DS812", "Un diplomate américain a rencontré la française Total et les Russes responsables."),
    ("DS812", "Il enseigne le français langue étrangère à des soldats russes."),
    ("DS407", "Le chômage atteint 7,5 % ; l’usine a coûté 1,2 milliard d’euros, soit 5 millions de dollars."),
    ("DS407", "La réunion commencera à 15 h 30 ; il a terminé 2e ; le vote aura lieu le 3 mars 2024."),
    ("DS407", "Le 14 Juillet, la version 2.5 du logiciel est sortie."),
]


@pytest.mark.parametrize("code, text, expected, suggestion", POSITIVE)
def test_finds_english_interference(code: str, text: str, expected: list[str], suggestion: str) -> None:
    found = run(code, make_source(text, "fr"))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion and found[0].evidence


@pytest.mark.parametrize("code, text", NEGATIVE)
def test_quiet_on_correct_french(code: str, text: str) -> None:
    assert run(code, make_source(text, "fr")) == []


@pytest.mark.parametrize("code", ["DS407", "DS811", "DS812", "DS911"])
def test_french_rules_are_not_applied_to_english(code: str) -> None:
    text = "The first five days, an American diplomat, 3:30 p.m. and $5 million, due to the storm."
    assert run(code, make_source(text, "en")) == []


def test_every_construction_row_has_a_positive_example() -> None:
    # each row of grammar_en_fr.tsv is exercised by a sentence above (a row no test reaches
    # could match anything)
    lines = set()
    for code, text, _, _ in POSITIVE:
        for f in run(code, make_source(text, "fr")):
            resource, line = f.evidence[0].note.split(":")[:2]
            if resource == "grammar_en_fr.tsv":
                lines.add(int(line))
    rows = {e.line for e in load_lexicon("grammar_en_fr.tsv")}
    assert rows <= lines, sorted(rows - lines)
