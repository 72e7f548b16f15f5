"""The one-run-at-a-time lock, with real second processes."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from translate.run.state.lock import LockHeld, RunLock

REPO_ROOT = Path(__file__).resolve().parents[1]

TRY_ACQUIRE = """
import json, sys
from pathlib import Path
from translate.run.state.lock import LockHeld, RunLock
try:
    RunLock(Path(sys.argv[1])).acquire()
except LockHeld as exc:
    print(json.dumps({"held": True, "pid": exc.pid, "host": exc.host, "message": str(exc)}))
else:
    print(json.dumps({"held": False}))
"""

HOLD = """
import sys, time
from pathlib import Path
from translate.run.state.lock import RunLock
lock = RunLock(Path(sys.argv[1]))
lock.acquire()
print("acquired", flush=True)
time.sleep(60)
"""


def python(code: str, folder: Path, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, str(folder)], cwd=REPO_ROOT,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
                            stdout=subprocess.PIPE, text=True, **kwargs)


def test_second_process_is_refused_naming_the_holder(tmp_path: Path) -> None:
    with RunLock(tmp_path) as lock:
        assert lock.held
        t0 = time.monotonic()
        child = python(TRY_ACQUIRE, tmp_path)
        out, _ = child.communicate(timeout=10)
        elapsed = time.monotonic() - t0
    print(f"\nsecond process refused in {elapsed:.2f} s (including interpreter start)")
    result = json.loads(out)
    assert result["held"] is True and result["pid"] == os.getpid()
    assert f"pid {os.getpid()}" in result["message"] and str(tmp_path) in result["message"]
    assert result["message"].startswith("another translate run (pid ")
    assert elapsed < 5


def test_lock_held_by_other_process_names_its_pid(tmp_path: Path) -> None:
    child = python(HOLD, tmp_path)
    try:
        assert child.stdout.readline().strip() == "acquired"
        t0 = time.monotonic()
        with pytest.raises(LockHeld) as info:
            RunLock(tmp_path).acquire()
        assert time.monotonic() - t0 < 1
        assert info.value.pid == child.pid
        assert info.value.started.endswith("Z") and info.value.host
        assert str(info.value) == (f"another translate run (pid {child.pid}, started "
                                   f"{info.value.started} on {info.value.host}) holds the "
                                   f"lock on {tmp_path}")
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()


def test_lock_of_sigkilled_run_is_taken_over(tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    child = python(HOLD, tmp_path)
    try:
        assert child.stdout.readline().strip() == "acquired"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdout.close()
    with caplog.at_level(logging.INFO, logger="translate"):
        with RunLock(tmp_path):
            holder = json.loads((tmp_path / ".translate" / "lock").read_text())
            assert holder["pid"] == os.getpid()
    assert f"left by pid {child.pid}" in caplog.text
    assert "no longer running" in caplog.text


def test_release_and_reacquire(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lock = RunLock(tmp_path)
    lock.acquire()
    lock.acquire()  # already held: no-op
    with pytest.raises(LockHeld):  # a second handle, even in-process, is refused
        RunLock(tmp_path).acquire()
    lock.release()
    lock.release()  # idempotent
    assert (tmp_path / ".translate" / "lock").read_text() == ""  # clean release
    with caplog.at_level(logging.INFO, logger="translate"):
        other = RunLock(tmp_path)
        other.acquire()
        other.release()
        lock.acquire()
        lock.release()
    assert "left by pid" not in caplog.text  # clean releases are not reported as stale


def test_unreadable_holder_is_reported_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / ".translate" / "lock"
    path.parent.mkdir(parents=True)
    path.write_text("not json")
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(LockHeld) as info:
            RunLock(tmp_path).acquire()
        assert (info.value.pid, info.value.started, info.value.host) == (0, "unknown", "unknown")
        assert str(tmp_path) in str(info.value)
    finally:
        os.close(fd)


def test_lock_in_folder_under_a_regular_file_is_a_state_error(tmp_path: Path) -> None:
    from translate.run.state import StateError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StateError, match="not writable"):
        RunLock(blocker / "out").acquire()


def test_lock_path_that_is_a_folder_is_named(tmp_path: Path) -> None:
    from translate.run.state import StateError

    (tmp_path / ".translate" / "lock").mkdir(parents=True)
    with pytest.raises(StateError) as info:
        RunLock(tmp_path).acquire()
    lock = tmp_path / ".translate" / "lock"
    assert str(info.value) == f'lock file "{lock}" is a folder, not a file; remove it'
    assert "not writable" not in str(info.value)


def test_lock_path_that_is_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    from translate.run.state import StateError

    lock = tmp_path / ".translate" / "lock"
    lock.parent.mkdir()
    os.mkfifo(lock)
    t0 = time.monotonic()
    with pytest.raises(StateError, match=r'lock file ".*lock" is a named pipe \(FIFO\), not a '
                                         r"regular file; remove it"):
        RunLock(tmp_path).acquire()
    assert time.monotonic() - t0 < 2


def test_state_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    from translate.run.state import StateError

    (tmp_path / ".translate").write_text("x")
    with pytest.raises(StateError) as info:
        RunLock(tmp_path).acquire()
    assert str(info.value) == (f'state folder "{tmp_path / ".translate"}" is a file, not a '
                               f"folder; remove it")


def test_lock_errors_carry_their_exit_codes(tmp_path: Path) -> None:
    from translate.errors import TranslateError

    with RunLock(tmp_path), pytest.raises(LockHeld) as info:
        RunLock(tmp_path).acquire()
    assert isinstance(info.value, TranslateError) and info.value.exit_code == 3
