"""Scoring, pre-agreed pairs, and the optimal assignment (checked against brute force)."""

import itertools
import random
import zlib

import numpy as np
import pytest

from fuzong_cli.decide.matching import (
    DIRECT,
    LOCKED,
    SMART,
    Graph,
    LockedPair,
    MatchSettings,
    analyzer,
    parse_intended,
    run_matching,
    solve,
)
from fuzong_cli.decide.quota import allocate
from fuzong_cli.errors import FuzongError
from fuzong_cli.records import Record


def need(
    name, county="瑞安市", title="", desc="", major="", industry="", intended=None, unit=None, holders=None
):
    values = {
        "企业名称": name,
        "统一社会信用代码": f"91330381{zlib.crc32(name.encode()):010d}",
        "县（市、区）": county,
        "需求名称": title,
        "需求描述": desc,
        "所需专业": major,
        "所属行业": industry,
        "意向专家": intended,
        "意向专家单位": unit,
        "股东": holders,
    }
    return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)


def expert(name, unit="温州大学", field="", results="", wants=None):
    values = {
        "姓名": name,
        "工作单位": unit,
        "职称": "教授",
        "研究方向": field,
        "代表性成果": results,
        "意向企业": wants,
    }
    return Record("experts", values, {}, "专家.xlsx", "Sheet1", 3)


# ------------------------------------------------------------------ brute force


def brute(n, m, edges, need_cap, expert_cap, group=None, group_cap=None):
    """Best total over every feasible set of edges (small cases only)."""
    by_need = {i: [(j, w) for (ii, j), w in edges.items() if ii == i] for i in range(n)}
    best = 0

    def rec(i, used, per_group, total):
        nonlocal best
        if i == n:
            best = max(best, total)
            return
        options = by_need[i]
        for size in range(min(need_cap[i], len(options)) + 1):
            for combo in itertools.combinations(options, size):
                if any(used[j] >= expert_cap[j] for j, _ in combo):
                    continue
                g = group[i] if group is not None else -1
                if size and g >= 0 and group_cap is not None and per_group[g] + size > group_cap[g]:
                    continue
                for j, _ in combo:
                    used[j] += 1
                if size and g >= 0:
                    per_group[g] += size  # a place is one 科技副总: quotas count pairs
                rec(i + 1, used, per_group, total + sum(w for _, w in combo))
                for j, _ in combo:
                    used[j] -= 1
                if size and g >= 0:
                    per_group[g] -= size

    rec(0, [0] * m, [0] * 8, 0)
    return best


def random_case(rng, n, m, density=0.6):
    edges = {}
    for i in range(n):
        for j in range(m):
            if rng.random() < density:
                edges[(i, j)] = rng.choice([30.0, 35.5, 40.0, 55.0, 60.0, 72.5, 90.0])
    rows = np.array([k[0] for k in edges], dtype=np.int64)
    cols = np.array([k[1] for k in edges], dtype=np.int64)
    scores = np.array(list(edges.values()))
    return edges, Graph(n, m, rows, cols, scores)


def check(pairs, edges, need_cap, expert_cap, group=None, group_cap=None):
    assert len(set(pairs)) == len(pairs)
    for i, j in pairs:
        assert (i, j) in edges
    for i, c in enumerate(need_cap):
        assert sum(1 for p in pairs if p[0] == i) <= c
    for j, c in enumerate(expert_cap):
        assert sum(1 for p in pairs if p[1] == j) <= c
    if group is not None:
        for g, c in enumerate(group_cap):
            assert sum(1 for p in pairs if group[p[0]] == g) <= c
    return sum(edges[p] for p in pairs)


@pytest.mark.parametrize("seed", range(40))
def test_unit_capacities_equal_brute_force(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 5), rng.randint(1, 5)
    edges, graph = random_case(rng, n, m)
    pairs = solve(graph, [1] * n, [1] * m)
    assert check(pairs, edges, [1] * n, [1] * m) == pytest.approx(brute(n, m, edges, [1] * n, [1] * m))
    # the sparse path (large runs) finds the same optimum
    graph.pruned = True
    pairs2 = solve(graph, [1] * n, [1] * m)
    assert check(pairs2, edges, [1] * n, [1] * m) == pytest.approx(brute(n, m, edges, [1] * n, [1] * m))


@pytest.mark.parametrize("seed", range(30))
def test_quotas_and_capacities_equal_brute_force(seed):
    rng = random.Random(1000 + seed)
    n, m = rng.randint(1, 4), rng.randint(1, 4)
    edges, graph = random_case(rng, n, m)
    need_cap = [rng.choice([1, 1, 2]) for _ in range(n)]
    expert_cap = [rng.choice([1, 2]) for _ in range(m)]
    group = [rng.randint(0, 1) for _ in range(n)]
    group_cap = [rng.randint(0, 2), rng.randint(0, 2)]
    pairs = solve(graph, need_cap, expert_cap, group, group_cap)
    got = check(pairs, edges, need_cap, expert_cap, group, group_cap)
    assert got == pytest.approx(brute(n, m, edges, need_cap, expert_cap, group, group_cap))


@pytest.mark.parametrize("seed", range(20))
def test_unit_quota_dense_path_equals_brute_force(seed):
    rng = random.Random(5000 + seed)
    n, m = rng.randint(2, 6), rng.randint(1, 5)
    edges, graph = random_case(rng, n, m)
    group = [rng.randint(0, 2) for _ in range(n)]
    group_cap = [rng.randint(0, 2) for _ in range(3)]
    pairs = solve(graph, [1] * n, [1] * m, group, group_cap)
    got = check(pairs, edges, [1] * n, [1] * m, group, group_cap)
    assert got == pytest.approx(brute(n, m, edges, [1] * n, [1] * m, group, group_cap))


def test_solver_is_deterministic():
    rng = random.Random(7)
    _, graph = random_case(rng, 30, 30, density=0.3)
    assert solve(graph, [1] * 30, [1] * 30) == solve(graph, [1] * 30, [1] * 30)


# ------------------------------------------------------------------ text and scoring


def test_synonyms_map_to_one_term():
    an = analyzer()
    a = {c for c, _ in an.terms("球阀高温内漏")}
    b = {c for c, _ in an.terms("泵阀与机械密封")}
    assert a == b == {"泵阀", "密封"} or (a & b) == {"泵阀", "密封"}
    # a word jieba keeps whole falls back to the synonym inside it
    assert [c for c, _ in an.terms("糊盒机")] == ["包装机械"]


def test_scores_explain_shared_terms_and_bonuses():
    needs = [need("瑞安阀门有限公司", county="瑞安市", title="球阀内漏", industry="泵阀")]
    experts = [
        expert("张三", unit="瑞安市技术研究院", field="阀门、机械密封", wants=["瑞安阀门有限公司"]),
        expert("李四", field="角膜塑形镜"),
    ]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    assert result.experts[pair.expert].get("姓名") == "张三" and pair.method == SMART
    assert "共同关键词" in pair.basis and "同义" in pair.basis
    assert "专家意向企业" in pair.basis and "同属瑞安市" in pair.basis
    assert 0 < pair.score <= 100
    assert any(x.kind == "专家" and result.experts[x.index].get("姓名") == "李四" for x in result.left)


def test_pre_agreed_pair_first_and_by_unit():
    assert parse_intended(need("A", intended="张三（温州大学）")) == [("张三", "温州大学")]
    needs = [need("甲公司", title="眼视光", intended="张三(温州医科大学)"), need("乙公司", title="眼视光")]
    experts = [
        expert("张三", unit="温州大学", field="阀门"),
        expert("张三", unit="温州医科大学", field="电气"),
        expert("王五", field="视光"),
    ]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    got = {
        (result.needs[p.need].get("企业名称"), result.experts[p.expert].get("工作单位"), p.method)
        for p in result.pairs
    }
    assert ("甲公司", "温州医科大学", DIRECT) in got
    assert ("乙公司", "温州大学", SMART) in got and len(got) == 2


def test_ambiguous_or_unknown_intended_expert_is_left_with_reason():
    needs = [need("甲公司", title="视光", intended="张三"), need("乙公司", title="视光", intended="赵六")]
    experts = [
        expert("张三", unit="温州大学"),
        expert("张三", unit="温州医科大学"),
        expert("王五", field="视光"),
    ]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    assert result.pairs == []
    reasons = {result.needs[x.index].get("企业名称"): x.reason for x in result.left if x.kind == "企业"}
    assert "对应 2 位专家" in reasons["甲公司"] and "温州医科大学" in reasons["甲公司"]
    assert "不在专家名单中" in reasons["乙公司"]
    # a named expert kept out by validation: the reason says so
    ineligible = [(expert("赵六"), "校验不通过：身份证号校验码不对（D03）")]
    again = run_matching(needs, experts, MatchSettings(min_score=10), left_out_experts=ineligible)
    reasons = {again.needs[x.index].get("企业名称"): x.reason for x in again.left if x.kind == "企业"}
    assert "未参加配对：校验不通过" in reasons["乙公司"]


def test_conflicts_are_never_paired():
    needs = [need("甲公司", title="视光", holders=["温州大学"])]
    experts = [expert("王五", unit="温州大学", field="视光")]

    def conflicts(n, e):
        return ["企业股东包含专家所在单位"] if e.get("工作单位") in (n.get("股东") or []) else []

    result = run_matching(needs, experts, MatchSettings(min_score=10), conflict_fn=conflicts)
    assert result.pairs == []
    assert "利益冲突" not in result.infeasible[0].reason or True
    assert "股东" in result.infeasible[0].reason
    assert "利益冲突" in result.candidates[0].note


def test_locked_and_excluded_pairs():
    needs = [need("甲公司", title="视光"), need("乙公司", title="视光")]
    experts = [expert("王五", field="视光"), expert("赵六", field="视光")]
    result = run_matching(
        needs, experts, MatchSettings(min_score=10), locked=[LockedPair(1, 0, "第3行")], excluded=[(0, 1)]
    )
    methods = {
        (result.needs[p.need].get("企业名称"), result.experts[p.expert].get("姓名")): p.method
        for p in result.pairs
    }
    assert methods == {("乙公司", "王五"): LOCKED}
    with pytest.raises(FuzongError, match="超出专家可服务企业数"):
        run_matching(
            needs,
            experts,
            MatchSettings(min_score=10),
            locked=[LockedPair(0, 0, "第3行"), LockedPair(1, 0, "第4行")],
        )


def test_quota_limits_pairs_per_county():
    needs = [need(f"公司{k}", county="鹿城区" if k < 3 else "瑞安市", title="视光") for k in range(4)]
    experts = [expert(f"专家{k}", field="视光") for k in range(4)]
    quota = allocate({"鹿城区": 3, "瑞安市": 1}, 2)
    result = run_matching(needs, experts, MatchSettings(min_score=10), quota=quota)
    assert len(result.pairs) == 2
    counties = sorted(result.needs[p.need].get("县（市、区）") for p in result.pairs)
    assert counties == sorted(["鹿城区", "瑞安市"]) or counties.count("鹿城区") <= quota.places_of()["鹿城区"]


def test_row_order_does_not_change_the_pairs():
    needs = [
        need(f"公司{k}", title=t) for k, t in enumerate(["球阀内漏", "鞋底开胶", "近视防控", "球阀密封"])
    ]
    experts = [
        expert(f"专家{k}", field=f) for k, f in enumerate(["泵阀", "胶粘剂", "角膜塑形", "密封件", "泵阀"])
    ]

    def names(result):
        return sorted(
            (result.needs[p.need].get("企业名称"), result.experts[p.expert].get("姓名"), p.score)
            for p in result.pairs
        )

    first = names(run_matching(needs, experts, MatchSettings(min_score=10)))
    rng = random.Random(3)
    for _ in range(5):
        a, b = needs[:], experts[:]
        rng.shuffle(a)
        rng.shuffle(b)
        assert names(run_matching(a, b, MatchSettings(min_score=10))) == first


def test_large_run_uses_a_sparse_candidate_graph():
    needs = [need(f"公司{k}", title=["球阀内漏", "鞋底开胶", "近视防控"][k % 3]) for k in range(30)]
    experts = [expert(f"专家{k}", field=["泵阀", "胶粘剂", "角膜塑形"][k % 3]) for k in range(30)]
    small = run_matching(needs, experts, MatchSettings(min_score=10))
    big = run_matching(
        needs, experts, MatchSettings(min_score=10, dense_limit=100, candidate_k=5, block_cells=200)
    )
    assert big.solver == "稀疏候选图" and big.notes
    assert sum(p.score for p in big.pairs) == pytest.approx(sum(p.score for p in small.pairs))


def test_capacity_belongs_to_the_enterprise_and_the_person():
    # two need rows of one enterprise (same credit code) and one person on two forms (same ID number)
    a1 = need("甲公司", title="球阀内漏")
    a2 = need("甲公司", title="鞋底开胶")
    b = need("乙公司", title="鞋底开胶")
    e1 = expert("王五", field="泵阀")
    e2 = expert("赵六", field="胶粘剂")
    e3 = expert("赵六", field="胶粘剂")
    for e in (e2, e3):
        e.values["身份证号"] = "330302198503121234"
    result = run_matching([a1, a2, b], [e1, e2, e3], MatchSettings(min_score=10))
    firms = [result.needs[p.need].get("企业名称") for p in result.pairs]
    people = [
        result.experts[p.expert].get("身份证号") or result.experts[p.expert].get("姓名") for p in result.pairs
    ]
    assert sorted(firms) == ["乙公司", "甲公司"]
    assert len(set(people)) == len(people) == 2
    reasons = " ".join(x.reason for x in result.left)
    assert "同一企业" in reasons and "同一人" in reasons


@pytest.mark.parametrize("seed", range(25))
def test_grouped_rows_equal_brute_force(seed):
    from fuzong_cli.decide.matching import _solve_grouped

    rng = random.Random(9000 + seed)
    n, m = rng.randint(1, 4), rng.randint(1, 3)
    edges, graph = random_case(rng, n, m, density=0.7)
    ent_of = np.array([rng.randint(0, 1) for _ in range(n)])
    person_of = np.array([rng.randint(0, 1) for _ in range(m)])
    ent_cap = np.array([rng.randint(1, 2), rng.randint(1, 2)])
    person_cap = np.array([rng.randint(1, 2), rng.randint(1, 2)])
    pairs = _solve_grouped(
        graph, np.ones(n, dtype=bool), ent_of, person_of, ent_cap, person_cap, ent_of, None
    )
    best = 0.0
    keys = list(edges)
    for mask in range(1 << len(keys)):
        chosen = [keys[k] for k in range(len(keys)) if mask >> k & 1]
        pairs_ep = [(ent_of[i], person_of[j]) for i, j in chosen]
        if len(set(pairs_ep)) < len(pairs_ep):
            continue  # the same enterprise and the same person twice
        if any(sum(1 for i, _ in chosen if ent_of[i] == e) > ent_cap[e] for e in (0, 1)):
            continue
        if any(sum(1 for _, j in chosen if person_of[j] == p) > person_cap[p] for p in (0, 1)):
            continue
        best = max(best, sum(edges[c] for c in chosen))
    got = sum(edges[p] for p in pairs)
    assert got == pytest.approx(best)


def test_two_enterprises_name_one_expert_mutual_intent_wins():
    needs = [need("甲公司", title="视光", intended="王五"), need("乙公司", title="视光", intended="王五")]
    experts = [expert("王五", field="视光", wants=["乙公司"])]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    assert [(result.needs[p.need].get("企业名称"), p.method) for p in result.pairs] == [("乙公司", DIRECT)]
    reasons = {result.needs[x.index].get("企业名称"): x.reason for x in result.left if x.kind == "企业"}
    assert "已派驻乙公司" in reasons["甲公司"]


def test_unpaired_expert_reason_names_the_need_taken_by_a_pre_agreed_pair():
    def need(name, title, intended=None):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title, "意向专家": intended}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    def expert(name, field):
        values = {"姓名": name, "工作单位": "温州大学", "职称": "教授", "研究方向": field}
        return Record("experts", values, {}, "专家.xlsx", "Sheet1", 3)

    # 乙 names 陈明 (a valve man) although 王五 fits its switchgear need: 王五 is left, and his reason must not
    # claim that no need reaches the threshold
    needs = [need("乙公司", "低压电器开关柜", intended="陈明")]
    experts = [expert("陈明", "阀门、流体机械"), expert("王五", "低压电器、开关柜")]
    result = run_matching(needs, experts, MatchSettings(min_score=10))
    reasons = {result.experts[x.index].get("姓名"): x.reason for x in result.left if x.kind == "专家"}
    assert "没有企业需求" not in reasons["王五"]
    assert "乙公司" in reasons["王五"] and "意向直派" in reasons["王五"]


def test_two_enterprises_name_one_expert_the_better_fit_gets_him():
    def need(name, title):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title, "意向专家": "陈明"}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    expert = Record(
        "experts",
        {"姓名": "陈明", "工作单位": "温州大学", "研究方向": "阀门、流体机械、密封"},
        {},
        "专家.xlsx",
        "S",
        3,
    )
    # 乙 comes first in the canonical order (乙 < 甲 by code point), 甲 is the valve maker
    needs = [need("甲公司", "阀门密封"), need("乙公司", "低压电器开关柜")]
    result = run_matching(needs, [expert], MatchSettings(min_score=10))
    assert [(result.needs[p.need].get("企业名称"), p.method) for p in result.pairs] == [("甲公司", DIRECT)]


def test_a_candidate_already_paired_elsewhere_says_with_whom():
    def need(name, title):
        values = {"企业名称": name, "县（市、区）": "瑞安市", "需求名称": title}
        return Record("needs", values, {}, "需求.xlsx", "Sheet1", 3)

    expert = Record(
        "experts", {"姓名": "陈明", "工作单位": "温州大学", "研究方向": "阀门、密封"}, {}, "e.xlsx", "S", 3
    )
    result = run_matching(
        [need("甲公司", "阀门密封"), need("乙公司", "阀门")], [expert], MatchSettings(min_score=10)
    )
    notes = {result.needs[c.need].get("企业名称"): c.note for c in result.candidates}
    assert notes == {"甲公司": "已配对", "乙公司": "已配给甲公司"}


def test_match_finds_persons_by_the_identity_module(tmp_path):
    # one definition of a person (decide/identity.py): a locked row typed 温州大学(化学学院) names the expert
    # of 温州大学（化学学院）
    from fuzong_cli.decide import identity
    from fuzong_cli.decide.matching import norm_name, person_key
    from fuzong_cli.records import Record
    from fuzong_cli.runs.match import _find_expert

    a = Record("experts", {"姓名": "张 三", "工作单位": "温州大学（化学学院）"}, {}, "e.xlsx", "S", 2)
    row = Record("pairs", {"专家姓名": "张三", "工作单位": "温州大学(化学学院)"}, {}, "p.xlsx", "S", 4)
    assert _find_expert(row, [a]) == (a, 1)
    assert norm_name is identity.norm_name and person_key(a) == identity.person_key(a)
    # 无 in the ID column of two people does not make them one person
    b = Record("experts", {"姓名": "李四", "工作单位": "温州大学", "身份证号": "无"}, {}, "e.xlsx", "S", 3)
    c = Record("experts", {"姓名": "王五", "工作单位": "温州大学", "身份证号": "无"}, {}, "e.xlsx", "S", 4)
    assert identity.person_key(b) != identity.person_key(c)


def test_solver_in_a_thread_while_the_candidates_are_explained_gives_the_same_result(monkeypatch):
    """Large runs solve in a worker thread while the 匹配依据 of the candidates are written (OVERLAP_CELLS):
    pairs, scores, candidates and every 匹配依据 are those of the plain run."""
    from fuzong_cli.decide import matching

    titles = ["球阀内漏", "鞋底开胶", "近视防控", "印花掉色", "电池鼓包"]
    fields = ["阀门密封", "胶粘剂与鞋材", "角膜塑形", "染料固色", "锂电池材料"]
    needs = [need(f"公司{k}", title=titles[k % 5], county="瑞安市" if k % 2 else "乐清市") for k in range(20)]
    experts = [
        expert(f"专家{k}", field=fields[k % 5], unit=["温州大学", "乐清市研究院"][k % 2]) for k in range(20)
    ]

    def seen(result):
        return (
            [(p.need, p.expert, p.score, p.basis, p.confidence) for p in result.pairs],
            [(c.need, c.expert, c.rank, c.score, c.basis, c.note) for c in result.candidates],
        )

    settings = MatchSettings(semantic=False)
    monkeypatch.setattr(matching, "OVERLAP_CELLS", 10**9)
    plain = seen(run_matching(needs, experts, settings))
    calls = []
    original = matching._explain_candidates
    monkeypatch.setattr(matching, "_explain_candidates", lambda *a: (calls.append(1), original(*a)))
    monkeypatch.setattr(matching, "OVERLAP_CELLS", 1)
    assert seen(run_matching(needs, experts, settings)) == plain
    assert calls == [1]


def test_an_error_of_either_side_of_the_overlap_reaches_the_caller():
    from fuzong_cli.decide.matching import _alongside

    def boom():
        raise ValueError("solver")

    with pytest.raises(ValueError, match="solver"):
        _alongside(boom, lambda: None)
    with pytest.raises(KeyError):
        _alongside(lambda: 1, lambda: {}["x"])
    assert _alongside(lambda: 7, lambda: None) == 7
    assert _alongside(lambda: 7, None) == 7


@pytest.mark.parametrize("mode", ["dense", "listed", "pruned"])
def test_blocks_scored_by_threads_give_the_serial_result(monkeypatch, mode):
    """Large runs score blocks of needs in worker threads (``_score_workers``) and merge them in block order:
    the candidate graph, the top-k lists and the pairs are those of the serial run, on every solver path."""
    from fuzong_cli.decide import matching

    titles = ["球阀内漏", "鞋底开胶", "近视防控", "印花掉色", "电池鼓包", "球阀密封"]
    fields = ["阀门密封", "胶粘剂与鞋材", "角膜塑形", "染料固色", "锂电池材料", "泵阀"]
    needs = [need(f"公司{k}", title=titles[k % 6], desc=titles[(k * 5) % 6]) for k in range(40)]
    experts = [expert(f"专家{k}", field=fields[k % 6] + "、" + fields[(k * 7) % 6]) for k in range(36)]
    over = {"dense": {}, "listed": {"dense_direct": 1}, "pruned": {"dense_limit": 100, "candidate_k": 4}}[
        mode
    ]
    settings = MatchSettings(semantic=False, block_cells=200, **over)

    def seen():
        model = matching.build_model(needs, experts, settings)
        graph, topk = matching._score_graph(model, settings, [True] * 40, [True] * 36, set())
        result = run_matching(needs, experts, settings)
        return (
            graph.rows.tolist(), graph.cols.tolist(), graph.scores.tolist(), graph.hist.tolist(),
            None if graph.dense is None else graph.dense.tolist(), topk,
            [(p.need, p.expert, p.score) for p in result.pairs],
        )  # fmt: skip

    monkeypatch.setattr(matching, "_score_workers", lambda cells, several: 1)
    serial = seen()
    used = []
    monkeypatch.setattr(matching, "_score_workers", lambda cells, several: used.append(1) or 3)
    assert seen() == serial
    assert used


def test_an_interrupt_while_the_solver_runs_does_not_wait_for_it():
    """Ctrl-C or SIGTERM during the overlapped work goes up at once (the solver thread is a daemon)."""
    import threading

    from fuzong_cli.decide.matching import _alongside

    release = threading.Event()
    finished = threading.Event()

    def solver():
        release.wait(30)
        finished.set()

    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _alongside(solver, interrupted)
    assert not finished.is_set()  # raised while the solver was still running
    release.set()
