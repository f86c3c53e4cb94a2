"""The words the product reads, each kind in one place that every stage shares: the names the index answers
for (names.py: companies, roles, places, with the spellings people type), the typed words behind them
(lexicon.py), levels (levels.py), and which words are ordinary English (english.py)."""

from assistant.vocabulary.names import Vocabulary, normal, role_words

__all__ = ["Vocabulary", "normal", "role_words"]
