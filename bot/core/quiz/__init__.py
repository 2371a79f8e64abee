"""The quiz game, free of Discord: questions, hints, scoring and the per-channel session.

A session is a state machine driven from outside: the adapter calls `start`, `submit`,
`tick(now)` and sleeps until `next_wakeup`. Every change is announced as an event, so the
engine knows nothing of messages, buttons or the database.
"""
