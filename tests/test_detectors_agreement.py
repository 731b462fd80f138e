"""English agreement and word-form detectors (DS920-DS926) on invented sentences."""

from __future__ import annotations

import pytest

from tests.detector_sources import make_source, run, texts


@pytest.mark.parametrize(
    "code, text, expected, suggestion",
    [
        ("DS920", "The vote was a important step for the coalition.", ["a important"], "an important"),
        ("DS920", "He proposed an European fund for the farmers.", ["an European"], "a European"),
        ("DS920", "The talks lasted a hour before the break.", ["a hour"], "an hour"),
        ("DS920", "She called it an unique chance to settle the dispute.", ["an unique"], "a unique"),
        ("DS920", "A extra session was called for Friday.", ["A extra"], "An extra"),
        ("DS921", "The minister will sits with the unions on Monday.", ["will sits"], "will sit"),
        ("DS921", "They can discussed the budget next week.", ["can discussed"], "can discuss"),
        ("DS921", "The ministers did not went to the summit.", ["did not went"], "did not go"),
        ("DS921", "The court wouldn't heard the appeal.", ["wouldn't heard"], "wouldn't hear"),
        ("DS922", "The envoy came to negotiated the release of the hostages.", ["to negotiated"], "to negotiate"),
        ("DS923", "The government has agree to the terms of the loan.", ["has agree"], "has agreed"),
        ("DS923", "Thousands of people have went home since the ceasefire.", ["have went"], "have gone"),
        ("DS923", "The army has took control of the airport.", ["has took"], "has taken"),
        ("DS923", "The committee has not decide on the date.", ["has not decide"], "has not decided"),
        ("DS924", "He have a majority in the chamber.", ["He have"], "He has"),
        ("DS924", "Officials said they has no evidence of fraud.", ["they has"], "they have"),
        ("DS924", "The ministers says the plan will cost more.", ["ministers says"], "ministers say"),
        ("DS924", "We was told to wait outside.", ["We was"], "We were"),
        ("DS924", "Officials said he plan to resign in May.", ["he plan"], "he plans"),
        ("DS924", "The unions say they wants a new contract.", ["they wants"], "they want"),
        ("DS924", "There is many reasons for the delay.", ["There is many"], "There are many"),
        ("DS925", "These decision was taken without a vote.", ["These decision"], "These decisions"),
        ("DS925", "This officials said the talks failed.", ["This officials"], "These officials"),
        ("DS925", "Each countries must send a delegation.", ["Each countries"], "Each country"),
        ("DS925", "A officials said the border would stay closed.", ["A officials"], "An official"),
        ("DS926", "The new route is more easier for the trucks.", ["more easier"], "easier"),
        ("DS926", "It is the most biggest city in the region.", ["most biggest"], "biggest"),
    ],
)
def test_finds_agreement_errors(code: str, text: str, expected: list[str], suggestion: str) -> None:
    found = run(code, make_source(text))
    assert texts(found) == expected
    assert found[0].suggestion == suggestion and found[0].category == "grammar"


@pytest.mark.parametrize(
    "code, text",
    [
        # a/an by sound, not by letter; letters, acronyms, names and older variants
        ("DS920", "It was a European plan, a one-off, a union deal, an hour, an honest man and a unique case."),
        ("DS920", "He got an A in maths and a B in French; vitamin A and plan B were discussed."),
        ("DS920", "An MP and a NATO official met an FBI agent; an 18-year-old was held."),
        ("DS920", "It was an historic day, and a is the first letter; a and b are integers."),
        ("DS920", "He wrote a \"important\" memo and a (small) note."),
        # modals and do
        ("DS921", "The will of the people prevailed; political will mattered; a can opened."),
        ("DS921", "Another thing it does is that the plant imitates an orchid; what they do is work."),
        ("DS921", "They will talks with the unions, and may plans to resign."),
        ("DS921", "Will he decide? They should have decided; it must be done."),
        # to: a stranded preposition, a participle as an adjective
        ("DS922", "The man I spoke to says he is innocent; the file it is written to is closed."),
        ("DS922", "Prices rose from 5% to increased levels, thanks to reduced costs and to armed groups."),
        ("DS922", "They wanted to talks, to plans and to reach a deal."),
        # perfect
        ("DS923", "What they have is not enough; what he had was stolen."),
        ("DS923", "The leaders will have follow -up talks, and had follow-up calls."),
        ("DS923", "They have got a plan; he has lit the torch, has learnt a lot and has strived for peace."),
        ("DS923", "They have complete control and have free access; he had better go; she has become a judge."),
        ("DS923", "The ministers have put forward a plan; they had let him go; he has run the firm."),
        # subject-verb agreement
        ("DS924", "Does he have a plan? Would it go ahead? Let it go and make it work."),
        ("DS924", "They insisted that he have the final word, lest he be blamed."),
        ("DS924", "World War I has shaped Europe; King Charles I was executed."),
        ("DS924", "One of the ministers says no; the head of the rebels says yes."),
        ("DS924", "Using these members is portable; the news is good; the series shows it."),
        ("DS924", "He still plans to run; she last visited in May; it need not apply; he dare not go."),
        ("DS924", "We journalists and we members of the panel disagree."),
        ("DS924", "There's many a slip, and there is many a reason; there are many reasons."),
        ("DS924", "He said \"they has gone\" in the interview."),
        # determiners and number
        ("DS925", "This arms race, these decision makers and a sports car were discussed."),
        ("DS925", "These kind of deals, these people, those present and many fear a crisis."),
        ("DS925", "These information were shared; this news is good; a series of talks began."),
        ("DS925", "Several hundred people and many thousand workers marched; these other plans failed."),
        ("DS925", "Each year, every day, this week and a means of payment."),
        # comparatives
        ("DS926", "I will tell you more later; the more senior staff and the less known cases."),
        ("DS926", "It is much easier and the biggest city; more than that, most of them left."),
    ],
)
def test_quiet_on_correct_english(code: str, text: str) -> None:
    assert texts(run(code, make_source(text))) == []


@pytest.mark.parametrize(
    "code, text",
    [
        ("DS924", "Minister Says He Have A Plan For The Budget"),  # a headline, title case
        ("DS920", "A Important Day For The Region And Its People"),
        ("DS921", "“We will sits with them,” he said, quoting the old man."),
    ],
)
def test_quiet_on_headlines_and_quotes(code: str, text: str) -> None:
    assert run(code, make_source(text)) == []


def test_only_english_paragraphs() -> None:
    src = make_source("Il a été élu à la tête du parti, et a indiqué qu'il a obtenu un accord.", lang="fr")
    assert run("DS920", src) == []
