"""A killed ingest leaves a consistent store, and running it again finishes the job.

The issue's requirement: "A test kills an ingest mid-run and shows the store consistent
and a re-run complete with no duplicates". The ingest runs as a real subprocess
(``python -m newsprism ingest``) and is SIGKILLed once the store shows it is part-way.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

ARTICLES_PER_JSONL = 4
KILL_AFTER_INPUTS = 20
POLL_SECONDS = 0.005
DEADLINE_SECONDS = 45.0

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

_WORDS = ("river council budget school harbour railway festival museum election bridge hospital "
          "market storm farmers police court minister airport factory energy library tram").split()


def _build_corpus(folder: Path, n_jsonl: int, n_txt: int) -> tuple[dict[Path, int], int]:
    """JSONL files of four distinct articles each plus one-article text files.

    Returns ({resolved file path: articles it holds}, total articles)."""
    folder.mkdir(parents=True)
    expected: dict[Path, int] = {}
    for i in range(n_jsonl):
        lines = []
        for j in range(ARTICLES_PER_JSONL):
            body = " ".join(_WORDS[(i * 7 + j * 3 + k) % len(_WORDS)] for k in range(40))
            lines.append(json.dumps({
                "title": f"Report {i}-{j} on the {_WORDS[(i + j) % len(_WORDS)]}",
                "text": f"Article {i}-{j} says the {body}.\nA second paragraph for record {j} of file {i}.",
                "source": f"Outlet {i % 7}",
                "date": f"2023-05-{1 + (i + j) % 28:02d}",
            }))
        path = folder / f"batch_{i:05d}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        expected[path.resolve()] = ARTICLES_PER_JSONL
    for i in range(n_txt):
        path = folder / f"note_{i:05d}.txt"
        path.write_text(f"Town note number {i} about the {_WORDS[i % len(_WORDS)]}\n\n"
                        f"The body of note {i} describes the {_WORDS[(i + 5) % len(_WORDS)]} "
                        f"and the {_WORDS[(i + 9) % len(_WORDS)]} in detail.\n", encoding="utf-8")
        expected[path.resolve()] = 1
    return expected, sum(expected.values())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSPRISM_DB", "NEWSPRISM_CONFIG")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _command(corpus: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "newsprism", "ingest", str(corpus), "--db", str(db), "--no-analyse", *extra]


def _inputs_recorded(db: Path) -> int:
    """Inputs committed so far, read through a read-only connection (WAL lets us)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return conn.execute("SELECT count(*) FROM inputs").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or the schema is being written
        return 0


def _kill_mid_run(corpus: Path, db: Path, cwd: Path) -> tuple[bool, int]:
    """Start an ingest and SIGKILL it once KILL_AFTER_INPUTS inputs are committed.

    Returns (killed, inputs recorded when the kill was sent)."""
    proc = subprocess.Popen(_command(corpus, db), cwd=cwd, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False, _inputs_recorded(db)
            seen = _inputs_recorded(db)
            if seen >= KILL_AFTER_INPUTS:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return True, seen
            time.sleep(POLL_SECONDS)
        pytest.fail("ingest recorded fewer than %d inputs in %.0f s; stderr: %s"
                    % (KILL_AFTER_INPUTS, DEADLINE_SECONDS, proc.stderr.read().decode(errors="replace")
                       if proc.poll() is not None else "(still running)"))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    raise AssertionError("unreachable")


def _stored_state(db: Path) -> dict:
    conn = sqlite3.connect(str(db))
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        rows = conn.execute("SELECT id, ingest FROM articles").fetchall()
        inputs = {Path(p).resolve(): n for p, n in conn.execute("SELECT path, articles FROM inputs")}
        fts_ids = [r[0] for r in conn.execute("SELECT article_id FROM articles_fts")]
    finally:
        conn.close()
    per_file: Counter[Path] = Counter(Path(json.loads(ingest)["path"]).resolve() for _, ingest in rows)
    return {"integrity": integrity, "ids": [r[0] for r in rows], "inputs": inputs, "per_file": per_file,
            "fts_ids": fts_ids}


def _run_to_completion(corpus: Path, db: Path, cwd: Path) -> tuple[int, dict, str]:
    done = subprocess.run(_command(corpus, db, "--format", "json"), cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=120)
    try:
        summary = json.loads(done.stdout)
    except json.JSONDecodeError:
        summary = {}
    return done.returncode, summary, done.stderr


def test_killed_ingest_leaves_whole_files_and_rerun_completes_without_duplicates(tmp_path):
    n_jsonl, n_txt = 150, 20
    for attempt in range(4):
        corpus = tmp_path / f"corpus{attempt}"
        db = tmp_path / f"store{attempt}.db"
        expected, total_articles = _build_corpus(corpus, n_jsonl, n_txt)
        killed, _ = _kill_mid_run(corpus, db, tmp_path)
        if killed and _inputs_recorded(db) < len(expected):
            break
        n_jsonl *= 3  # the ingest outran the poller: give it more to do
    else:
        pytest.fail("could not interrupt the ingest mid-run even with a large corpus")

    # --- the store after the kill: consistent, whole files only
    state = _stored_state(db)
    assert state["integrity"] == ["ok"]
    recorded = state["inputs"]
    assert KILL_AFTER_INPUTS <= len(recorded) < len(expected), "the kill must land mid-run"
    assert set(recorded) <= set(expected)
    for path, n_articles in state["per_file"].items():
        assert path in expected, f"article from an unknown input {path}"
        assert n_articles == expected[path], f"{path.name}: {n_articles} of {expected[path]} articles stored"
    # every recorded input has exactly its articles, and no article is stored without its input row
    assert set(state["per_file"]) == set(recorded)
    for path, n_articles in recorded.items():
        assert n_articles == expected[path] == state["per_file"][path]
    assert len(state["ids"]) == sum(recorded.values())
    assert sorted(state["fts_ids"]) == sorted(state["ids"]), "full-text index out of step with the articles"

    # --- a re-run finishes the job: nothing lost, nothing twice
    code, summary, stderr = _run_to_completion(corpus, db, tmp_path)
    assert code == 0, stderr
    assert summary["files"] == len(expected)
    assert summary["files_skipped"] == len(recorded)
    assert summary["new"] == total_articles - len(state["ids"])
    assert summary["known"] == 0 and summary["rejected"] == []

    state = _stored_state(db)
    assert state["integrity"] == ["ok"]
    assert len(state["ids"]) == total_articles
    assert len(set(state["ids"])) == total_articles
    assert state["inputs"] == expected
    assert dict(state["per_file"]) == expected
    assert sorted(state["fts_ids"]) == sorted(state["ids"])

    # --- a third run finds everything done
    code, summary, stderr = _run_to_completion(corpus, db, tmp_path)
    assert code == 0, stderr
    assert summary["new"] == 0 and summary["known"] == 0
    assert summary["files_skipped"] == summary["files"] == len(expected)
    assert len(_stored_state(db)["ids"]) == total_articles


def _children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_analysis_workers_die_with_a_killed_ingest(tmp_path):
    corpus = tmp_path / "corpus"
    _build_corpus(corpus, 0, 4)
    # articles the analysers chew on for a second or more each (under the per-article
    # budget): a worker's chunk of them keeps it busy long after the kill below
    for i in range(32):
        (corpus / f"slow_{i}.txt").write_text(f"Slow {i}\n\n" + "A. " * 30_000 + "\n", encoding="utf-8")
    config = tmp_path / "two-workers.toml"
    config.write_text("[analysis]\nworkers = 2\n", encoding="utf-8")
    command = [sys.executable, "-m", "newsprism", "ingest", str(corpus), "--db", str(tmp_path / "s.db"),
               "--config", str(config)]
    proc = subprocess.Popen(command, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the ingest started no analysis workers"
        time.sleep(3)  # the workers have loaded their models and are deep in the slow articles
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 2  # the kernel kills them with their parent, at once
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "analysis workers outlived their killed ingest"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for w in workers | _children(proc.pid):  # never leave one behind, even when the test fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)


def _ingest(db: Path, *paths: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsprism", "ingest", *map(str, paths), "--db", str(db),
                           "--no-analyse", "--source", "Wire"], env={**_env(), **(env or {})},
                          capture_output=True, text=True, timeout=300)


def test_a_store_locked_by_another_process_is_one_line_and_loses_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    _build_corpus(corpus, 2, 2)
    db = tmp_path / "s.db"
    assert _ingest(db, corpus / "note_00000.txt").returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than we wait
    try:
        done = _ingest(db, corpus, env={"NEWSPRISM_LOCK_WAIT_S": "0.5"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert "locked by another process" in done.stderr and "Traceback" not in done.stderr
    assert len(" ".join(lines)) < 300 and "Article" not in done.stderr  # one message, no article data
    assert _stored_state(db)["integrity"] == ["ok"]
    again = _ingest(db, corpus)
    assert again.returncode == 0
    assert len(_stored_state(db)["ids"]) == 2 * ARTICLES_PER_JSONL + 2


def _small_disk(folder: Path, size_kb: int) -> bool:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    return done.returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mounts a small tmpfs (Linux)")
def test_a_full_disk_is_one_line_and_leaves_the_store_consistent(tmp_path):
    corpus = tmp_path / "corpus"
    _build_corpus(corpus, 60, 20)
    disk = tmp_path / "small"
    if not _small_disk(disk, 900):
        pytest.skip("a full disk is simulated with a 900 KB tmpfs, which needs mount (root)")
    try:
        done = _ingest(disk / "s.db", corpus)
        assert done.returncode == 1, done.stderr
        assert "the disk is full" in done.stderr and "Traceback" not in done.stderr
        state = _stored_state(disk / "s.db")
        assert state["integrity"] == ["ok"]
        assert state["ids"] and len(state["ids"]) < 60 * ARTICLES_PER_JSONL + 20
        # only whole files: each recorded input has all its articles
        assert all(state["per_file"][p] == n for p, n in state["inputs"].items())
        assert sorted(state["fts_ids"]) == sorted(state["ids"])
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
