from pathlib import Path

import pytest

from translate.discover import InputError, find_inputs


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
    touch(root / "sub" / "a.json")
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
