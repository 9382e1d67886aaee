"""Issue 9: the semantic score, no default threshold, 匹配把握, concept pairs, expert profile, bad input.

The sentence encoder is loaded once per test process (decide/semantic.encoder caches it)."""

import random
import re

import pytest
from test_matching import expert, need

from fuzong_cli.decide import semantic
from fuzong_cli.decide.matching import MatchSettings, build_model, run_matching
from fuzong_cli.records import Record

DEFAULT = MatchSettings()


def score(n, e, **kw):
    model = build_model([n], [e], MatchSettings(county_bonus=0, intent_bonus=0, **kw))
    return model.pair_score(0, 0)


def test_encoder_loads_from_the_wheel_once_with_half_the_cores():
    enc = semantic.encoder()
    assert enc is not None and semantic.failure() is None
    assert semantic.encoder() is enc  # one load per process
    import os

    assert enc._model.threads == max(1, len(os.sched_getaffinity(0)) // 2) >= 1
    v = enc.encode(["闸阀关不严", "闸阀关不严"])
    assert v.shape == (2, semantic.DIM) and abs(float(v[0] @ v[0]) - 1.0) < 1e-3


def test_symptom_ranks_its_cause_expert_above_a_near_miss_sharing_the_surface_word():
    # the near miss shares 奶粉 with the need but would not solve caking
    n = need("羊乳公司", title="羊奶粉放两三个月结块", desc="羊奶粉放两三个月就结块，冲不开，客户投诉")
    cause = expert("甲", field="喷雾干燥与玻璃化转变，乳粉吸湿结块机理", results="乳粉水分活度与储存稳定性")
    near = expert("乙", field="奶粉营销渠道与品牌推广", results="婴幼儿奶粉电商销售模式")
    assert score(n, cause) > score(n, near)


def test_semantic_part_scores_pairs_without_a_shared_word():
    n = need("电器厂", title="接触器通电以后嗡嗡响", desc="交流接触器通电后嗡嗡响，发热")
    e = expert("戊", field="分磁环与铁心颤振", results="电磁机构振动噪声抑制")
    assert score(n, e) > score(n, e, semantic=False)
    model = build_model([n], [e], DEFAULT)
    basis = model.explain(0, 0)
    assert re.search(r"语义相近：\S+≈\S+", basis), basis


def run_all(needs, experts, **kw):
    return run_matching(needs, experts, MatchSettings(**kw))


def test_no_default_threshold_every_need_paired_or_explained():
    needs = [
        need(f"企业{k}", title=t) for k, t in enumerate(["球阀内漏", "鞋底开胶", "近视防控", "杨梅腐烂"])
    ]
    experts = [expert(f"专家{k}", field=f) for k, f in enumerate(["机械密封", "胶粘剂", "视光学"])]
    res = run_all(needs, experts)
    assert MatchSettings().min_score == 0
    assert len(res.pairs) == 3  # every expert used, although some texts share no word
    left = [x for x in res.left if x.kind == "企业"]
    assert len(res.pairs) + len(left) == len(needs) and all(x.reason for x in left)
    assert all(re.fullmatch(r"[高中低]（前 [0-9.]+%）", p.confidence) for p in res.pairs)
    assert all("把握" in p.basis for p in res.pairs)
    # --min-score stays an explicit filter
    strict = run_all(needs, experts, min_score=99)
    assert strict.pairs == [] and all(x.reason for x in strict.left if x.kind == "企业")


def test_confidence_levels_follow_the_documented_thresholds():
    import numpy as np

    from fuzong_cli.decide.matching import Confidence

    hist = np.zeros(1001, dtype=np.int64)
    hist[[100, 400, 700]] = [98, 1, 1]  # 100 pairs: one at 70, one at 40, the rest at 10
    rate = Confidence(MatchSettings(confidence_high=55, confidence_mid=35), hist)
    assert rate.label(70) == "高（前 1.0%）"
    assert rate.label(40) == "中（前 2.0%）"
    assert rate.label(10) == "低（前 100%）"
    assert "人工复核" in rate.words(10)


def test_deterministic_and_independent_of_row_order():
    titles = ["球阀内漏", "鞋底开胶", "近视防控", "杨梅采后腐烂", "注塑件缩水", "羊奶粉结块"]
    fields = [
        "机械密封与泄漏",
        "胶粘剂与界面",
        "角膜塑形",
        "果蔬采后生理",
        "高分子成型",
        "喷雾干燥",
        "电机控制",
    ]
    needs = [need(f"企业{k}", title=t, county=["瑞安市", "乐清市"][k % 2]) for k, t in enumerate(titles)]
    experts = [expert(f"专家{k}", field=f) for k, f in enumerate(fields)]

    def pairs(res):
        return sorted(
            (res.needs[p.need].get("企业名称"), res.experts[p.expert].get("姓名"), p.score, p.confidence)
            for p in res.pairs
        )

    first = pairs(run_all(needs, experts))
    assert pairs(run_all(needs, experts)) == first
    rng = random.Random(3)
    for _ in range(3):
        a, b = needs[:], experts[:]
        rng.shuffle(a)
        rng.shuffle(b)
        assert pairs(run_all(a, b)) == first


def test_expert_profile_includes_patent_and_project_columns():
    n = need("陶瓷厂", title="大砖烧出来四角上翘", desc="大规格瓷砖烧成后翘曲变形")
    plain = expert("己", field="无机材料")
    rich = Record(
        "experts",
        dict(plain.values),
        {},
        "专家.xlsx",
        "Sheet1",
        3,
        extra={
            "授权专利": "一种大规格陶瓷板烧成防变形方法",
            "主持项目": "辊道窑温度场均匀性研究",
            "发明专利数": "3",
        },
    )
    assert score(n, rich) > score(n, plain)
    from fuzong_cli.decide.matching import EXPERT_FIELDS, profile_fields

    _, fields = profile_fields(rich, EXPERT_FIELDS)
    names = [f for f, _ in fields]
    assert "授权专利" in names and "主持项目" in names and "发明专利数" not in names


@pytest.mark.parametrize(
    "text",
    [
        "",
        "关不严" * 3400,
        "Gate valve leaks after six months, need sealing expert",
        "闸阀😡😡关不严🔧🔧",
        "🙂🙂🙂",
    ],
)
def test_bad_input_is_scored_without_crash(text):
    needs = [
        need("甲公司", title=text[:60], desc=text),
        need("乙公司", title="球阀内漏", desc="球阀高温内漏"),
    ]
    experts = [expert("专家A", field="机械密封与泄漏控制"), expert("专家B", field=text, results=text)]
    res = run_all(needs, experts)
    left = [x for x in res.left if x.kind == "企业"]
    assert len(res.pairs) + len(left) == 2 and all(x.reason for x in left)
    for p in res.pairs:
        assert 0 <= p.score <= 100 and p.confidence[0] in "高中低"
    if not any(ch.isalnum() for ch in text):  # nothing to compare: never paired on bonuses alone
        assert all(res.needs[p.need].get("企业名称") != "甲公司" for p in res.pairs)


def test_full_matrix_solver_equals_the_edge_list_solver():
    rng = random.Random(5)
    words = ["球阀内漏", "鞋底开胶", "近视防控", "杨梅腐烂", "注塑缩水", "电机抖动", "奶粉结块", "陶瓷变形"]
    needs = [need(f"企业{k}", title=rng.choice(words), county=["瑞安市", "乐清市"][k % 2]) for k in range(9)]
    experts = [expert(f"专家{k}", field=rng.choice(words)) for k in range(7)]
    listed = run_all(needs, experts, dense_direct=10**9)
    direct = run_all(needs, experts, dense_direct=1)
    assert sum(p.score for p in direct.pairs) == pytest.approx(sum(p.score for p in listed.pairs))
    assert len(direct.pairs) == len(listed.pairs) == 7


def test_blank_need_and_expert_are_explained_not_paired():
    needs = [need("空白公司", title="", desc="🙂🙂"), need("乙公司", title="球阀内漏", desc="球阀高温内漏")]
    experts = [expert("专家A", field="机械密封与泄漏控制"), expert("专家B", field="", results="——")]
    res = run_all(needs, experts)
    assert [(res.needs[p.need].get("企业名称"), res.experts[p.expert].get("姓名")) for p in res.pairs] == [
        ("乙公司", "专家A")
    ]
    why = {res.needs[x.index].get("企业名称") if x.kind == "企业" else res.experts[x.index].get("姓名"): x.reason
           for x in res.left}  # fmt: skip
    assert "没有可比较的文字" in why["空白公司"] and "补充需求描述" in why["空白公司"]
    assert "没有可比较的文字" in why["专家B"]


def _brute_alignment(model, floor):
    """Average over each side's words (TF-IDF weights) of the closeness to the other side's closest word."""
    import math

    import numpy as np

    def bag(d):
        ws = {}
        for t, w in d.weights.items():
            word = d.surface[t]
            ws[word] = ws.get(word, 0.0) + (1.0 + math.log(w) if w >= 1 else w) * model.idf[t]
        return ws

    def close(a, b):
        if a == b:
            return 1.0
        va, vb = model.word_vectors[model.word_index[a]], model.word_vectors[model.word_index[b]]
        return min(1.0, max(0.0, (float(va @ vb) - floor) / (1.0 - floor)))

    def side(x, y):
        return sum(w * max(close(a, b) for b in y) for a, w in x.items()) / sum(x.values())

    out = np.zeros((len(model.need_docs), len(model.expert_docs)))
    for i, nd in enumerate(model.need_docs):
        for j, ed in enumerate(model.expert_docs):
            x, y = bag(nd), bag(ed)
            if x and y:
                out[i, j] = 0.5 * (side(x, y) + side(y, x))
    return out


def test_word_alignment_equals_brute_force_and_is_its_own_best_match():
    import numpy as np

    needs = [
        need("阀门厂", title="闸阀用半年就关不严", desc="闸阀密封面磨损，漏水"),
        need("电器厂", title="接触器嗡嗡响", desc="交流接触器通电后嗡嗡响，发热"),
        need("乳业", title="羊奶粉结块", desc="羊奶粉放两三个月就结块"),
    ]
    experts = [
        expert("甲", field="密封副摩擦学与低温材料性能", results="阀门密封面磨损机理"),
        expert("乙", field="闸阀外观涂装", results="阀门表面喷涂工艺"),
        expert("丙", field="分磁环与铁心颤振", results="电磁机构振动噪声抑制"),
        expert("丁", field="喷雾干燥与玻璃化转变", results="乳粉吸湿结块机理"),
    ]
    s = MatchSettings(word_neighbours=1000)  # every word keeps every neighbour: the sparse form is exact
    model = build_model(needs, experts, s)
    got = model.align.block(0, len(needs))
    want = _brute_alignment(model, s.word_floor)
    assert np.allclose(got, want, atol=1e-6), (got, want)
    assert got.min() >= 0 and got.max() <= 1
    # a need compared with an expert made of its own words aligns fully
    twin = expert("戊", field="闸阀用半年就关不严", results="闸阀密封面磨损，漏水")
    m2 = build_model(needs[:1], [twin], s)
    assert m2.align.block(0, 1)[0, 0] == pytest.approx(1.0)
    # a few neighbours per word: never above the exact value, never negative
    few = build_model(needs, experts, MatchSettings(word_neighbours=2)).align.block(0, len(needs))
    assert np.all(few <= got + 1e-9) and np.all(few >= 0)


def test_word_alignment_is_part_of_the_semantic_score_and_can_be_switched_off():
    n = need("电器厂", title="接触器通电以后嗡嗡响", desc="交流接触器通电后嗡嗡响，发热")
    e = expert("戊", field="分磁环与铁心颤振", results="电磁机构振动噪声抑制")
    with_words = build_model([n], [e], MatchSettings(county_bonus=0, intent_bonus=0))
    without = build_model([n], [e], MatchSettings(county_bonus=0, intent_bonus=0, word_share=0))
    assert with_words.align is not None and without.align is None
    sentence = float(without.semantic_block(0, 1)[0, 0])
    words = min(1.0, float(with_words.align.block(0, 1)[0, 0]) / with_words.settings.word_span)
    assert float(with_words.semantic_block(0, 1)[0, 0]) == pytest.approx(
        0.5 * sentence + 0.5 * words, abs=1e-5
    )
