"""False friends and calques between French and English, from the shipped lexicons.

English text is checked for French traps (``règlement`` rendered as "regulation", ``jeter les
bases`` as "throw the ground"), French text for English ones ("serious about" as "grave de").
Each lexicon row carries its context condition, so ambiguous words only fire in the collocations
where they are wrong.
"""

from __future__ import annotations

from diffsrc.analysis.detectors import register
from diffsrc.analysis.detectors.lexicon import LexiconDetector

CATEGORY = "false_friend_or_calque"


@register
class FrenchFalseFriendsInEnglish(LexiconDetector):
    """French false friends in English text ("negotiated regulation", "capacities", "retirement")."""

    code = "DS601"
    name = "fr-en-false-friend"
    category = CATEGORY
    description = "French word rendered by its English look-alike with another meaning"
    languages = ("en",)
    resource = "false_friends_fr_en.tsv"
    kinds = ("false_friend",)
    label = "French false friend"


@register
class FrenchCalquesInEnglish(LexiconDetector):
    """French idioms and compounds translated word for word into English ("the small characters")."""

    code = "DS602"
    name = "fr-en-calque"
    category = CATEGORY
    description = "French idiom or construction translated word for word"
    languages = ("en",)
    resource = "false_friends_fr_en.tsv"
    kinds = ("calque",)
    label = "French calque"


@register
class EnglishFalseFriendsInFrench(LexiconDetector):
    """English false friends in French text ("graves de vouloir", "a appelé une réunion")."""

    code = "DS611"
    name = "en-fr-false-friend"
    category = CATEGORY
    description = "English word rendered by its French look-alike with another meaning"
    languages = ("fr",)
    resource = "false_friends_en_fr.tsv"
    kinds = ("false_friend",)
    label = "English false friend"


@register
class EnglishCalquesInFrench(LexiconDetector):
    """English idioms translated word for word into French ("faire sens", "bottes sur le terrain")."""

    code = "DS612"
    name = "en-fr-calque"
    category = CATEGORY
    description = "English idiom or construction translated word for word"
    languages = ("fr",)
    resource = "false_friends_en_fr.tsv"
    kinds = ("calque",)
    label = "English calque"
