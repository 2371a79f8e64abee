"""Attaché: diplomacy trivia and quizzes from curated news facts."""

__version__ = "0.1.0"
