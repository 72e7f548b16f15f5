"""A model folder's tokenizer without importing transformers (about a second saved per run).

transformers reads a Marian (opus-mt) folder with its Python `MarianTokenizer` on the
`sentencepiece` library, and a BART folder with a `tokenizers` byte-level BPE; importing
transformers to get them costs more than loading the translation model. The two classes
here build the same tokenizers from the same files with the same two libraries, and give
the same token ids and the same decoded text (`tests/test_tokenizer.py` compares them with
transformers on the tiny test models and on the real-shape bench vocabularies):

- `MarianSentencePiece`: `source.spm` / `target.spm` and `vocab.json`; special tokens split
  out first, a leading `>>xx<<` language code kept whole, pieces looked up in `vocab.json`
  (`<unk>` when absent), `</s>` appended; decoded with the source model (as transformers
  does for a shared vocabulary), special tokens skipped.
- `ByteLevelBPE`: `tokenizer.json` when the folder has one, else `vocab.json` and
  `merges.txt` built as transformers' `RobertaTokenizer` builds them (BART's tokenizer).

A folder these two do not describe exactly (separate vocabularies, extra added tokens,
another tokenizer family, settings they do not model) gets transformers' `AutoTokenizer`,
as before. Either way the object answers the small part of transformers' tokenizer API
this project uses: `tokenizer(texts, add_special_tokens=...)["input_ids"]`,
`decode(ids, skip_special_tokens=...)`, `get_vocab()`, `unk_token_id`,
`convert_ids_to_tokens(ids)`.

`load_tokenizer` keeps one tokenizer per folder (and file versions), so the translator and
the CTranslate2 engine of one model share it: it is read once.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path
from typing import Any, Sequence

from translate.models.hf import quiet_transformers, read_json

log = logging.getLogger("translate")

__all__ = ["ByteLevelBPE", "MarianSentencePiece", "load_tokenizer", "transformers_tokenizer"]

# Files whose contents decide the tokenizer (the cache key includes their sizes and times).
TOKENIZER_FILES = ("tokenizer_config.json", "special_tokens_map.json", "added_tokens.json",
                   "tokenizer.json", "vocab.json", "merges.txt", "source.spm", "target.spm",
                   "config.json")
MARIAN_CLASSES = {"MarianTokenizer"}
BPE_CLASSES = {"BartTokenizer", "BartTokenizerFast", "RobertaTokenizer", "RobertaTokenizerFast"}
# What transformers' `clean_up_tokenization` does to decoded text (when a config asks).
_CLEANUP = ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
            (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"))
SPIECE_UNDERLINE = "\u2581"

_cache: dict[tuple, Any] = {}
_cache_lock = threading.Lock()


class Unsupported(Exception):
    """The folder's tokenizer settings are not ones the classes here reproduce exactly."""


def load_tokenizer(folder: Path):
    """The tokenizer of the model in `folder`, read once per folder and file versions."""
    folder = Path(folder).resolve()
    key = (str(folder), _signature(folder))
    with _cache_lock:
        tokenizer = _cache.get(key)
        if tokenizer is None:
            tokenizer = _cache[key] = _load(folder)
    return tokenizer


def _signature(folder: Path) -> tuple:
    entries = []
    for name in TOKENIZER_FILES:
        try:
            stat = (folder / name).stat()
        except OSError:
            continue
        entries.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


def _load(folder: Path):
    config = read_json(folder / "tokenizer_config.json")
    kind = config.get("tokenizer_class") or _model_type_class(folder)
    try:
        if kind in MARIAN_CLASSES and (folder / "source.spm").is_file():
            return MarianSentencePiece(folder, config)
        if kind in BPE_CLASSES:
            return ByteLevelBPE(folder, config)
    except Unsupported as exc:
        log.debug("tokenizer of %s through transformers: %s", folder, exc)
    return transformers_tokenizer(folder)


def transformers_tokenizer(folder: Path):
    """transformers' own tokenizer for `folder` (the reference, and the general case)."""
    from transformers import AutoTokenizer

    quiet_transformers()
    return AutoTokenizer.from_pretrained(str(folder))


def _model_type_class(folder: Path) -> str | None:
    """The tokenizer class transformers picks from `config.json`'s model type."""
    model_type = read_json(folder / "config.json").get("model_type")
    return {"marian": "MarianTokenizer", "bart": "BartTokenizer"}.get(model_type)


def _content(token: Any) -> str | None:
    """A special token as configs write it: a string, or an AddedToken's dict."""
    if isinstance(token, dict):
        token = token.get("content")
    return token if isinstance(token, str) else None


def _plain_added_token(token: Any) -> bool:
    """An added-token entry with no stripping or word rules (the only kind modelled here)."""
    return not isinstance(token, dict) or not any(
        token.get(flag) for flag in ("lstrip", "rstrip", "single_word"))


def _clean_up(text: str) -> str:
    for old, new in _CLEANUP:
        text = text.replace(old, new)
    return text


class _Tokenizer:
    """The part of transformers' tokenizer API this project uses."""

    unk_token_id: int

    def __call__(self, text: str | Sequence[str] | None = None, *,
                 text_target: str | Sequence[str] | None = None,
                 add_special_tokens: bool = True) -> dict[str, Any]:
        target = text is None
        texts = text_target if target else text
        if isinstance(texts, str):
            return {"input_ids": self.encode([texts], add_special_tokens, target)[0]}
        return {"input_ids": self.encode(list(texts), add_special_tokens, target)}

    def encode(self, texts: list[str], add_special_tokens: bool = True,
               target: bool = False) -> list[list[int]]:
        raise NotImplementedError


class MarianSentencePiece(_Tokenizer):
    """transformers' `MarianTokenizer` (shared vocabulary) on the `sentencepiece` library."""

    def __init__(self, folder: Path, config: dict[str, Any]) -> None:
        import sentencepiece

        if config.get("separate_vocabs"):
            raise Unsupported("separate source and target vocabularies")
        if config.get("sp_model_kwargs"):
            raise Unsupported("sp_model_kwargs")
        if (folder / "added_tokens.json").is_file():
            raise Unsupported("added_tokens.json")
        self.unk_token = _content(config.get("unk_token", "<unk>"))
        self.eos_token = _content(config.get("eos_token", "</s>"))
        self.pad_token = _content(config.get("pad_token", "<pad>"))
        specials = [self.eos_token, self.unk_token, self.pad_token]
        named = read_json(folder / "special_tokens_map.json")
        for key, value in named.items():
            if key in ("eos_token", "unk_token", "pad_token"):
                if _content(value) != getattr(self, key):
                    raise Unsupported(f"special_tokens_map.json names another {key}")
            elif value:
                raise Unsupported(f"special_tokens_map.json adds {key}")
        if config.get("additional_special_tokens") or config.get("extra_special_tokens"):
            raise Unsupported("additional special tokens")
        for token in (config.get("added_tokens_decoder") or {}).values():
            if _content(token) not in specials or not _plain_added_token(token):
                raise Unsupported(f"added token {_content(token)!r}")
        if config.get("clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output"):
            raise Unsupported("clean-up settings")

        with open(folder / "vocab.json", encoding="utf-8") as handle:
            self.encoder: dict[str, int] = json.load(handle)
        if any(token not in self.encoder for token in specials):
            raise Unsupported("a special token outside vocab.json")
        self.decoder = {index: token for token, index in self.encoder.items()}
        self.source = sentencepiece.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self.target = sentencepiece.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        self.special_ids = {token: self.encoder[token] for token in specials}
        self.unk_token_id = self.encoder[self.unk_token]
        self.eos_token_id = self.encoder[self.eos_token]
        self.pad_token_id = self.encoder[self.pad_token]
        self.clean_up_tokenization_spaces = bool(config.get("clean_up_tokenization_spaces", False))
        # transformers splits special tokens out of the text first (longest first).
        self._specials = re.compile(
            "(" + "|".join(re.escape(t) for t in sorted(set(specials), key=len, reverse=True)) + ")")

    def tokenize(self, text: str, target: bool = False) -> list[str]:
        processor = self.target if target else self.source
        tokens: list[str] = []
        for part in self._specials.split(text):
            if not part:
                continue
            if part in self.special_ids:
                tokens.append(part)
                continue
            # A leading language code (">>fra<<") is one token, as in transformers.
            if part.startswith(">>") and (end := part.find("<<")) != -1:
                tokens.append(part[:end + 2])
                part = part[end + 2:]
            tokens.extend(processor.encode(part, out_type=str))
        return tokens

    def encode(self, texts: list[str], add_special_tokens: bool = True,
               target: bool = False) -> list[list[int]]:
        lookup, unk = self.encoder, self.unk_token_id
        tail = [self.eos_token_id] if add_special_tokens else []
        return [[lookup.get(token, unk) for token in self.tokenize(text, target)] + tail
                for text in texts]

    def convert_ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self._token(int(i)) for i in ids]

    def _token(self, index: int) -> str:
        token = self.decoder.get(index)
        if token is None:
            # As transformers: a piece of the SentencePiece model for an id vocab.json lacks.
            token = self.source.IdToPiece(index) or self.unk_token
        return token

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = False) -> str:
        skip = set(self.special_ids.values()) if skip_special_tokens else set()
        tokens = [self._token(int(i)) for i in ids if int(i) not in skip]
        # Decoded with the source model: what transformers does for a shared vocabulary.
        out, pieces = "", []
        for token in tokens:
            if token in self.special_ids:
                out += self.source.decode_pieces(pieces) + token + " "
                pieces = []
            else:
                pieces.append(token)
        out += self.source.decode_pieces(pieces)
        text = out.replace(SPIECE_UNDERLINE, " ").strip()
        return _clean_up(text) if self.clean_up_tokenization_spaces else text

    def get_vocab(self) -> dict[str, int]:
        return dict(self.encoder)


class ByteLevelBPE(_Tokenizer):
    """transformers' `RobertaTokenizer` (= `BartTokenizer`) on the `tokenizers` library."""

    NAMED = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token",
             "mask_token")
    DEFAULTS = {"bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>",
                "unk_token": "<unk>", "pad_token": "<pad>", "mask_token": "<mask>"}

    def __init__(self, folder: Path, config: dict[str, Any]) -> None:
        from tokenizers import AddedToken, Tokenizer, decoders, pre_tokenizers, processors
        from tokenizers.models import BPE

        if (folder / "added_tokens.json").is_file():
            raise Unsupported("added_tokens.json")
        if config.get("errors", "replace") != "replace":
            raise Unsupported("decoding errors other than 'replace'")
        for key in ("additional_special_tokens", "extra_special_tokens", "add_bos_token",
                    "add_eos_token", "split_special_tokens",
                    "clean_up_tokenization_spaces_for_bpe_even_though_it_will_corrupt_output"):
            if config.get(key):
                raise Unsupported(key)
        named = {key: _content(config.get(key, self.DEFAULTS[key])) for key in self.NAMED}
        mapped = read_json(folder / "special_tokens_map.json")
        if any(_content(value) != named.get(key) for key, value in mapped.items()):
            raise Unsupported("special_tokens_map.json differs from tokenizer_config.json")

        if (folder / "tokenizer.json").is_file():
            tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            # transformers encodes without the file's truncation or padding unless asked.
            tokenizer.no_truncation()
            tokenizer.no_padding()
            known = {token.content for token in tokenizer.get_added_tokens_decoder().values()}
            if any(token and token not in known for token in named.values()):
                raise Unsupported("a special token that tokenizer.json does not hold")
            vocab = tokenizer.get_vocab()
        else:
            if not ((folder / "vocab.json").is_file() and (folder / "merges.txt").is_file()):
                raise Unsupported("neither tokenizer.json nor vocab.json + merges.txt")
            add_prefix_space = bool(config.get("add_prefix_space", False))
            tokenizer = Tokenizer(BPE.from_file(
                str(folder / "vocab.json"), str(folder / "merges.txt"), dropout=None,
                continuing_subword_prefix="", end_of_word_suffix="", fuse_unk=False))
            tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=add_prefix_space)
            tokenizer.decoder = decoders.ByteLevel()
            vocab = tokenizer.get_vocab()
            # The added tokens, in transformers' order: the config's `added_tokens_decoder`
            # by id, then the named special tokens; all must be in the vocabulary already
            # (new ones would get ids by that order, which is not modelled here).
            added: dict[str, Any] = {}
            decoder = config.get("added_tokens_decoder") or {}
            for _, token in sorted(decoder.items(), key=lambda item: int(item[0])):
                added.setdefault(_content(token), token)
            for key in self.NAMED:
                if named[key]:
                    added.setdefault(named[key], named[key])
            if any(content not in vocab for content in added):
                raise Unsupported("an added token outside vocab.json")
            tokenizer.add_special_tokens([
                AddedToken(content, special=True) if isinstance(token, str) else AddedToken(
                    content, single_word=bool(token.get("single_word")),
                    lstrip=bool(token.get("lstrip")), rstrip=bool(token.get("rstrip")),
                    normalized=bool(token.get("normalized", False)), special=True)
                for content, token in added.items()])
        # As transformers' RobertaTokenizer, whichever file it was read from.
        tokenizer.post_processor = processors.RobertaProcessing(
            (named["sep_token"], vocab[named["sep_token"]]),
            (named["cls_token"], vocab[named["cls_token"]]),
            trim_offsets=bool(config.get("trim_offsets", True)),
            add_prefix_space=bool(config.get("add_prefix_space", False)))
        self.backend = tokenizer
        self.unk_token = named["unk_token"]
        self.unk_token_id = tokenizer.token_to_id(self.unk_token) if self.unk_token else None

    def encode(self, texts: list[str], add_special_tokens: bool = True,
               target: bool = False) -> list[list[int]]:
        if not texts:
            return []
        return [e.ids for e in self.backend.encode_batch(texts, add_special_tokens=add_special_tokens)]

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = False) -> str:
        # transformers leaves BPE text as decoded (its clean-up is for WordPiece).
        return self.backend.decode([int(i) for i in ids], skip_special_tokens=skip_special_tokens)

    def convert_ids_to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [self.backend.id_to_token(int(i)) for i in ids]

    def get_vocab(self) -> dict[str, int]:
        return self.backend.get_vocab(with_added_tokens=True)
