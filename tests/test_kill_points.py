"""kill -9 of analyse, recluster and brief at seeded random points (issue 16): the store
stays consistent (integrity check, no article without its search row, no assignment or
analysis of a missing article, every analysed article in exactly one story), and running
the command again completes the job with nothing duplicated or lost."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

SEEDS = (11, 23)
COMMANDS = {
    "analyse": ["analyse", "--force"],
    "recluster": ["recluster"],
    "brief": ["brief", "--all", "--out", "{out}", "-f", "json"],
}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSPRISM_DB", "NEWSPRISM_CONFIG")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _consistent(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        state = {
            "integrity": [r[0] for r in conn.execute("PRAGMA integrity_check")],
            "articles": conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "distinct_ids": conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0],
            "search_rows": conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0],
            "orphan_assignments": conn.execute("SELECT count(*) FROM assignments WHERE article_id NOT IN "
                                               "(SELECT id FROM articles)").fetchone()[0],
            "orphan_analyses": conn.execute("SELECT count(*) FROM analyses WHERE article_id NOT IN "
                                            "(SELECT id FROM articles)").fetchone()[0],
            "assignments_per_article": conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM assignments "
                                                    "GROUP BY article_id)").fetchone()[0],
            "analysed_unassigned": conn.execute("SELECT count(*) FROM analyses WHERE article_id NOT IN "
                                                "(SELECT article_id FROM assignments)").fetchone()[0],
            "stories": conn.execute("SELECT count(DISTINCT story_id) FROM assignments").fetchone()[0],
        }
    finally:
        conn.close()
    return state


def _run(args: list[str], db: Path, out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "newsprism", *[a.replace("{out}", str(out)) for a in args], "--db", str(db)]
    return subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_command_killed_at_a_random_point_leaves_the_store_consistent_and_a_rerun_completes(
        demo_store, tmp_path, copy_store, name, seed):
    db = Path(copy_store(demo_store, tmp_path / "demo.db"))
    before = _consistent(db)
    out = tmp_path / "briefs"
    # a point inside the run: the command starts its work after about a second of imports
    delay = random.Random(f"{name}-{seed}").uniform(0.8, 5.0)
    proc = _run(COMMANDS[name], db, out)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()
    after_kill = _consistent(db)
    assert after_kill["integrity"] == ["ok"]
    for key in ("articles", "distinct_ids", "search_rows"):
        assert after_kill[key] == before[key], key  # nothing lost, nothing duplicated
    assert after_kill["orphan_assignments"] == after_kill["orphan_analyses"] == 0
    assert after_kill["assignments_per_article"] == 1
    again = _run(COMMANDS[name], db, out)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode(errors="replace")[-2000:]
    done = _consistent(db)
    assert done["integrity"] == ["ok"] and done["analysed_unassigned"] == 0
    assert {k: done[k] for k in ("articles", "distinct_ids", "search_rows", "stories")} == \
           {k: before[k] for k in ("articles", "distinct_ids", "search_rows", "stories")}
    if name == "brief":
        assert len(list(out.glob("s-*.json"))) == before["stories"]
