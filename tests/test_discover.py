import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from translate.inputs.discover import InputError, find_inputs


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    return path


def test_recursive_mirrored_and_own_outputs_ignored(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(root / "sub" / "deep" / "b.txt")
    touch(root / "sub" / "a.en.txt")
    touch(root / "sub" / "a.summary.md")
    touch(root / "sub" / "a.json").write_text('{"source": "sub/a.txt", "sha256": "00"}')
    touch(root / ".translate" / "c.txt")
    touch(root / "sub" / ".a.en.txt.tmp-123")
    touch(root / "notes.md")
    found = find_inputs([root], "*.txt")
    assert [str(f.rel) for f in found] == ["a.txt", "sub/deep/b.txt"]
    assert all(f.root == root.resolve() for f in found)


def test_output_folder_inside_input_is_not_searched(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(root / "outputs" / "a.txt")
    found = find_inputs([root], "*.txt", exclude=[root / "outputs"])
    assert [str(f.rel) for f in found] == ["a.txt"]


def test_file_given_directly_and_duplicates(tmp_path):
    file = touch(tmp_path / "in" / "a.txt")
    found = find_inputs([file, tmp_path / "in", file], "*.txt")
    assert len(found) == 1


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        find_inputs([tmp_path / "missing"], "*.txt")


# ---------------------------------------------------------------- keys


def test_key_is_the_posix_path_relative_to_the_root(tmp_path):
    touch(tmp_path / "in" / "x" / "a.txt")
    touch(tmp_path / "in" / "b.txt")
    found = find_inputs([tmp_path / "in"], "*.txt")
    assert [f.key for f in found] == ["b.txt", "x/a.txt"]
    assert all(f.problem is None for f in found)
    moved = tmp_path / "elsewhere" / "in"
    moved.parent.mkdir()
    (tmp_path / "in").rename(moved)
    assert [f.key for f in find_inputs([moved], "*.txt")] == ["b.txt", "x/a.txt"]


def test_file_given_directly_is_keyed_by_its_name(tmp_path):
    file = touch(tmp_path / "in" / "x" / "a.txt")
    (found,) = find_inputs([file], "*.txt")
    assert (found.key, found.root, found.path) == ("a.txt", file.parent.resolve(),
                                                   file.resolve())


# ---------------------------------------------------------------- non-regular files


def find_within(seconds: float, *args, **kwargs):
    """find_inputs in a thread: a test that would block on a FIFO fails instead of hanging."""
    result: dict = {}

    def target():
        try:
            result["found"] = find_inputs(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    started = time.monotonic()
    thread.start()
    thread.join(timeout=seconds)
    assert not thread.is_alive(), "find_inputs blocked (opened a FIFO?)"
    if "error" in result:
        raise result["error"]
    return result["found"], time.monotonic() - started


def test_fifo_is_reported_never_opened(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    os.mkfifo(root / "b.txt")
    os.mkfifo(root / "not-an-article")  # not matching the glob: not even reported
    found, seconds = find_within(5, [root], "*.txt")
    assert seconds < 2
    assert [(f.key, f.problem) for f in found] == [
        ("a.txt", None),
        ("b.txt", (f'"{root.resolve() / "b.txt"}": a named pipe (FIFO), not a regular file; '
                   "not read")),
    ]


def test_fifo_given_directly_and_through_links(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    os.mkfifo(root / "pipe")
    (root / "to-pipe.txt").symlink_to(root / "pipe")
    (root / "broken.txt").symlink_to(root / "nowhere")
    (root / "loop.txt").symlink_to(root / "loop.txt")
    os.mkfifo(tmp_path / "direct")
    found, _ = find_within(5, [root, tmp_path / "direct", root / "pipe"], "*.txt")
    problems = {f.key: f.problem for f in found}
    # `pipe` given directly is the FIFO already found as to-pipe.txt: reported once.
    assert set(problems) == {"broken.txt", "loop.txt", "to-pipe.txt", "direct"}
    assert "a symbolic link to a named pipe (FIFO), not a regular file" in problems["to-pipe.txt"]
    assert "a named pipe (FIFO), not a regular file" in problems["direct"]
    assert "a broken symbolic link" in problems["broken.txt"] and "nowhere" in problems["broken.txt"]
    assert "loop of symbolic links" in problems["loop.txt"]
    assert all(p.endswith("; not read") and "\n" not in p for p in problems.values())


def test_unix_socket_is_reported(tmp_path):
    # Short path: a unix socket's path is limited to ~108 bytes.
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        touch(folder / "a.txt")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(str(folder / "s.txt"))
            found, _ = find_within(5, [folder], "*.txt")
        finally:
            server.close()
        assert [(f.key, bool(f.problem)) for f in found] == [("a.txt", False), ("s.txt", True)]
        assert "a socket, not a regular file" in found[1].problem
    finally:
        shutil.rmtree(folder)


def test_character_device_is_reported(tmp_path):
    (found,) = find_within(5, [Path("/dev/null")], "*.txt")[0]
    assert found.problem == '"/dev/null": a character device, not a regular file; not read'


def test_newline_in_a_name_cannot_split_the_message(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    os.mkfifo(root / "a\nb.txt")
    (found,) = find_within(5, [root], "*.txt")[0]
    assert "\n" not in found.problem and "a\\nb.txt" in found.problem


# ---------------------------------------------------------------- symbolic links


def test_symlinked_folder_is_followed(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(tmp_path / "elsewhere" / "deep" / "b.txt")
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    found = find_inputs([root], "*.txt")
    assert [f.key for f in found] == ["a.txt", "linked/deep/b.txt"]
    assert found[1].path == root.resolve() / "linked" / "deep" / "b.txt"
    assert found[1].root == root.resolve()


def test_link_to_a_parent_terminates_without_duplicates(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(root / "sub" / "b.txt")
    (root / "sub" / "up").symlink_to(root)
    (root / "self").symlink_to(".")
    found, _ = find_within(5, [root], "*.txt")
    assert [f.key for f in found] == ["a.txt", "sub/b.txt"]


def test_two_links_to_one_folder_yield_each_file_once(tmp_path):
    root = tmp_path / "in"
    touch(tmp_path / "shared" / "x.txt")
    touch(tmp_path / "shared" / "sub" / "y.txt")
    (root).mkdir()
    (root / "b-link").symlink_to(tmp_path / "shared")
    (root / "a-link").symlink_to(tmp_path / "shared")
    (root / "c-link").symlink_to(tmp_path / "shared" / "sub")
    found = find_inputs([root], "*.txt")
    assert [f.key for f in found] == ["a-link/sub/y.txt", "a-link/x.txt"]


def test_real_path_wins_over_a_link_to_it(tmp_path):
    root = tmp_path / "in"
    touch(root / "z-real" / "a.txt")
    touch(root / "z-real" / "b.txt")
    (root / "a-link").symlink_to("z-real")                 # sorts first, but a link
    (root / "z-real" / "c.txt").symlink_to("b.txt")        # a file link to a sibling
    found = find_inputs([root], "*.txt")
    assert [f.key for f in found] == ["z-real/a.txt", "z-real/b.txt"]


def test_symlinked_file_outside_is_taken_under_its_link_name(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    target = touch(tmp_path / "elsewhere" / "real.txt")
    (root / "a.txt").symlink_to(target)
    (found,) = find_inputs([root], "*.txt")
    assert (found.key, found.path, found.problem) == ("a.txt", root.resolve() / "a.txt", None)


def test_hidden_links_and_excluded_output_are_not_followed(tmp_path):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(tmp_path / "out" / "b.txt")
    (root / ".hidden").symlink_to(tmp_path / "out")
    (root / "out-link").symlink_to(tmp_path / "out")
    found = find_inputs([root], "*.txt", exclude=[tmp_path / "out"])
    assert [f.key for f in found] == ["a.txt"]


def test_symlinked_root_is_searched(tmp_path):
    touch(tmp_path / "real" / "a.txt")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert [f.key for f in find_inputs([tmp_path / "link"], "*.txt")] == ["a.txt"]


def refuse_folders(monkeypatch, *names: str) -> None:
    """os.scandir refuses folders with these names (chmod does not stop root)."""
    real = os.scandir

    def scandir(path):
        if Path(path).name in names:
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_subfolder_is_left_out_with_a_warning(tmp_path, caplog, monkeypatch):
    root = tmp_path / "in"
    touch(root / "a.txt")
    touch(root / "locked" / "b.txt")
    refuse_folders(monkeypatch, "locked")
    found = find_inputs([root], "*.txt")
    assert [f.key for f in found] == ["a.txt"]
    assert "cannot read folder" in caplog.text and "locked" in caplog.text


def test_unreadable_folder_given_is_a_usage_error(tmp_path, monkeypatch):
    from translate.errors import UsageError

    touch(tmp_path / "in" / "a.txt")
    refuse_folders(monkeypatch, "in")
    with pytest.raises(UsageError, match="cannot read folder .*in.*: Permission denied"):
        find_inputs([tmp_path / "in"], "*.txt")
