"""Evaluation on public gold data: each module reads one corpus format, runs the real
pipeline and returns figures as a plain dict (printed by ``newsprism eval ...``)."""
