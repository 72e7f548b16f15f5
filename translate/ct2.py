"""The CTranslate2 backend: a Hugging Face seq2seq folder, converted once, run by CTranslate2.

`CT2Engine` implements the `Engine` protocol of `translate.generation` with the same
contract as `TorchEngine`: token ids in (from the model's own tokenizer, special tokens
included), token ids out (no decoder-start token, no EOS, no forced BOS).

Conversion (`TransformersConverter`) runs once per model, quantisation and CTranslate2
version and is cached under the user's cache folder (`cache_root() / "ct2"`). It is
written to a temporary folder and renamed into place, so an interrupted conversion never
leaves an entry that looks complete; an entry whose files do not match its manifest is
removed and converted again.

How the two model families map onto CTranslate2:

- Marian (opus-mt): no BOS on the source side; the decoder starts from a zero embedding
  (the converter drops the trailing `<pad>` vocabulary entry, so `<pad>` can never be
  generated, which is what `bad_words_ids=[[pad]]` does in transformers).
- BART: the source starts with `<s>` (the tokenizer adds it); the decoder starts with
  `</s>` and transformers then forces `<s>` (`forced_bos_token_id`) as the first
  generated token. CTranslate2 knows nothing of forced tokens, so `<s>` is passed as a
  one-token target prefix (it counts towards the decoding length, as in transformers)
  and stripped from the result.
- `forced_eos_token_id` (both families): transformers puts EOS in the last slot when
  `max_new_tokens` is reached, so a cut-off output has `max_new_tokens - 1` tokens.
  CTranslate2 has no such rule; a hypothesis that reaches the limit loses its last token,
  which makes the outputs identical (and the work the same: both ran the full length).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from translate.engines import no_progress_bars
from translate.translator import generation_settings

log = logging.getLogger("translate")

MANIFEST = "translate-ct2.json"
# How many conversions this process has run (tests check that a cached entry is reused).
conversions = 0


# --------------------------------------------------------------------------- cache


def cache_root() -> Path:
    """`$TRANSLATE_CACHE`, else `$XDG_CACHE_HOME/translate`, else `~/.cache/translate`."""
    explicit = os.environ.get("TRANSLATE_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "translate"


def resolve_compute_type(compute_type: str, device: str) -> str:
    """`auto` -> int8 on CPU, float16 on CUDA; anything else is passed through."""
    if compute_type != "auto":
        return compute_type
    return "float16" if device == "cuda" else "int8"


def _folder_signature(folder: Path) -> list[list[Any]]:
    """Name, size and mtime of every file of the model folder (symlinks followed)."""
    entries = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        stat = path.stat()
        entries.append([path.name, stat.st_size, stat.st_mtime_ns])
    return entries


def entry_key(folder: Path, quantization: str, model_key: str | None = None) -> str:
    """The cache key of `folder` converted with `quantization` by this CTranslate2."""
    import ctranslate2

    folder = Path(folder).resolve()
    data = {
        "model": model_key or str(folder),
        "files": _folder_signature(folder),
        "quantization": quantization,
        "ctranslate2": ctranslate2.__version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:24]


def entry_is_complete(entry: Path) -> bool:
    """True when `entry` holds every file its manifest lists, at the recorded size."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        files = manifest["files"]
        if "model.bin" not in files:
            return False
        return all((entry / name).stat().st_size == size for name, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_temps(root: Path) -> None:
    """Temporary folders of conversions whose process is gone (killed mid-conversion)."""
    for path in root.glob(".tmp-*"):
        try:
            pid = int(path.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _pid_alive(pid):
            shutil.rmtree(path, ignore_errors=True)


def _sync(folder: Path) -> None:
    """Flush the folder's files to disk before it is renamed into place."""
    for path in folder.iterdir():
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())


def _discard(entry: Path) -> None:
    """Move a broken entry out of the way (atomically), then delete it."""
    trash = entry.with_name(f".tmp-broken-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        entry.rename(trash)
    except FileNotFoundError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _converter(folder: Path):
    from ctranslate2.converters import TransformersConverter

    class Converter(TransformersConverter):
        def load_model(self, model_class, model_name_or_path, **kwargs):
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            config = model.config
            # The BART loader reads `normalize_before`, which transformers 5 no longer
            # defines; hub configs saved by transformers 3 carry it, newer ones do not.
            # BART is post-norm.
            if config.model_type == "bart" and not hasattr(config, "normalize_before"):
                config.normalize_before = False
            return model

    return Converter(str(folder))


def convert(folder: Path, out: Path, quantization: str) -> None:
    """Convert the Hugging Face model in `folder` into `out` (which must not exist)."""
    global conversions

    with no_progress_bars():
        _converter(folder).convert(str(out), quantization=quantization)
    conversions += 1


def ensure_converted(folder: Path, quantization: str, model_key: str | None = None,
                     *, rebuild: bool = False) -> Path:
    """The cached CTranslate2 conversion of `folder`, converting it first if needed."""
    import ctranslate2

    folder = Path(folder).resolve()
    root = cache_root() / "ct2"
    key = entry_key(folder, quantization, model_key)
    entry = root / key
    if entry.exists():
        if not rebuild and entry_is_complete(entry):
            return entry
        log.warning("CTranslate2 cache entry %s is incomplete; converting again", entry)
        _discard(entry)
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(root)
    # .tmp-<key>-<pid>-<random>: _remove_stale_temps reads the pid back.
    temp = root / f".tmp-{key[:8]}-{os.getpid()}-{secrets.token_hex(4)}"
    log.info("converting %s for CTranslate2 (%s; once, cached in %s)", folder, quantization, entry)
    try:
        convert(folder, temp, quantization)
        files = {p.name: p.stat().st_size for p in temp.iterdir() if p.is_file()}
        manifest = {
            "source": str(folder), "model_key": model_key, "quantization": quantization,
            "ctranslate2": ctranslate2.__version__, "files": files,
        }
        (temp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _sync(temp)
        try:
            temp.rename(entry)
        except OSError:
            # Another process finished the same conversion first: use theirs.
            if not entry_is_complete(entry):
                raise
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return entry


# --------------------------------------------------------------------------- engine


def _cuda_count() -> int:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count()
    except Exception:  # noqa: BLE001 - a CPU-only build may raise instead of returning 0
        return 0


class CT2Engine:
    """A seq2seq model folder run by a `ctranslate2.Translator`."""

    name = "ctranslate2"

    def __init__(self, folder: Path, *, device: str, threads: int, compute_type: str = "auto",
                 model_key: str | None = None) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        from translate.engines import thread_count

        folder = Path(folder)
        if device == "cuda" and _cuda_count() == 0:
            raise RuntimeError("this CTranslate2 build sees no CUDA device")
        self.device = device
        self.compute_type = resolve_compute_type(compute_type, device)
        self.threads = thread_count(threads)

        self.model_dir = ensure_converted(folder, self.compute_type, model_key)

        def load():
            return ctranslate2.Translator(
                str(self.model_dir), device=device, compute_type=self.compute_type,
                inter_threads=1, intra_threads=self.threads,
            )

        try:
            self.translator = load()
        except Exception as exc:  # noqa: BLE001 - CTranslate2 raises RuntimeError, IndexError...
            # A cache entry damaged after it was written (same sizes, bad bytes).
            log.warning("cannot load cached conversion %s (%s); converting again", self.model_dir, exc)
            self.model_dir = ensure_converted(folder, self.compute_type, model_key, rebuild=True)
            self.translator = load()

        with no_progress_bars():
            tokenizer = AutoTokenizer.from_pretrained(str(folder))
        vocab = tokenizer.get_vocab()
        self.token_to_id: dict[str, int] = dict(vocab)
        self.id_to_token: list[str] = [""] * (max(vocab.values()) + 1)
        for token, index in vocab.items():
            self.id_to_token[index] = token
        self.unk_id = tokenizer.unk_token_id if tokenizer.unk_token_id is not None else 0

        settings = generation_settings(folder)
        forced_bos = settings.get("forced_bos_token_id")
        self.prefix_token = self.id_to_token[forced_bos] if forced_bos is not None else None
        self.forced_eos = settings.get("forced_eos_token_id") is not None
        self.options: dict[str, Any] = {}
        if settings.get("no_repeat_ngram_size"):
            self.options["no_repeat_ngram_size"] = int(settings["no_repeat_ngram_size"])
        if settings.get("length_penalty") is not None:
            self.options["length_penalty"] = float(settings["length_penalty"])
        if settings.get("repetition_penalty") is not None:
            self.options["repetition_penalty"] = float(settings["repetition_penalty"])

    def tokens(self, ids: list[int]) -> list[str]:
        table = self.id_to_token
        return [table[i] for i in ids]

    def generate(self, batch, *, max_new_tokens, min_new_tokens, num_beams):
        if not batch:
            return []
        source = [self.tokens(ids) for ids in batch]
        prefix = [[self.prefix_token]] * len(source) if self.prefix_token else None
        results = self.translator.translate_batch(
            source,
            target_prefix=prefix,
            beam_size=num_beams,
            max_decoding_length=max_new_tokens,
            min_decoding_length=min(min_new_tokens, max_new_tokens),
            max_batch_size=0,  # the caller's batches are already sized
            max_input_length=0,  # the caller keeps inputs within the model's limit
            return_scores=False,
            **self.options,
        )
        lookup, unk = self.token_to_id, self.unk_id
        outputs = []
        for result in results:
            hypothesis = result.hypotheses[0]
            full = len(hypothesis)
            if prefix and hypothesis and hypothesis[0] == self.prefix_token:
                hypothesis = hypothesis[1:]
            if self.forced_eos and full >= max_new_tokens and hypothesis:
                hypothesis = hypothesis[:-1]  # transformers' forced EOS takes the last slot
            outputs.append([lookup.get(token, unk) for token in hypothesis])
        return outputs
