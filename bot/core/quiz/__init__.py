"""The quiz game, free of Discord: questions, hints, scoring and the per-channel session.

A session is a state machine driven from outside: `QuizService` calls `start`, `submit`
and `tick(now)` and sleeps until `next_wakeup`; the adapters only call the service. Every
change is announced as an event, so the engine knows nothing of messages, buttons or the
database.
"""
