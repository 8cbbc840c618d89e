"""Figures stated in the body: a grammar that finds each quantity and decides its metric from the words
around it (its subject, predicates and unit), the words being data (`normalizers/reference/
stats_words.csv`, `stats_rules.csv`). `grammar` loads them, `view` takes a sentence's noise out,
`parse` reads its quantities, `figures` decides which are the circular's own figures.
"""

from pipeline.extraction.stats.figures import sentence_figures, stats

__all__ = ["sentence_figures", "stats"]
