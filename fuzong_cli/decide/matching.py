"""Pairing enterprises with experts (SPEC §5): pre-agreed pairs first, then a 0–100 text-affinity score and an
optimal assignment under capacities, conflicts and county quotas, every decision explained in Chinese.

Sources: 温州方案 四(二) "AI 智能供需匹配"; 新乡行动计划 四(二)(三) (企业择优选择1人, 已有合作基础的优先);
聊城办法 第十二条4 (双向选择); 湖北方案 四(二) (有意向人选并已协商一致的直接安排；名额按需求数占比分配).

Pure: takes Records and settings, returns a MatchResult; no files, no typer. jieba and scipy are imported lazily.

Determinism: needs and experts are put in a canonical order before anything is scored (needs by 县（市、区）,
企业名称, 统一社会信用代码, 需求名称; experts by 姓名, 工作单位; then their original row order), so the same
inputs give the same pairs whatever the row order of the files. Among assignments with the same total score
the solver's choice on that canonical order is kept. Pre-agreed pairs are fixed mutual intents first (the
expert also names the enterprise), then by the score of the named expert, then in that canonical order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fuzong_cli.decide import identity
from fuzong_cli.decide.quota import QuotaTable
from fuzong_cli.errors import FuzongError
from fuzong_cli.records import Record

DIRECT = "意向直派"
SMART = "智能匹配"
LOCKED = "人工锁定"

NEED_FIELDS = (("需求名称", 2.0), ("需求描述", 1.0), ("所需专业", 2.0), ("所属行业", 1.0))
EXPERT_FIELDS = (("研究方向", 2.0), ("学科", 1.0), ("代表性成果", 1.0))
#: the expert profile (温州方案 四(一) 个人画像): besides EXPERT_FIELDS, any column whose header names patents,
#: projects, achievements or awards (专利, 项目, 成果, 知识产权, 获奖) and holds text, weighted PROFILE_WEIGHT
PROFILE_MARKERS = ("专利", "项目", "成果", "知识产权", "获奖")
PROFILE_WEIGHT = 0.5
#: needs × experts from which the candidates' 匹配依据 are written while the solver runs (scipy's
#: linear_sum_assignment releases the GIL); below it a thread is not worth it. (Embedding the sentences while
#: jieba cuts the words was tried too: 5k × 5k ran 2–3 s slower, both sides hold the GIL most of the time.)
OVERLAP_CELLS = 250_000
#: cosine of two words' vectors from which they are shown as a concept pair (关不严≈密封) in 匹配依据; word
#: vectors of this model are noisy (波动/转让 0.53, 抖动/振动 0.56), so the pairs are a hint, not a proof
CONCEPT_FLOOR = 0.55

#: generic words that say nothing about the field (not city-specific, so they live here, not in a policy)
_STOPWORD_TEXT = """
    技术 企业 公司 研发 研究 开发 提升 提高 解决 问题 需要 需求 希望 相关 方面 进行 能力
    我们 我司 本公司 目前 现有 主要 通过 实现 开展 合作 项目 产品 专家 人才 科研 生产
    工作 领域 方向 行业 专业 方法 关键 核心 水平 质量 以及 及其 等 和 与 及 或 的 了
    在 对 为 是 有 将 把 从 并 其 中 上 下 一 个 种 项 新 高 低 大 小 多 少 难
    难题 困难 瓶颈 亟需 急需 迫切 寻求 协助 帮助 指导 支持 应用 基础 系统 体系 方案 设计
    优化 改进 改善 升级 改造 创新 服务 管理 效率 成本 降低 减少 增加 建立 完善 推动 促进
    加强 发展 转型 面向 基于 用于 关于 负责 主持 参与 完成 获得 发表 论文 专利 授权 发明
    省级 市级 国家级 国家 省 市 奖 等奖 一等奖 二等奖 三等奖 科技进步奖 教授 副教授 研究员
    博士 硕士 团队 课题 重点 若干 多项 余项 篇 件 项目组 实验室 中心 平台 人工 设备 代替
    替代 改为 改用 想用 效率 速度 故障 工业 数据 检测 严重 不足 不够 较差 偏高 偏低 偏大
    过高 容易 导致 出现 影响 存在 客户 投诉 退货 返修 达到 达不到 要求 标准 用于 采用
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_LIST_SPLIT = re.compile(r"[、,，;；/\n]+")
_COUNTY_SUFFIX = re.compile(r"(自治县|新区|区|县|市)$")


# ----------------------------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class MatchSettings:
    """Numbers the matching uses; the built-in values come from the policy's ``[matching]`` section."""

    expert_capacity: int = 1  # enterprises one expert may serve (温州方案 六(四) 一企一人)
    enterprise_capacity: int = 1  # experts one enterprise takes (新乡行动计划 四(二)2 择优选择1人)
    min_score: float = 0.0  # an explicit filter only: by default every need gets its best feasible expert
    top_k: int = 5
    text_weight: float = 80.0  # the text affinity (0–1) times this
    intent_bonus: float = 15.0  # the expert names the enterprise in 意向企业
    county_bonus: float = 5.0  # expert and enterprise in the same 县（市、区）
    lexical_share: float = 0.5  # text affinity = share × lexical + (1 − share) × semantic
    semantic_floor: float = 0.10  # cosine of two unrelated texts (USE multilingual): semantic 0 below it
    semantic_span: float = 0.45  # cosine above the floor that counts as semantic 1
    word_share: float = 0.5  # semantic = share × word alignment + (1 − share) × sentence cosine (issue 9)
    word_floor: float = 0.3  # word-vector cosine counted as 0 in the word alignment, 1 stays 1
    word_span: float = 0.5  # word alignment (0–1) that counts as semantic 1
    word_neighbours: int = 10  # closest words of the other side kept for each word
    confidence_high: float = 55.0  # 匹配把握 高 from this score
    confidence_mid: float = 35.0  # 匹配把握 中 from this score, 低 below
    semantic: bool = True  # False: lexical only (tests of the lexical part, or no model installed)
    candidate_k: int = 40  # per need and per expert, kept in the candidate graph of a large run
    dense_limit: int = 30_000_000  # needs × experts up to which the full score matrix is solved exactly
    dense_direct: int = 1_000_000  # from this size the full matrix goes to the solver without an edge list
    block_cells: int = 4_000_000  # needs × experts scored at a time (bounds the memory of one block)

    @classmethod
    def from_policy(cls, section: dict[str, Any], **overrides: Any) -> MatchSettings:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in section.items() if k in known}
        weights = section.get("weights") or {}
        for key in ("text_weight", "intent_bonus", "county_bonus", "lexical_share"):
            if key in weights:
                values[key] = weights[key]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


# ----------------------------------------------------------------------------------------------- text


def _halfwidth(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# a person, unit or enterprise name as compared: the one definition in decide/identity.py
norm_name = identity.norm_name


def county_stem(county: str) -> str:
    """瑞安市 → 瑞安, 鹿城区 → 鹿城: the part people write inside unit names."""
    stem = _COUNTY_SUFFIX.sub("", county or "")
    return stem if len(stem) >= 2 else (county or "")


def data_file(name: str) -> Path:
    return Path(str(resources.files("fuzong_cli.data").joinpath(name)))


def load_synonyms(path: Path) -> dict[str, str]:
    """Synonym groups, one per line, the first term is the canonical one. ``#`` starts a comment."""
    mapping: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        terms = [t for t in re.split(r"[\s、,，/|]+", line) if t]
        if not terms:
            continue
        head = terms[0].lower()
        for term in terms:
            mapping.setdefault(_halfwidth(term).lower(), head)
    return mapping


class Analyzer:
    """jieba with the domain dictionary, the synonym groups mapped to one canonical term, stop words out.

    Built once per process (``analyzer()``); jieba is imported here, not at module import.
    """

    def __init__(self, synonyms_path: Path | None = None, userdict_path: Path | None = None) -> None:
        import logging

        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)
        self.synonyms = load_synonyms(synonyms_path or data_file("synonyms.txt"))
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        userdict = userdict_path or data_file("userdict.txt")
        if userdict.exists():
            for line in userdict.read_text(encoding="utf-8").splitlines():
                parts = line.split("#", 1)[0].split()
                if parts:
                    freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 20000
                    self.tokenizer.add_word(_halfwidth(parts[0]).lower(), freq=freq)
        for term in self.synonyms:
            if len(term) >= 2:
                self.tokenizer.add_word(term, freq=20000)
        self._cache: dict[str, tuple[tuple[str, str], ...]] = {}

    def _backoff(self, word: str) -> str:
        """A word jieba kept whole but the synonym list does not know (糊盒机, 皮革涂饰): the canonical term of
        the longest synonym inside it, else the word itself."""
        n = len(word)
        if n >= 3:
            for size in range(n - 1, 1, -1):
                for start in range(n - size + 1):
                    canon = self.synonyms.get(word[start : start + size])
                    if canon is not None:
                        return canon
        return word

    def terms(self, text: str) -> tuple[tuple[str, str], ...]:
        """(canonical, surface) for each meaningful word of ``text``, in order."""
        hit = self._cache.get(text)
        if hit is not None:
            return hit
        out: list[tuple[str, str]] = []
        for word in self.tokenizer.lcut(_halfwidth(text).lower(), HMM=False):
            word = word.strip()
            if word in STOPWORDS or not any(ch.isalnum() for ch in word):
                continue
            if len(word) < 2 and word not in self.synonyms:
                continue
            if word.isdigit():
                continue
            canon = self.synonyms.get(word)
            if canon is None:
                canon = self._backoff(word)
            if canon in STOPWORDS:
                continue
            out.append((canon, word))
        result = tuple(out)
        if len(self._cache) < 200_000:
            self._cache[text] = result
        return result


_ANALYZER: Analyzer | None = None


def analyzer() -> Analyzer:
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = Analyzer()
    return _ANALYZER


@dataclass
class Doc:
    """Weighted canonical terms of one side of a pair, with the first surface form of each (for 匹配依据)."""

    weights: dict[str, float]
    surface: dict[str, str]


class _Profile:
    """The texts of one record to match, as (field → text), with the weight of each field."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def get(self, name: str) -> Any:
        return self.values.get(name)


def profile_fields(
    record: Record, fields: Sequence[tuple[str, float]]
) -> tuple[Any, list[tuple[str, float]]]:
    """The record's matching text: ``fields`` plus, for experts, the profile columns (PROFILE_MARKERS) present
    as text (not counts nor 是/否). Returns an object with ``get`` and the (field, weight) list."""
    values: dict[str, Any] = {name: record.get(name) for name, _ in fields}
    out = list(fields)
    if fields is EXPERT_FIELDS:
        extra = dict(getattr(record, "extra", {}) or {})
        for name in ("核心知识产权", "主持项目", "代表性项目", "专利"):
            v = record.get(name)
            if v is not None and name not in extra:
                extra[name] = v
        for name in sorted(extra):
            v = extra[name]
            text = "、".join(map(str, v)) if isinstance(v, list) else str(v or "").strip()
            if not any(mk in name for mk in PROFILE_MARKERS) or name in values:
                continue
            if len(text) < 2 or text in ("是", "否", "无") or text.replace(".", "").isdigit():
                continue
            values[name] = text
            out.append((name, PROFILE_WEIGHT))
    return _Profile(values), out


def make_doc(an: Analyzer, record: Record, fields: Sequence[tuple[str, float]]) -> Doc:
    weights: dict[str, float] = defaultdict(float)
    surface: dict[str, str] = {}
    prof, fields = profile_fields(record, fields)
    for name, w in fields:
        value = prof.get(name)
        if value is None:
            continue
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        for canon, word in an.terms(text):
            weights[canon] += w
            surface.setdefault(canon, word)
    return Doc(dict(weights), surface)


# ----------------------------------------------------------------------------------------------- scoring


@dataclass
class ScoreModel:
    """TF-IDF vectors of needs and experts over the shared vocabulary, plus the bonus data, for scoring."""

    need_docs: list[Doc]
    expert_docs: list[Doc]
    idf: dict[str, float]
    need_matrix: Any  # scipy csr, rows L2-normalised over each need's full vocabulary
    expert_matrix_t: Any  # scipy csc (vocab × experts)
    need_county: Any  # numpy int array, -1 unknown
    expert_county: Any
    intent: set[tuple[int, int]]
    settings: MatchSettings
    need_sem: Any = None  # float32 n × 512 unit vectors (semantic.vectors), None: lexical only
    expert_sem: Any = None
    word_index: dict[str, int] = field(default_factory=dict)  # surface word → row of word_vectors
    word_vectors: Any = None
    align: Any = None  # WordAlignment (None: lexical only or no words)

    def _tfidf(self, doc: Doc) -> dict[str, float]:
        return {
            t: (1.0 + math.log(w)) * self.idf[t] if w >= 1 else w * self.idf[t]
            for t, w in doc.weights.items()
        }

    def block_scores(self, start: int, stop: int):
        """Scores (float64, 0–100, one decimal) of needs[start:stop] against every expert."""
        import numpy as np

        s = self.settings
        sim = (self.need_matrix[start:stop] @ self.expert_matrix_t).toarray()
        # the square root spreads the cosine (short texts share one or two terms: 0.1–0.5) over the 0–1 range
        np.sqrt(np.clip(sim, 0.0, 1.0, out=sim), out=sim)
        if self.need_sem is not None:
            sem = self.semantic_block(start, stop)
            sim *= s.lexical_share
            sim += (1.0 - s.lexical_share) * sem
        scores = s.text_weight * sim
        nc = self.need_county[start:stop]
        same = (nc[:, None] == self.expert_county[None, :]) & (nc[:, None] >= 0)
        # the shared county adds to a text affinity, it never makes a pair out of nothing
        scores += s.county_bonus * (same & (sim > 0))
        for i, j in self.intent_pairs_in(start, stop):
            scores[i - start, j] += s.intent_bonus
        np.minimum(scores, 100.0, out=scores)
        return np.round(scores, 1)

    def semantic_block(self, start: int, stop: int):
        """Semantic affinity 0–1 (float64) of needs[start:stop] against every expert: the cosine of their
        sentence vectors mapped linearly from [floor, floor + span] onto [0, 1]."""
        import numpy as np

        s = self.settings
        cos = self.need_sem[start:stop] @ self.expert_sem.T  # float32, as the vectors
        cos -= np.float32(s.semantic_floor)
        cos *= np.float32(1.0 / s.semantic_span)
        np.clip(cos, 0.0, 1.0, out=cos)
        if self.align is None or s.word_share <= 0:
            return cos
        words = self.align.block(start, stop)
        words *= 1.0 / s.word_span
        np.clip(words, 0.0, 1.0, out=words)
        cos *= np.float32(1.0 - s.word_share)
        cos += np.float32(s.word_share) * words.astype(np.float32)
        return cos

    def is_blank(self, side: str, k: int) -> bool:
        """The need (side "need") or expert has no word and no phrase to compare."""
        docs, sem = (self.need_docs, self.need_sem) if side == "need" else (self.expert_docs, self.expert_sem)
        if docs[k].weights:
            return False
        return sem is None or not bool(sem[k].any())

    def concepts(self, i: int, j: int, limit: int = 3) -> list[tuple[str, str, float]]:
        """(need word, expert word, cosine) pairs of different words that drove the semantic score."""
        import numpy as np

        if self.word_vectors is None:
            return []
        a_words = [w for w in dict.fromkeys(self.need_docs[i].surface.values()) if w in self.word_index]
        b_words = [w for w in dict.fromkeys(self.expert_docs[j].surface.values()) if w in self.word_index]
        shared = set(a_words) & set(b_words)
        a_words = [w for w in a_words if w not in shared]
        b_words = [w for w in b_words if w not in shared]
        if not a_words or not b_words:
            return []
        wv = self.word_vectors
        sims = wv[[self.word_index[w] for w in a_words]] @ wv[[self.word_index[w] for w in b_words]].T
        nb = len(b_words)
        flat = sims.ravel()
        above = np.flatnonzero(flat >= CONCEPT_FLOOR)
        found: list[tuple[str, str, float]] = []
        used_a: set[int] = set()
        used_b: set[int] = set()
        for k in above[np.lexsort((above, -flat[above]))]:
            x, y = divmod(int(k), nb)
            a, b = a_words[x], b_words[y]
            # 材料 ≈ 降解材料 is a shared keyword in other words, not a concept pair
            if x in used_a or y in used_b or a in b or b in a:
                continue
            used_a.add(x)
            used_b.add(y)
            found.append((a, b, float(flat[k])))
            if len(found) >= limit:
                break
        return found

    def intent_pairs_in(self, start: int, stop: int) -> list[tuple[int, int]]:
        if not hasattr(self, "_intent_sorted"):
            self._intent_sorted = sorted(self.intent)
        import bisect

        lo = bisect.bisect_left(self._intent_sorted, (start, -1))
        hi = bisect.bisect_left(self._intent_sorted, (stop, -1))
        return self._intent_sorted[lo:hi]

    def pair_score(self, i: int, j: int) -> float:
        return float(self.block_scores(i, i + 1)[0, j])

    def explain(self, i: int, j: int, counties: tuple[str, str] | None = None, limit: int = 6) -> str:
        """匹配依据 in words: the shared terms (with the expert's synonym when it differs), then bonuses.
        Cached by its arguments: a pair is explained in 配对结果 and again in 候选名单."""
        memo = self.__dict__.setdefault("_explained", {})
        key = (i, j, counties, limit)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = self._explain(i, j, counties, limit)
        return hit

    def _explain(self, i: int, j: int, counties: tuple[str, str] | None, limit: int) -> str:
        nd, ed = self.need_docs[i], self.expert_docs[j]
        shared = [t for t in nd.weights if t in ed.weights]
        nv, ev = self._tfidf(nd), self._tfidf(ed)
        shared.sort(key=lambda t: (-nv[t] * ev[t], t))
        parts = []
        words = []
        for t in shared[:limit]:
            a, b = nd.surface[t], ed.surface[t]
            words.append(a if a == b else f"{a}（同义：{b}）")
        concepts = self.concepts(i, j)
        if concepts:
            parts.append("语义相近：" + "、".join(f"{a}≈{b}" for a, b, _ in concepts))
        if words:
            parts.append("共同关键词：" + "、".join(words))
        elif not concepts:
            parts.append("无共同关键词")
        if (i, j) in self.intent:
            parts.append("专家意向企业")
        if counties and counties[0]:
            parts.append(f"同属{counties[0]}")
        return "；".join(parts)


def build_model(
    needs: Sequence[Record], experts: Sequence[Record], settings: MatchSettings, an: Analyzer | None = None
) -> ScoreModel:
    import numpy as np
    from scipy import sparse  # type: ignore[import-untyped]

    an = an or analyzer()
    need_docs = [make_doc(an, r, NEED_FIELDS) for r in needs]
    expert_docs = [make_doc(an, r, EXPERT_FIELDS) for r in experts]
    df: Counter[str] = Counter()
    for d in need_docs:
        df.update(d.weights.keys())
    for d in expert_docs:
        df.update(d.weights.keys())
    total = len(need_docs) + len(expert_docs)
    idf = {t: math.log((total + 1) / (c + 1)) + 1.0 for t, c in df.items()}
    need_terms = set().union(*(d.weights for d in need_docs)) if need_docs else set()
    expert_terms = set().union(*(d.weights for d in expert_docs)) if expert_docs else set()
    vocab = {t: k for k, t in enumerate(sorted(need_terms & expert_terms))}

    def matrix(docs: list[Doc]):
        rows, cols, vals = [], [], []
        for r, d in enumerate(docs):
            vec = {t: (1.0 + math.log(w) if w >= 1 else w) * idf[t] for t, w in d.weights.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            for t, v in vec.items():
                k = vocab.get(t)
                if k is not None:
                    rows.append(r)
                    cols.append(k)
                    vals.append(v / norm)
        return sparse.csr_matrix(
            (vals, (rows, cols)), shape=(len(docs), max(len(vocab), 1)), dtype=np.float64
        )

    need_matrix = matrix(need_docs)
    expert_matrix_t = matrix(expert_docs).T.tocsc()

    county_ids: dict[str, int] = {}
    need_county = np.full(len(needs), -1, dtype=np.int64)
    for i, r in enumerate(needs):
        c = str(r.get("县（市、区）") or "").strip()
        if c:
            need_county[i] = county_ids.setdefault(c, len(county_ids))
    expert_county = np.full(len(experts), -2, dtype=np.int64)
    stems = sorted(((county_stem(c), k) for c, k in county_ids.items()), key=lambda x: (-len(x[0]), x[0]))
    for j, r in enumerate(experts):
        c = str(
            r.get("县（市、区）") or r.extra.get("县（市、区）") or r.extra.get("所在县（市、区）") or ""
        ).strip()
        if c and c in county_ids:
            expert_county[j] = county_ids[c]
            continue
        unit = str(r.get("工作单位") or "")
        for stem, k in stems:
            if stem and stem in unit:
                expert_county[j] = k
                break

    intent: set[tuple[int, int]] = set()
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(needs):
        by_name[norm_name(r.get("企业名称"))].append(i)
    for j, r in enumerate(experts):
        wanted = r.get("意向企业") or []
        if isinstance(wanted, str):
            wanted = [w for w in _LIST_SPLIT.split(wanted) if w.strip()]
        for name in wanted:
            key = norm_name(name)
            hits = by_name.get(key)
            if hits is None:
                hits = [i for n, idx in by_name.items() if identity.names_match(n, key) for i in idx]
            for i in hits:
                intent.add((i, j))
    model = ScoreModel(
        need_docs,
        expert_docs,
        idf,
        need_matrix,
        expert_matrix_t,
        need_county,
        expert_county,
        intent,
        settings,
    )
    if settings.semantic:
        _add_semantic(model, needs, experts)
    return model


def _add_semantic(model: ScoreModel, needs: Sequence[Record], experts: Sequence[Record]) -> None:
    """Sentence vectors of every need and expert and word vectors of their words (decide/semantic.py)."""
    import numpy as np

    from fuzong_cli.decide import semantic

    enc = semantic.encoder()
    if enc is None:
        return
    model.need_sem = semantic.vectors(enc, [semantic.field_texts(*_profile(r, NEED_FIELDS)) for r in needs])
    model.expert_sem = semantic.vectors(
        enc, [semantic.field_texts(*_profile(r, EXPERT_FIELDS)) for r in experts]
    )
    words = sorted({w for d in (*model.need_docs, *model.expert_docs) for w in d.surface.values()})
    model.word_index = {w: k for k, w in enumerate(words)}
    model.word_vectors = enc.encode(words) if words else np.zeros((0, semantic.DIM), dtype=np.float32)
    if words and model.settings.word_share > 0:
        model.align = WordAlignment(model)


class WordAlignment:
    """Soft word alignment (issue 9, round two): each word of a need is matched with the closest word of the
    expert (word-vector cosine, ``word_floor`` → 0, 1 → 1; a word is its own closest), and the need's side is
    the average of these closeness values weighted by the words' TF-IDF; the expert's side the same the other
    way round; the alignment is the mean of both sides. So 关不严 finds 密封 even when both texts also name
    other things, and a near miss that repeats the product name but none of the problem words aligns only
    on that one word.

    Kept sparse for large runs: each word keeps its ``word_neighbours`` closest words of the other side, and
    ``best_e[a, j]`` (the closeness of need word a to expert j's closest word) is stored only where not 0.
    """

    def __init__(self, model: ScoreModel) -> None:
        import numpy as np
        from scipy import sparse  # type: ignore[import-untyped]

        s = model.settings
        self.n, self.m = len(model.need_docs), len(model.expert_docs)
        wv, index = model.word_vectors, model.word_index

        def bags(docs: list[Doc]):
            vocab: dict[str, int] = {}
            rows, cols, vals = [], [], []
            for r, d in enumerate(docs):
                weights: dict[int, float] = {}
                for t, w in d.weights.items():
                    word = d.surface.get(t)
                    if word not in index:
                        continue
                    k = vocab.setdefault(word, len(vocab))
                    weights[k] = weights.get(k, 0.0) + (1.0 + math.log(w) if w >= 1 else w) * model.idf[t]
                total = sum(weights.values())
                for k, v in sorted(weights.items()):
                    rows.append(r)
                    cols.append(k)
                    vals.append(v / total)
            words = sorted(vocab, key=vocab.__getitem__)
            weight = sparse.csr_matrix(
                (vals, (rows, cols)), shape=(len(docs), max(len(words), 1)), dtype=np.float64
            )
            return words, weight

        a_words, self.need_w = bags(model.need_docs)  # n × A, rows sum to 1
        b_words, self.expert_w = bags(model.expert_docs)  # m × B
        a_vec = wv[[index[w] for w in a_words]] if a_words else np.zeros((0, wv.shape[1]), np.float32)
        b_vec = wv[[index[w] for w in b_words]] if b_words else np.zeros((0, wv.shape[1]), np.float32)
        k = max(1, s.word_neighbours)
        floor = float(s.word_floor)
        # closeness of every need word to every expert word, in blocks of need words (A × B can be large)
        ar, bc, cv = [], [], []  # top-k of each need word among expert words
        b_lists_r, b_lists_c, b_lists_v = [], [], []  # top-k of each expert word among need words
        step = max(1, 2_000_000 // max(len(b_words), 1))
        b_index = {w: q for q, w in enumerate(b_words)}
        for lo in range(0, len(a_words), step):
            hi = min(len(a_words), lo + step)
            sim = (a_vec[lo:hi] @ b_vec.T).astype(np.float64)
            sim -= floor
            sim *= 1.0 / (1.0 - floor)
            np.clip(sim, 0.0, 1.0, out=sim)
            for q in range(lo, hi):  # the same word on both sides is the same word
                same = b_index.get(a_words[q])
                if same is not None:
                    sim[q - lo, same] = 1.0
            kk = min(k, sim.shape[1])
            if kk:
                part = (
                    np.argpartition(-sim, kk - 1, axis=1)[:, :kk]
                    if kk < sim.shape[1]
                    else np.tile(np.arange(sim.shape[1]), (hi - lo, 1))
                )
                vals = np.take_along_axis(sim, part, axis=1)
                ok = vals > 0
                ar.append(np.nonzero(ok)[0] + lo)
                bc.append(part[ok])
                cv.append(vals[ok])
                # per expert word: its k closest need words in this block, merged later
                kb = min(k, hi - lo)
                bpart = (
                    np.argpartition(-sim, kb - 1, axis=0)[:kb]
                    if kb < hi - lo
                    else np.tile(np.arange(hi - lo)[:, None], (1, sim.shape[1]))
                )
                bvals = np.take_along_axis(sim, bpart, axis=0)
                ok = bvals > 0
                b_lists_r.append(np.nonzero(ok)[1])
                b_lists_c.append(bpart[ok] + lo)
                b_lists_v.append(bvals[ok])
        cat = lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dtype=dt)  # noqa: E731
        a_r, b_c, a_v = cat(ar, np.int64), cat(bc, np.int64), cat(cv, np.float64)
        e_b, e_a, e_v = cat(b_lists_r, np.int64), cat(b_lists_c, np.int64), cat(b_lists_v, np.float64)
        if len(e_b):  # keep each expert word's k best over all blocks
            order = np.lexsort((e_a, -e_v, e_b))
            e_b, e_a, e_v = e_b[order], e_a[order], e_v[order]
            starts = np.r_[0, np.flatnonzero(e_b[1:] != e_b[:-1]) + 1]
            rank = np.arange(len(e_b)) - np.repeat(starts, np.diff(np.r_[starts, len(e_b)]))
            keep = rank < k
            e_b, e_a, e_v = e_b[keep], e_a[keep], e_v[keep]
        # best_e[a, j] = max over expert j's words b of closeness(a, b); best_n[b, i] likewise
        self.best_e = self._best(a_r, b_c, a_v, self.expert_w, len(a_words))  # A × m
        self.best_n = self._best(e_b, e_a, e_v, self.need_w, len(b_words))  # B × n
        self.best_n_t = self.best_n.T.tocsr()  # n × B
        self.expert_w_t = self.expert_w.T.tocsc()  # B × m

    @staticmethod
    def _best(word, other, value, owner_w, n_words):
        """Sparse (n_words × owners): for each word, the best closeness to any word of each owner (doc)."""
        import numpy as np
        from scipy import sparse  # type: ignore[import-untyped]

        inc = owner_w.T.tocsr()  # other-side words × owners (nonzero: the owner has the word)
        n_owners = owner_w.shape[0]
        if len(word) == 0:
            return sparse.csr_matrix((n_words, n_owners), dtype=np.float64)
        counts = np.diff(inc.indptr)[other]
        rows = np.repeat(word, counts)
        vals = np.repeat(value, counts)
        starts = inc.indptr[other]
        offs = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        owners = inc.indices[np.repeat(starts, counts) + offs]
        key = rows * n_owners + owners
        order = np.lexsort((-vals, key))
        key, vals = key[order], vals[order]
        first = np.r_[True, key[1:] != key[:-1]]
        key, vals = key[first], vals[first]
        return sparse.csr_matrix(
            (vals, (key // n_owners, key % n_owners)), shape=(n_words, n_owners), dtype=np.float64
        )

    def block(self, start: int, stop: int):
        """Alignment 0–1 (float64) of needs[start:stop] against every expert."""
        need_side = (self.need_w[start:stop] @ self.best_e).toarray()
        expert_side = (self.best_n_t[start:stop] @ self.expert_w_t).toarray()
        need_side += expert_side
        need_side *= 0.5
        return need_side


def _profile(record: Record, fields: Sequence[tuple[str, float]]) -> tuple[Any, list[tuple[str, float]]]:
    return profile_fields(record, fields)


# ----------------------------------------------------------------------------------------------- assignment


@dataclass
class Graph:
    """Candidate edges (need i, expert j, score) the solver may use, all with score ≥ min_score."""

    n: int
    m: int
    rows: Any
    cols: Any
    scores: Any  # float, one decimal
    dense: Any = None  # full n × m score matrix when small enough (else None)
    pruned: bool = False
    hist: Any = None  # how many need × expert pairs of the run have each score (index: score × 10)


def solve(
    graph: Graph,
    need_cap: Any,
    expert_cap: Any,
    need_group: Any = None,
    group_cap: Any = None,
) -> list[tuple[int, int]]:
    """Pairs (i, j) maximising the total score over the graph's edges under the capacities.

    ``need_group[i]`` is the county of need i (−1: none) and ``group_cap[g]`` how many of that county's needs
    may be paired (the county quota). Unit capacities without quotas: ``linear_sum_assignment`` on the score
    matrix (zeros where no edge), or on a large sparse graph ``min_weight_full_bipartite_matching`` with one
    private "stay unpaired" column per need. Unit capacities with quotas: the same matrix plus, for each
    county over quota, as many "unpaired" columns of huge weight as needs it must leave out. Other
    capacities: the LP of the flow network (its matrix is totally unimodular: two laminar families), solved
    by HiGHS with integrality, so the optimum is integral.
    """
    import numpy as np

    need_cap = np.asarray(need_cap, dtype=np.int64)
    expert_cap = np.asarray(expert_cap, dtype=np.int64)
    rows = np.asarray(graph.rows, dtype=np.int64)
    cols = np.asarray(graph.cols, dtype=np.int64)
    w = np.rint(np.asarray(graph.scores, dtype=np.float64) * 10).astype(np.int64)
    keep = (need_cap[rows] > 0) & (expert_cap[cols] > 0) & (w > 0) if len(rows) else np.zeros(0, dtype=bool)
    rows, cols, w = rows[keep], cols[keep], w[keep]
    if len(rows) == 0:
        return []
    groups_active = False
    if need_group is not None and group_cap is not None:
        need_group = np.asarray(need_group, dtype=np.int64)
        group_cap = np.asarray(group_cap, dtype=np.int64)
        active = np.unique(rows)
        for g in range(len(group_cap)):
            if int(np.sum(need_group[active] == g)) > group_cap[g]:
                groups_active = True
                break
    unit = bool(np.all(need_cap <= 1) and np.all(expert_cap <= 1))
    if unit and not groups_active:
        if graph.n * graph.m <= 30_000_000 and not graph.pruned:
            return _solve_dense(graph.n, graph.m, rows, cols, w)
        return _solve_sparse(graph.n, graph.m, rows, cols, w)
    if unit and graph.n * graph.m <= 30_000_000:
        return _solve_dense(graph.n, graph.m, rows, cols, w, need_group, group_cap)
    return _solve_lp(graph.n, graph.m, rows, cols, w, need_cap, expert_cap, need_group, group_cap)


def _solve_dense(n, m, rows, cols, w, need_group=None, group_cap=None) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    extra_cols: list[int] = []  # group id of each "must stay unpaired" column
    if need_group is not None and group_cap is not None:
        active = np.unique(rows)
        for g in range(len(group_cap)):
            over = int(np.sum(need_group[active] == g)) - int(group_cap[g])
            extra_cols.extend([g] * max(0, over))
    matrix = np.zeros((n, m + len(extra_cols)), dtype=np.float64)
    matrix[rows, cols] = w
    if extra_cols:
        big = float(w.sum() + 1)
        active_mask = np.zeros(n, dtype=bool)
        active_mask[rows] = True
        for k, g in enumerate(extra_cols):
            matrix[:, m + k] = np.where((need_group == g) & active_mask, big, 0.0)
    r, c = linear_sum_assignment(matrix, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(r, c) if j < m and matrix[i, j] > 0)


def _solve_sparse(n, m, rows, cols, w) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching  # type: ignore[import-untyped]

    big = int(w.max()) + 1
    # cost of a real edge big − w (> 0), of the need's private "unpaired" column big: minimising the sum
    # over a full matching of the rows maximises the total real score.
    active = np.unique(rows)
    index = {int(i): k for k, i in enumerate(active)}
    rr = np.array([index[int(i)] for i in rows], dtype=np.int64)
    na = len(active)
    all_rows = np.concatenate([rr, np.arange(na)])
    all_cols = np.concatenate([cols, m + np.arange(na)])
    cost = np.concatenate([(big - w).astype(np.float64), np.full(na, float(big))])
    matrix = csr_matrix((cost, (all_rows, all_cols)), shape=(na, m + na))
    r, c = min_weight_full_bipartite_matching(matrix)
    return sorted((int(active[k]), int(j)) for k, j in zip(r, c) if 0 <= j < m)


def _solve_lp(n, m, rows, cols, w, need_cap, expert_cap, need_group, group_cap) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]
    from scipy.sparse import csr_matrix, vstack  # type: ignore[import-untyped]

    e = len(rows)
    idx = np.arange(e)
    blocks = [
        csr_matrix((np.ones(e), (rows, idx)), shape=(n, e)),
        csr_matrix((np.ones(e), (cols, idx)), shape=(m, e)),
    ]
    upper = [need_cap.astype(float), expert_cap.astype(float)]
    if need_group is not None and group_cap is not None:
        g = need_group[rows]
        ok = g >= 0
        blocks.append(csr_matrix((np.ones(int(ok.sum())), (g[ok], idx[ok])), shape=(len(group_cap), e)))
        upper.append(np.asarray(group_cap, dtype=float))
    a = vstack(blocks).tocsr()
    res = milp(
        c=-w.astype(float),
        constraints=LinearConstraint(a, -np.inf, np.concatenate(upper)),
        integrality=np.ones(e),
        bounds=Bounds(0, 1),
    )
    if res.x is None:
        raise FuzongError(f"配对求解失败：{res.message}")
    chosen = np.flatnonzero(res.x > 0.5)
    return sorted((int(rows[k]), int(cols[k])) for k in chosen)


# ----------------------------------------------------------------------------------------------- the whole run


@dataclass
class Pair:
    need: int
    expert: int
    method: str
    score: float
    basis: str
    confidence: str = ""  # 匹配把握: 高/中/低 with the score's place among all pairs of the run

    @property
    def locked(self) -> bool:
        """A pair the staff locked (锁定 = 是): written back with 锁定 = 是 for the next --locked round."""
        return self.method == LOCKED


@dataclass
class Candidate:
    need: int
    expert: int
    rank: int
    score: float
    basis: str
    note: str = ""
    confidence: str = ""


@dataclass
class Left:
    """An enterprise (kind 企业, index into needs) or expert (kind 专家) left without a pair, and why."""

    kind: str
    index: int
    reason: str


@dataclass
class MatchResult:
    needs: list[Record]
    experts: list[Record]
    pairs: list[Pair]
    candidates: list[Candidate]
    left: list[Left]
    infeasible: list[Left]  # the feasibility pass: enterprises without any eligible expert at all
    quota: QuotaTable | None = None
    solver: str = ""
    notes: list[str] = field(default_factory=list)
    #: (need, expert) pairs the staff forbade (排除 = 是), in the canonical order: written back to the workbook
    #: so the next round of the propose → edit → re-run loop keeps them
    excluded: list[tuple[int, int]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        scores = [p.score for p in self.pairs]
        return {
            "配对数": len(self.pairs),
            "意向直派": sum(p.method == DIRECT for p in self.pairs),
            "智能匹配": sum(p.method == SMART for p in self.pairs),
            "人工锁定": sum(p.method == LOCKED for p in self.pairs),
            "未配对企业": sum(x.kind == "企业" for x in self.left),
            "未配对专家": sum(x.kind == "专家" for x in self.left),
            "平均得分": round(sum(scores) / len(scores), 1) if scores else 0.0,
        }


def canonical_order(records: Sequence[Record], kind: str) -> list[int]:
    """Indices of ``records`` in the documented canonical order (see the module docstring)."""

    def text(r: Record, name: str) -> str:
        return norm_name(r.get(name) or "")

    fields = (
        ("县（市、区）", "企业名称", "统一社会信用代码", "需求名称")
        if kind == "needs"
        else ("姓名", "工作单位")
    )

    def key(k: int) -> tuple[Any, ...]:
        return (*(text(records[k], f) for f in fields), k)

    return sorted(range(len(records)), key=key)


def parse_intended(need: Record) -> list[tuple[str, str]]:
    """(name, unit) for each expert the need names in 意向专家 (``张三`` or ``张三（温州大学）``, or the name
    with 意向专家单位): the same reading as validate's cross-row check (``eligibility.named_experts``)."""
    from fuzong_cli.decide.eligibility import named_experts

    return named_experts(need)


def find_expert(
    name: str, unit: str, experts: Sequence[Record], by_name: dict[str, list[int]]
) -> tuple[list[int], str]:
    """Experts matching a name (and unit when given). Returns (indices, how it was read)."""
    hits = by_name.get(norm_name(name), [])
    if unit:
        nu = norm_name(unit)
        hits = [j for j in hits if identity.names_match(norm_name(experts[j].get("工作单位")), nu)]
    return hits, (f"{name}（{unit}）" if unit else name)


def _is_named(expert: Record, name: str, unit: str) -> bool:
    if norm_name(expert.get("姓名")) != norm_name(name):
        return False
    return not unit or identity.names_match(norm_name(expert.get("工作单位")), norm_name(unit))


ConflictFn = Callable[[Record, Record], list[str]]


def _no_conflicts(need: Record, expert: Record) -> list[str]:
    return []


def _conflict_candidates(needs: Sequence[Record], experts: Sequence[Record]) -> dict[int, set[int]]:
    """Experts that could conflict with each need: named among its 股东 by name or unit (a cheap pre-filter)."""
    by_name: dict[str, list[int]] = defaultdict(list)
    by_unit: dict[str, list[int]] = defaultdict(list)
    for j, e in enumerate(experts):
        by_name[norm_name(e.get("姓名"))].append(j)
        by_unit[norm_name(e.get("工作单位"))].append(j)
    out: dict[int, set[int]] = {}
    for i, r in enumerate(needs):
        holders = r.get("股东") or []
        if isinstance(holders, str):
            holders = [h for h in _LIST_SPLIT.split(holders) if h.strip()]
        found: set[int] = set()
        for h in holders:
            key = norm_name(h)
            found.update(by_name.get(key, []))
            for unit, idx in by_unit.items():
                if identity.names_match(unit, key):
                    found.update(idx)
        if found:
            out[i] = found
    return out


@dataclass(frozen=True)
class LockedPair:
    need: int
    expert: int
    where: str  # "配对结果 第N行" for messages


def run_matching(
    needs: Sequence[Record],
    experts: Sequence[Record],
    settings: MatchSettings,
    *,
    conflict_fn: ConflictFn | None = None,
    locked: Iterable[LockedPair] = (),
    excluded: Iterable[tuple[int, int]] = (),
    quota: QuotaTable | None = None,
    an: Analyzer | None = None,
    left_out_experts: Sequence[tuple[Record, str]] = (),
) -> MatchResult:
    """Pre-agreed pairs, locked pairs, the feasibility pass, the optimal assignment, candidates, leftovers.

    ``needs`` and ``experts`` are the rows taking part (eligible); ``locked``/``excluded`` index into them.
    ``left_out_experts``: (record, why) of the experts kept out by validation, to say why a need's 意向专家
    cannot be used.
    The result holds both lists in the canonical order, and its indices refer to those lists.
    ``locked``/``excluded`` come from an edited 配对结果 workbook. Raises FuzongError when a locked pair
    breaks a hard constraint.

    The stages, in order: scoring (``_prepare``: canonical order, the score model, capacities, conflicts),
    the fixed pairs (``_take_locked``, ``_take_intended``), the candidate graph (``_score_graph``,
    ``_feasibility``), solving (``_assign``), explanation (``_candidates``, ``_leftovers``, ``_rate``).
    """
    run, locked, excluded = _prepare(needs, experts, settings, conflict_fn, locked, excluded, quota, an)
    _take_locked(run, locked, excluded)
    intended_problem = _take_intended(run, left_out_experts)
    graph, topk = _score_graph(run.model, settings, *run.open_rows(), run.forbidden)
    infeasible = _feasibility(run, graph, topk, intended_problem)
    graph = _assign(run, graph, infeasible, meanwhile=lambda: _explain_candidates(run, topk))
    candidates = _candidates(run, topk)
    left = _leftovers(run, graph, topk, infeasible, intended_problem)
    _rate(run, candidates, graph.hist)
    solver = "稀疏候选图" if graph.pruned else "完整得分矩阵"
    notes = []
    if graph.pruned:
        notes.append(
            f"需求×专家数量较大，每家企业和每位专家只保留得分最高的 {settings.candidate_k} 个候选后求最优配对"
        )
    return MatchResult(
        run.needs, run.experts, run.pairs, candidates, left, infeasible, quota, solver, notes,
        sorted(set(excluded)),
    )  # fmt: skip


@dataclass
class _Run:
    """What the stages of one run share: the rows in the canonical order, the score model, the capacities
    and county places still free, the pairs forbidden, the pairs made so far."""

    needs: list[Record]
    experts: list[Record]
    settings: MatchSettings
    model: ScoreModel
    conflict_fn: ConflictFn
    quota: QuotaTable | None
    # capacities belong to the enterprise (one credit code, however many need rows it sent) and to the person
    # (one ID number, however many forms): rows are grouped, the solver works on the groups
    ent_of: Any
    person_of: Any
    ent_cap: Any  # left per enterprise
    person_cap: Any  # left per person
    county_of: list[str]
    groups: list[str]  # the counties, sorted
    need_group: Any  # county index of each need, −1 none
    group_left: dict[str, int] | None  # places left per county (None: no quota)
    blocked: Any  # need rows kept out of the solver (意向专家 to resolve)
    forbidden: set[tuple[int, int]]
    pairs: list[Pair] = field(default_factory=list)
    fixed_need: set[int] = field(default_factory=set)
    conflict_cache: dict[tuple[int, int], list[str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.needs)

    @property
    def m(self) -> int:
        return len(self.experts)

    def conflict(self, i: int, j: int) -> list[str]:
        key = (i, j)
        if key not in self.conflict_cache:
            self.conflict_cache[key] = list(self.conflict_fn(self.needs[i], self.experts[j]) or [])
        return self.conflict_cache[key]

    def counties_shared(self, i: int, j: int) -> tuple[str, str] | None:
        model = self.model
        if model.need_county[i] >= 0 and model.need_county[i] == model.expert_county[j]:
            return (self.county_of[i], self.county_of[i])
        return None

    def places(self, county: str) -> int:
        return self.quota.places_of().get(county, 0) if self.quota else 0

    def take(self, i: int, j: int, method: str) -> None:
        score = self.model.pair_score(i, j)
        basis = self.model.explain(i, j, self.counties_shared(i, j))
        if method == DIRECT:
            basis = f"企业意向专家；{basis}"
        elif method == LOCKED:
            basis = f"工作人员锁定；{basis}"
        self.pairs.append(Pair(i, j, method, score, basis))
        self.ent_cap[self.ent_of[i]] -= 1
        self.person_cap[self.person_of[j]] -= 1
        self.fixed_need.add(i)
        c = self.county_of[i]
        if self.group_left is not None and c in self.group_left:
            self.group_left[c] -= 1

    def open_rows(self) -> tuple[Any, Any]:
        """(need rows, expert rows) the solver may still pair: capacity left, not blocked."""
        import numpy as np

        need_open = (self.ent_cap[self.ent_of] > 0) & ~self.blocked if self.n else np.zeros(0, dtype=bool)
        expert_open = self.person_cap[self.person_of] > 0 if self.m else np.zeros(0, dtype=bool)
        return need_open, expert_open


def _prepare(
    needs: Sequence[Record],
    experts: Sequence[Record],
    s: MatchSettings,
    conflict_fn: ConflictFn | None,
    locked: Iterable[LockedPair],
    excluded: Iterable[tuple[int, int]],
    quota: QuotaTable | None,
    an: Analyzer | None,
) -> tuple[_Run, list[LockedPair], list[tuple[int, int]]]:
    """Scoring: the rows in the canonical order, their score model, capacities, counties, conflicts."""
    import numpy as np

    # the documented canonical order (module docstring): results never depend on the row order of the files
    n_order, e_order = canonical_order(needs, "needs"), canonical_order(experts, "experts")
    n_pos = {old: new for new, old in enumerate(n_order)}
    e_pos = {old: new for new, old in enumerate(e_order)}
    needs = [needs[k] for k in n_order]
    experts = [experts[k] for k in e_order]
    locked = [LockedPair(n_pos[lp.need], e_pos[lp.expert], lp.where) for lp in locked]
    excluded = [(n_pos[i], e_pos[j]) for i, j in excluded]
    n, m = len(needs), len(experts)
    model = build_model(needs, experts, s, an)
    ent_of = _group_ids([enterprise_key(r) for r in needs])
    person_of = _group_ids([person_key(r) for r in experts])
    ent_cap = np.full(int(ent_of.max()) + 1 if n else 0, s.enterprise_capacity, dtype=np.int64)
    person_cap = np.full(int(person_of.max()) + 1 if m else 0, s.expert_capacity, dtype=np.int64)
    county_of = [str(r.get("县（市、区）") or "").strip() for r in needs]
    groups = sorted({c for c in county_of if c})
    group_index = {c: g for g, c in enumerate(groups)}
    need_group = np.array([group_index.get(c, -1) for c in county_of], dtype=np.int64)
    group_left: dict[str, int] | None = None
    if quota is not None:
        places = quota.places_of()
        group_left = {c: places.get(c, 0) for c in groups}
    run = _Run(
        needs, experts, s, model, conflict_fn or _no_conflicts, quota, ent_of, person_of, ent_cap, person_cap,
        county_of, groups, need_group, group_left, np.zeros(n, dtype=bool), set(excluded),
    )  # fmt: skip
    for i, js in _conflict_candidates(needs, experts).items():
        for j in js:
            if run.conflict(i, j):
                run.forbidden.add((i, j))
    return run, locked, excluded


def _take_locked(run: _Run, locked: list[LockedPair], excluded: list[tuple[int, int]]) -> None:
    """(0) pairs the staff locked: hard constraints are checked, never silently dropped."""
    s, needs, experts = run.settings, run.needs, run.experts
    seen_locked: set[tuple[int, int]] = set()
    for lp in locked:
        if (lp.need, lp.expert) in seen_locked:
            continue
        seen_locked.add((lp.need, lp.expert))
        who = f"{needs[lp.need].get('企业名称')} — {experts[lp.expert].get('姓名')}（{lp.where}）"
        reasons = run.conflict(lp.need, lp.expert)
        if reasons:
            raise FuzongError(f"锁定的配对 {who} 存在利益冲突：{'；'.join(reasons)}。请取消锁定或改为排除。")
        if (lp.need, lp.expert) in set(excluded):
            raise FuzongError(f"配对 {who} 同时标了锁定和排除，请只保留一个。")
        if run.person_cap[run.person_of[lp.expert]] <= 0:
            raise FuzongError(
                f"锁定的配对 {who} 超出专家可服务企业数（政策上限 {s.expert_capacity} 家）。请取消其中一个锁定。"
            )
        if run.ent_cap[run.ent_of[lp.need]] <= 0:
            raise FuzongError(
                f"锁定的配对 {who} 超出每家企业可配专家数（政策上限 {s.enterprise_capacity} 人）。请取消其中一个锁定。"
            )
        c = run.county_of[lp.need]
        if run.group_left is not None and c in run.group_left and run.group_left[c] <= 0:
            raise FuzongError(f"锁定的配对 {who} 超出{c}的名额（{run.places(c)} 个）。")
        run.take(lp.need, lp.expert, LOCKED)


def _mutual(run: _Run, i: int, wanted: list[tuple[str, str]], by_name: dict[str, list[int]]) -> bool:
    """The expert the need names also names the enterprise in 意向企业 (已有合作基础, 新乡计划 四(三)1)."""
    return any(
        (i, j) in run.model.intent
        for name, unit in wanted
        for j in find_expert(name, unit, run.experts, by_name)[0]
    )


def _named_fit(run: _Run, i: int, wanted: list[tuple[str, str]], by_name: dict[str, list[int]]) -> float:
    """The best score of the experts need i names unambiguously (0 when none can be found)."""
    found = [find_expert(name, unit, run.experts, by_name)[0] for name, unit in wanted]
    return max((run.model.pair_score(i, hits[0]) for hits in found if len(hits) == 1), default=0.0)


def _take_intended(run: _Run, left_out_experts: Sequence[tuple[Record, str]]) -> dict[int, str]:
    """(1) pre-agreed pairs (湖北方案 四(二): 企业有意向人选并已与其协商一致的，直接安排). Returns, for each need
    whose 意向专家 cannot be used, why (the need is then blocked: never a silent guess)."""
    s, needs, experts = run.settings, run.needs, run.experts
    ent_cap, ent_of, person_cap, person_of = run.ent_cap, run.ent_of, run.person_cap, run.person_of
    by_name: dict[str, list[int]] = defaultdict(list)
    for j, e in enumerate(experts):
        by_name[norm_name(e.get("姓名"))].append(j)
    intended_problem: dict[int, str] = {}
    wanted_of = {i: parse_intended(needs[i]) for i in range(run.n)}
    # who gets an expert two enterprises name: mutual intents first, then the better fit, then the canonical
    # order (never the row order of the files)
    order = sorted(
        (i for i in range(run.n) if wanted_of[i]),
        key=lambda i: (
            not _mutual(run, i, wanted_of[i], by_name),
            -_named_fit(run, i, wanted_of[i], by_name),
            i,
        ),
    )
    for i in order:
        wanted = wanted_of[i]
        if not wanted or ent_cap[ent_of[i]] <= 0:
            continue
        problems = []
        for name, unit in wanted:
            if ent_cap[ent_of[i]] <= 0:
                break
            hits, shown = find_expert(name, unit, experts, by_name)
            if not hits:
                out = [why for e, why in left_out_experts if _is_named(e, name, unit)]
                if out:
                    problems.append(f"意向专家“{shown}”未参加配对：{out[0]}")
                else:
                    problems.append(
                        f"意向专家“{shown}”不在专家名单中（未填报专家意向表，或姓名、单位与意向表不一致）"
                    )
                continue
            if len(hits) > 1:
                units = "、".join(str(experts[j].get("工作单位") or "单位未填") for j in hits)
                problems.append(
                    f"意向专家“{shown}”对应 {len(hits)} 位专家（{units}），请在意向专家单位中写明单位后重新运行"
                )
                continue
            j = hits[0]
            if (i, j) in run.forbidden:
                why = "；".join(run.conflict(i, j)) or "已被工作人员排除"
                problems.append(f"意向专家“{shown}”不能派驻本企业：{why}")
                continue
            if person_cap[person_of[j]] <= 0:
                others = "、".join(
                    str(needs[p.need].get("企业名称"))
                    for p in run.pairs
                    if person_of[p.expert] == person_of[j]
                )
                problems.append(f"意向专家“{shown}”已派驻{others}（每位专家限 {s.expert_capacity} 家）")
                continue
            c = run.county_of[i]
            if run.group_left is not None and c in run.group_left and run.group_left[c] <= 0:
                problems.append(f"{c}名额已用完")
                continue
            run.take(i, j, DIRECT)
        if problems and i not in run.fixed_need:
            intended_problem[i] = "；".join(problems)
            run.blocked[i] = True  # never a silent guess: staff resolve the name first
    return intended_problem


def _feasibility(run: _Run, graph: Graph, topk, intended_problem: dict[int, str]) -> list[Left]:
    """(2) the feasibility pass over the candidate graph: enterprises that cannot get any expert, and why."""
    import numpy as np

    s = run.settings
    infeasible: list[Left] = []
    has_edge = np.zeros(run.n, dtype=bool)
    if len(graph.rows):
        has_edge[graph.rows] = True
    for i in range(run.n):
        if i in run.fixed_need or i in intended_problem:
            continue
        if run.ent_cap[run.ent_of[i]] <= 0:
            infeasible.append(
                Left("企业", i, _sibling_reason(i, run.ent_of, run.pairs, run.needs, s.enterprise_capacity))
            )
            continue
        c = run.county_of[i]
        if run.group_left is not None and c and run.group_left.get(c, 0) <= 0:
            infeasible.append(Left("企业", i, f"{c}名额已用完（{run.places(c)} 个）"))
            continue
        if not c and run.group_left is not None:
            infeasible.append(Left("企业", i, "未填县（市、区），无法计入名额分配"))
            continue
        if not has_edge[i]:
            infeasible.append(
                Left("企业", i, _why_no_edge(i, topk, run.model, s, run.forbidden, run.conflict, run.experts))
            )
    return infeasible


def _assign(
    run: _Run, graph: Graph, infeasible: list[Left], meanwhile: Callable[[], None] | None = None
) -> Graph:
    """(3) solving: the optimal assignment of what is left, re-solved while a chosen pair turns out to conflict;
    adds the 智能匹配 pairs to ``run.pairs``. Returns the graph as finally solved. ``meanwhile`` runs while the
    first solve does (scipy's linear_sum_assignment releases the GIL: on a 5,000 × 5,000 run the 匹配依据 of
    the candidates are written during its ~3 s instead of after it)."""
    import numpy as np

    n, m = run.n, run.m
    ent_of, person_of, need_group, group_left = run.ent_of, run.person_of, run.need_group, run.group_left
    group_cap = None
    ent_group = np.full(len(run.ent_cap), -1, dtype=np.int64)
    for i in range(n):
        if ent_group[ent_of[i]] < 0:
            ent_group[ent_of[i]] = need_group[i]
    if group_left is not None:
        group_cap = np.array([max(0, group_left.get(c, 0)) for c in run.groups], dtype=np.int64)
    row_ok = ~run.blocked.copy() if n else np.zeros(0, dtype=bool)
    for x in infeasible:
        row_ok[x.index] = False
    if group_left is not None:
        row_ok &= need_group >= 0
    solve_ent_cap = np.maximum(run.ent_cap, 0)
    solve_person_cap = np.maximum(run.person_cap, 0)
    chosen = _alongside(
        lambda: _solve_grouped(
            graph, row_ok, ent_of, person_of, solve_ent_cap, solve_person_cap, ent_group, group_cap
        ),
        meanwhile if graph.n * graph.m >= OVERLAP_CELLS else None,
    )
    # conflicts the pre-filter could not see: check every chosen pair, forbid and re-solve if needed
    for _ in range(5):
        bad = [(i, j) for i, j in chosen if run.conflict(i, j)]
        if not bad:
            break
        run.forbidden.update(bad)
        keep = np.array(
            [(i, j) not in run.forbidden for i, j in zip(graph.rows.tolist(), graph.cols.tolist())],
            dtype=bool,
        )
        if graph.dense is not None:
            for i, j in bad:
                graph.dense[i, j] = 0.0
        graph = Graph(
            graph.n, graph.m, graph.rows[keep], graph.cols[keep], graph.scores[keep], graph.dense,
            graph.pruned, graph.hist,
        )  # fmt: skip
        chosen = _solve_grouped(
            graph, row_ok, ent_of, person_of, solve_ent_cap, solve_person_cap, ent_group, group_cap
        )
    edge_key = graph.rows * max(m, 1) + graph.cols
    key_order = np.argsort(edge_key, kind="stable")
    sorted_keys = edge_key[key_order]
    for i, j in chosen:
        if graph.dense is not None:
            score = float(graph.dense[i, j])
        else:
            score = float(graph.scores[key_order[int(np.searchsorted(sorted_keys, i * max(m, 1) + j))]])
        basis = run.model.explain(i, j, run.counties_shared(i, j))
        run.pairs.append(Pair(i, j, SMART, score, basis))
    return graph


def _alongside(work: Callable[[], Any], meanwhile: Callable[[], None] | None) -> Any:
    """``work()`` in a worker thread while ``meanwhile()`` runs here; returns what ``work`` returned and raises
    what either raised. Without ``meanwhile`` (small runs), just ``work()``. What ``meanwhile`` raises (Ctrl-C,
    SIGTERM) goes up at once: the worker is a daemon thread and is not waited for."""
    if meanwhile is None:
        return work()
    import threading

    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name="fuzong-solver", daemon=True)
    worker.start()
    meanwhile()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


def _score_workers(cells: int, several_blocks: bool) -> int:
    """Threads that score blocks of a run: the cores this process may use (at most 4) on a large run of several
    blocks, else 1 (no thread)."""
    if cells < OVERLAP_CELLS or not several_blocks:
        return 1
    import os

    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _in_order(work: Callable[[Any], Any], items: Iterable[Any], workers: int) -> Iterable[Any]:
    """``work(item)`` for every item, yielded in the items' order; with ``workers`` > 1 computed by that many
    threads, at most ``workers + 1`` results ahead of the consumer (memory stays a few blocks)."""
    if workers <= 1:
        for item in items:
            yield work(item)
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fuzong-score") as pool:
        pending: deque[Any] = deque()
        try:
            for item in items:
                pending.append(pool.submit(work, item))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def _explain_candidates(run: _Run, topk) -> None:
    """Fill the 匹配依据 cache for every candidate (``ScoreModel.explain`` is a pure function of the pair), so
    that ``_candidates`` and the chosen pairs find them ready."""
    for i in range(run.n):
        for j, _ in topk[i]:
            run.model.explain(i, j, run.counties_shared(i, j))


def _candidates(run: _Run, topk) -> list[Candidate]:
    """Explanation: the top-k candidates of every enterprise (for offline 洽谈), with what became of each."""
    s, needs, person_of = run.settings, run.needs, run.person_of
    paired = {(p.need, p.expert) for p in run.pairs}
    serves: dict[int, list[str]] = defaultdict(list)  # person → the enterprises it was paired with
    for p in run.pairs:
        serves[int(person_of[p.expert])].append(str(needs[p.need].get("企业名称") or ""))
    candidates: list[Candidate] = []
    for i in range(run.n):
        for rank, (j, sc) in enumerate(topk[i], start=1):
            note = []
            if (i, j) in paired:
                note.append("已配对")
            elif serves.get(int(person_of[j])):
                note.append(f"已配给{'、'.join(serves[int(person_of[j])])}")
            if sc < s.min_score:
                note.append(f"低于最低分 {s.min_score:g}")
            reasons = run.conflict(i, j)
            if reasons:
                note.append("利益冲突：" + "；".join(reasons))
            elif (i, j) in run.forbidden:
                note.append("已排除")
            candidates.append(
                Candidate(i, j, rank, sc, run.model.explain(i, j, run.counties_shared(i, j)), "；".join(note))
            )
    return candidates


def _taken_why(run: _Run, i: int, sc: float, pair_of_need: dict[int, Pair], need_left: dict[int, str]) -> str:
    """Why an expert stayed unpaired although need i fits it best: what became of that need."""
    head = f"得分达标的企业（最高 {sc:g}：{run.needs[i].get('企业名称')}）"
    p = pair_of_need.get(i)
    if p is not None:
        how = {DIRECT: "已按意向直派", LOCKED: "已由工作人员锁定"}.get(p.method, "已按总分最优")
        return f"{head}{how}配给{run.experts[p.expert].get('姓名')}"
    why = need_left.get(i)
    return f"{head}未配对：{why}" if why else f"{head}已配给得分更高的专家"


def _leftovers(
    run: _Run, graph: Graph, topk, infeasible: list[Left], intended_problem: dict[int, str]
) -> list[Left]:
    """Explanation: every enterprise and expert left without a pair, and why."""
    import numpy as np

    s, needs, experts, pairs = run.settings, run.needs, run.experts, run.pairs
    n, m, ent_of, person_of = run.n, run.m, run.ent_of, run.person_of
    left: list[Left] = []
    paired_needs = {p.need for p in pairs}
    paired_ents = {int(ent_of[p.need]) for p in pairs}
    pair_of_person = {int(person_of[p.expert]): p for p in pairs}
    paired_experts = Counter(p.expert for p in pairs)
    infeasible_idx = {x.index: x.reason for x in infeasible}
    open_need = np.ones(n, dtype=bool)
    open_need[list(paired_needs)] = False
    sel = open_need[graph.rows] if len(graph.rows) else np.zeros(0, dtype=bool)
    best_edge = _best_per(graph.rows[sel], graph.cols[sel], graph.scores[sel])
    for i in range(n):
        if i in paired_needs:
            continue
        if i not in infeasible_idx and int(ent_of[i]) in paired_ents:
            left.append(Left("企业", i, _sibling_reason(i, ent_of, pairs, needs, s.enterprise_capacity)))
        elif i in intended_problem:
            left.append(Left("企业", i, intended_problem[i]))
        elif i in infeasible_idx:
            left.append(Left("企业", i, infeasible_idx[i]))
        else:
            sc, j = best_edge.get(i, (0.0, -1))
            who = f"（最高分 {sc:g}：{experts[j].get('姓名')}）" if j >= 0 else ""
            c = run.county_of[i]
            if run.group_left is not None and c:
                left.append(Left("企业", i, f"{c}名额有限，按总分最优留给了同县得分更高的企业{who}"))
            else:
                left.append(Left("企业", i, f"可配的候选专家都已配给其他企业，这样整体总分最高{who}"))
    open_expert = np.ones(m, dtype=bool)
    open_expert[list(paired_experts)] = False
    sel = open_expert[graph.cols] if len(graph.cols) else np.zeros(0, dtype=bool)
    expert_best = _best_per(graph.cols[sel], graph.rows[sel], graph.scores[sel])
    # the need an unpaired expert fits best when it is not in the solver's graph (taken by 意向直派 or a lock,
    # waiting for its 意向专家 to be resolved, out of quota): from the top-k lists, cheap
    shown_best: dict[int, tuple[float, int]] = {}
    for i in range(n):
        for j, sc in topk[i]:
            if sc >= s.min_score and sc > 0 and (i, j) not in run.forbidden:
                if j not in shown_best or (-sc, i) < (-shown_best[j][0], shown_best[j][1]):
                    shown_best[j] = (sc, i)
    pair_of_need = {p.need: p for p in pairs}
    need_left = {x.index: x.reason for x in left if x.kind == "企业"}
    for j in range(m):
        if paired_experts.get(j):
            continue
        twin = pair_of_person.get(int(person_of[j]))
        if twin is not None:
            where = experts[twin.expert].where
            left.append(
                Left("专家", j, f"与{where}是同一人，已按那一行配对（每位专家限 {s.expert_capacity} 家）")
            )
        elif j in expert_best:
            sc, i = expert_best[j]
            left.append(Left("专家", j, _taken_why(run, i, sc, pair_of_need, need_left)))
        elif j in shown_best:
            sc, i = shown_best[j]
            left.append(Left("专家", j, _taken_why(run, i, sc, pair_of_need, need_left)))
        elif run.model.is_blank("expert", j):
            left.append(
                Left("专家", j, "研究方向、代表性成果等都没有可比较的文字（空白或只有符号），无法匹配")
            )
        else:
            left.append(Left("专家", j, f"没有企业需求与其研究方向的匹配得分达到 {s.min_score:g} 分"))
    return left


def _rate(run: _Run, candidates: list[Candidate], hist: Any) -> None:
    """Explanation: pairs in the order of the workbook, and the 匹配把握 of every pair and candidate."""
    needs, county_of = run.needs, run.county_of
    run.pairs.sort(
        key=lambda p: (county_of[p.need], norm_name(needs[p.need].get("企业名称")), p.need, p.expert)
    )
    rate = Confidence(run.settings, hist)
    for p in run.pairs:
        p.confidence = rate.label(p.score)
        p.basis = f"{p.basis}；把握{rate.words(p.score)}"
    for cand in candidates:
        cand.confidence = rate.label(cand.score)


class Confidence:
    """匹配把握 (SPEC §5, issue 9): 高 from ``confidence_high``, 中 from ``confidence_mid``, else 低, with the
    share of all need × expert pairs of this run that score as high or higher (the score's percentile)."""

    def __init__(self, settings: MatchSettings, hist: Any) -> None:
        import numpy as np

        self.s = settings
        h = np.asarray(hist if hist is not None else np.zeros(1001), dtype=np.float64)
        self.total = float(h.sum())
        self.at_least = np.cumsum(h[::-1])[::-1]  # at_least[k]: pairs with score ≥ k / 10

    def level(self, score: float) -> str:
        if score >= self.s.confidence_high:
            return "高"
        return "中" if score >= self.s.confidence_mid else "低"

    def top_share(self, score: float) -> float | None:
        if self.total <= 0:
            return None
        k = min(1000, max(0, int(round(score * 10))))
        return float(self.at_least[k]) / self.total

    def label(self, score: float) -> str:
        share = self.top_share(score)
        if share is None:
            return self.level(score)
        return f"{self.level(score)}（前 {_percent(share)}）"

    def words(self, score: float) -> str:
        share = self.top_share(score)
        where = f"，得分位于本次全部企业×专家组合的前 {_percent(share)}" if share is not None else ""
        hint = {"高": "", "中": "，建议洽谈时确认", "低": "，请优先人工复核"}[self.level(score)]
        return f"{self.level(score)}{where}{hint}"


def _percent(share: float) -> str:
    pct = 100.0 * share
    if pct < 0.1:
        return "0.1%"
    return f"{pct:.1f}%" if pct < 10 else f"{pct:.0f}%"


def enterprise_key(need: Record) -> str:
    """One enterprise: its credit code, else its name (two need rows of one enterprise share its capacity)."""
    return identity.enterprise_key(need) or "name:"


def person_key(expert: Record) -> str:
    """One person: the ID number, else name and unit (the same person on two forms shares the capacity)."""
    return identity.person_key(expert)


def _group_ids(keys: Sequence[str]):
    import numpy as np

    ids: dict[str, int] = {}
    return np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)


def _sibling_reason(i: int, ent_of, pairs: Sequence[Pair], needs: Sequence[Record], cap: int) -> str:
    other = next((p for p in pairs if ent_of[p.need] == ent_of[i] and p.need != i), None)
    where = needs[other.need].where if other else "另一行"
    return f"同一企业（{where}）的另一条需求已配对，每家企业限 {cap} 位专家"


def _solve_grouped(graph: Graph, row_ok, ent_of, person_of, ent_cap, person_cap, ent_group, group_cap):
    """Solve on enterprises × persons: each (enterprise, person) keeps its best row pair (ties: lowest rows),
    so rows of one enterprise or one person share its capacity; returns row pairs."""
    import numpy as np

    if graph.dense is not None:
        ne, npn = len(ent_cap), len(person_cap)
        one_to_one = ne == graph.n == len(np.unique(ent_of)) and npn == graph.m == len(np.unique(person_of))
        unit = bool(np.all(ent_cap <= 1) and np.all(person_cap <= 1))
        if one_to_one and unit and group_cap is None:
            return _solve_matrix(graph.dense, row_ok & (ent_cap[ent_of] > 0), person_cap[person_of] > 0)
        r_idx, c_idx = np.nonzero(graph.dense > 0)
        graph = Graph(graph.n, graph.m, r_idx, c_idx, graph.dense[r_idx, c_idx], None, False)
    if len(graph.rows) == 0:
        return []
    keep = row_ok[graph.rows]
    rows, cols, scores = graph.rows[keep], graph.cols[keep], graph.scores[keep]
    if len(rows) == 0:
        return []
    ne, npn = len(ent_cap), len(person_cap)
    one_to_one = ne == graph.n == len(np.unique(ent_of)) and npn == graph.m == len(
        np.unique(person_of)
    )  # one row per enterprise and per person: nothing to collapse
    if one_to_one:
        direct = Graph(ne, npn, ent_of[rows], person_of[cols], scores, None, graph.pruned)
        ent_row = np.empty(ne, dtype=np.int64)
        ent_row[ent_of] = np.arange(graph.n)
        person_row = np.empty(npn, dtype=np.int64)
        person_row[person_of] = np.arange(graph.m)
        chosen = solve(direct, ent_cap, person_cap, ent_group if group_cap is not None else None, group_cap)
        return sorted((int(ent_row[a]), int(person_row[b])) for a, b in chosen)
    er, pc = ent_of[rows], person_of[cols]
    key = er * max(npn, 1) + pc
    order = np.lexsort((cols, rows, -scores, key))
    k = key[order]
    first = np.ones(len(k), dtype=bool)
    first[1:] = k[1:] != k[:-1]
    sel = order[first]
    collapsed = Graph(ne, npn, er[sel], pc[sel], scores[sel], None, graph.pruned)
    back = {(int(a), int(b)): (int(i), int(j)) for a, b, i, j in zip(er[sel], pc[sel], rows[sel], cols[sel])}
    chosen = solve(collapsed, ent_cap, person_cap, ent_group if group_cap is not None else None, group_cap)
    return sorted(back[(a, b)] for a, b in chosen)


def _solve_matrix(matrix, row_ok, col_ok) -> list[tuple[int, int]]:
    """linear_sum_assignment (maximise) on the full score matrix, rows and columns that may not be paired
    set to 0 in place; a 0 cell is no pair."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

    matrix[~np.asarray(row_ok, dtype=bool)] = 0.0
    matrix[:, ~np.asarray(col_ok, dtype=bool)] = 0.0
    r, c = linear_sum_assignment(matrix, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(r, c) if matrix[i, j] > 0)


def _best_per(owner, other, scores) -> dict[int, tuple[float, int]]:
    """For each ``owner`` index, its best (score, other) edge; ties to the lower ``other`` index."""
    import numpy as np

    if len(owner) == 0:
        return {}
    order = np.lexsort((other, -scores, owner))
    o = owner[order]
    first = np.ones(len(o), dtype=bool)
    first[1:] = o[1:] != o[:-1]
    sel = order[first]
    return {int(a): (float(sc), int(b)) for a, b, sc in zip(owner[sel], other[sel], scores[sel])}


def _why_no_edge(i, topk, model, s, forbidden, conflict, experts) -> str:
    best = [(j, sc) for j, sc in topk[i]]
    if model.is_blank("need", i):
        return "需求名称、需求描述、所需专业都没有可比较的文字（空白或只有符号），无法匹配，请补充需求描述"
    if not best:
        return f"没有任何专家的研究方向与本需求相符（得分均为 0，最低分 {s.min_score:g}）"
    above = [(j, sc) for j, sc in best if sc >= s.min_score]
    if above and all((i, j) in forbidden for j, _ in above):
        reasons = {r for j, _ in above for r in conflict(i, j)}
        why = "；".join(sorted(reasons)) or "已被工作人员排除"
        return f"得分达标的专家都不能派驻本企业：{why}"
    if above:
        return "得分达标的专家已全部派驻（意向直派或锁定）"
    j, sc = best[0]
    return f"没有得分达到 {s.min_score:g} 分的候选专家（最高 {sc:g} 分：{experts[j].get('姓名')}）"


def _score_graph(
    model: ScoreModel, s: MatchSettings, need_open, expert_open, forbidden: set[tuple[int, int]]
):
    """Score every need against every expert in blocks; keep edges ≥ min_score and each need's top-k list.

    Small runs keep every edge (exact). Large runs keep, for each need and for each expert, its
    ``candidate_k`` best edges (the sparse candidate graph): memory stays O((n + m)·k), never n × m.
    """
    import numpy as np

    n, m = len(model.need_docs), len(model.expert_docs)
    pruned = n * m > s.dense_limit
    # a large run solved on the full matrix: the matrix goes to the solver as it is (linear_sum_assignment), and
    # only each need's and each expert's best edges are kept as a list (for the reasons of 未匹配)
    dense: Any = np.zeros((n, m), dtype=np.float64) if not pruned and n * m >= s.dense_direct else None
    listed = pruned or dense is not None
    k_show = max(1, s.top_k)
    topk: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    rows_out, cols_out, sc_out = [], [], []
    hist = np.zeros(1001, dtype=np.int64)
    forbid_by_need: dict[int, list[int]] = defaultdict(list)
    for i, j in forbidden:
        forbid_by_need[i].append(j)
    # a full matrix solved as it is needs only a few listed edges per need and expert (the reasons of 未匹配
    # use each one's best); the sparse candidate graph keeps candidate_k of them
    kc = s.candidate_k if pruned else max(1, min(s.candidate_k, s.top_k))
    # per-expert best kc edges (pruned mode): running arrays
    exp_best_sc: Any = np.full((kc, m), -1.0) if listed else None
    exp_best_i: Any = np.full((kc, m), -1, dtype=np.int64) if listed else None
    expert_ok = np.asarray(expert_open, dtype=bool)
    need_ok = np.asarray(need_open, dtype=bool)
    block = max(1, min(n, s.block_cells // max(m, 1)))

    def score_block(start: int) -> dict[str, Any]:
        """Everything of one block of needs that does not depend on the other blocks (run in worker threads on
        a large run: its numpy and scipy work releases the GIL)."""
        stop = min(n, start + block)
        out: dict[str, Any] = {"start": start, "stop": stop}
        sc = model.block_scores(start, stop)
        for i in range(start, stop):
            row = sc[i - start]
            for j in forbid_by_need.get(i, ()):
                row[j] = -row[j] - 1.0 if row[j] >= 0 else row[j]
        # top-k display list: forbidden pairs are shown too (marked in the note), by their real score
        show = np.where(sc < 0, -sc - 1.0, sc)
        out["hist"] = np.bincount(np.rint(show * 10).astype(np.int64).ravel(), minlength=1001)[:1001]
        kk = min(k_show, m)
        if kk:
            part = (
                np.argpartition(-show, kk - 1, axis=1)[:, :kk]
                if kk < m
                else np.tile(np.arange(m), (stop - start, 1))
            )
            vals = np.take_along_axis(show, part, axis=1)
            order = np.lexsort((part, -vals), axis=-1)
            out["top"] = (
                np.take_along_axis(part, order, axis=1).tolist(),
                np.take_along_axis(vals, order, axis=1).tolist(),
            )
        del show
        valid = (sc >= s.min_score) & (sc > 0) & expert_ok[None, :]
        valid &= need_ok[start:stop, None]
        if dense is not None:
            dense[start:stop] = np.where(valid, sc, 0.0)  # rows of this block only
        if not pruned and dense is None:
            r_idx, c_idx = np.nonzero(valid)
            out["edges"] = (r_idx + start, c_idx, sc[r_idx, c_idx])
            return out
        masked = np.where(valid, sc, -1.0)
        del sc, valid
        # ties (scores are rounded to 0.1) are broken by a rotation, (j − i) mod m, so that needs with equal
        # scores keep different experts (and experts different needs) and the candidate graph stays rich
        jj = np.arange(m)[None, :]
        ii = np.arange(start, stop)[:, None]
        rank_key = masked - 0.05 * ((jj - ii) % m) / m
        kk = min(kc, m)
        part = np.argpartition(-rank_key, kk - 1, axis=1)[:, :kk]
        vals = np.take_along_axis(masked, part, axis=1)
        ok = vals >= 0
        out["edges"] = (np.nonzero(ok)[0] + start, part[ok], vals[ok])
        # per expert: this block's best, merged with the running best by the caller, in block order
        kb = min(kc, stop - start)
        rank_key = masked - 0.05 * ((ii - jj) % max(n, 1)) / max(n, 1)
        bpart = (
            np.argpartition(-rank_key, kb - 1, axis=0)[:kb]
            if kb < stop - start
            else np.tile(np.arange(stop - start)[:, None], (1, m))
        )
        out["experts"] = (np.take_along_axis(masked, bpart, axis=0), bpart + start)
        return out

    for res in _in_order(score_block, range(0, n, block), workers=_score_workers(n * m, n > block)):
        start, stop = res["start"], res["stop"]
        hist += res["hist"]
        if "top" in res:
            part, vals = res["top"]
            for r in range(stop - start):
                topk[start + r] = [(j, v) for j, v in zip(part[r], vals[r]) if v > 0]
        if "edges" in res:
            rows_out.append(res["edges"][0])
            cols_out.append(res["edges"][1])
            sc_out.append(res["edges"][2])
        if "experts" in res:
            bvals, bidx = res["experts"]
            all_sc = np.vstack([exp_best_sc, bvals])
            all_i = np.vstack([exp_best_i, bidx])
            sel = np.argpartition(-all_sc, kc - 1, axis=0)[:kc]
            exp_best_sc = np.take_along_axis(all_sc, sel, axis=0)
            exp_best_i = np.take_along_axis(all_i, sel, axis=0)
    if listed:
        ok = exp_best_sc >= 0
        rows_out.append(exp_best_i[ok])
        cols_out.append(np.nonzero(ok)[1])
        sc_out.append(exp_best_sc[ok])
    rows = np.concatenate(rows_out) if rows_out else np.zeros(0, dtype=np.int64)
    cols = np.concatenate(cols_out) if cols_out else np.zeros(0, dtype=np.int64)
    scs = np.concatenate(sc_out) if sc_out else np.zeros(0)
    if listed and len(rows):
        key = rows * m + cols
        _, first = np.unique(key, return_index=True)
        rows, cols, scs = rows[first], cols[first], scs[first]
    return Graph(n, m, rows.astype(np.int64), cols.astype(np.int64), scs, dense, pruned, hist), topk
