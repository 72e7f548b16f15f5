"""The checks that tell a reader which translations to trust: scores and flags, names,
numbers, glossary, language, and the choice among hypotheses."""
