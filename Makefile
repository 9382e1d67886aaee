PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := sample_data
OUT := out

.PHONY: install demo test bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

FZ := $(BIN)/fuzong
# exit code 1 means "ran, some rows failed a rule" (like a linter): expected on the sample data
OK1 := || [ $$? -eq 1 ]

# The whole pipeline on sample_data/, in the order a bureau works through a year. --as-of fixes the reference
# date so the demo gives the same results on any day.
ASOF := --as-of 2026-11-24

demo: $(STAMP)
	rm -rf $(OUT) && mkdir -p $(OUT)
	# --- 1. blank forms for the counties; merge what they sent back; check it against the policy
	$(FZ) forms $(OUT)/空白表格 --policy wenzhou --force
	$(FZ) ingest needs $(SAMPLE)/鹿城区企业需求表.xlsx $(SAMPLE)/瑞安市企业需求表.xlsx -o $(OUT)/企业需求汇总.xlsx --policy wenzhou
	$(FZ) ingest experts $(SAMPLE)/专家意向表_温州大学.xlsx $(SAMPLE)/专家意向表_温州医科大学.xls -o $(OUT)/专家汇总.xlsx --policy wenzhou
	$(FZ) validate $(SAMPLE)/鹿城区企业需求表.xlsx $(SAMPLE)/瑞安市企业需求表.xlsx -o $(OUT)/企业需求-校验结果.xlsx --policy wenzhou $(ASOF) $(OK1)
	$(FZ) validate $(SAMPLE)/专家意向表_温州大学.xlsx $(SAMPLE)/专家意向表_温州医科大学.xls -o $(OUT)/专家-校验结果.xlsx --policy wenzhou $(ASOF) $(OK1)
	# --- 2. places per county (湖北方案 四(二)), then pair enterprises with experts (SPEC §5)
	$(FZ) quota $(OUT)/企业需求汇总.xlsx --total 10 -o $(OUT)/名额分配.xlsx --policy wenzhou
	$(FZ) match $(OUT)/企业需求汇总.xlsx $(OUT)/专家汇总.xlsx -o $(OUT)/配对结果.xlsx --policy wenzhou $(ASOF)
	$(FZ) match $(OUT)/企业需求汇总.xlsx $(OUT)/专家汇总.xlsx -o $(OUT)/配对结果_含待复核_名额.xlsx --include-review --quota-total 10 --policy wenzhou $(ASOF)
	# --- 3. publicity list + notice (5 working days) and three-party agreements for the pairs just made
	$(FZ) publicity $(OUT)/配对结果.xlsx --start 2026-12-01 --docx -o $(OUT)/公示名单.xlsx --policy wenzhou
	$(FZ) agreements $(OUT)/配对结果.xlsx --start 2026-12-15 -o $(OUT)/三方协议 --zip --merge --policy wenzhou
	$(FZ) agreements $(SAMPLE)/配对结果_示例.xlsx -o $(OUT)/三方协议_示例 --policy wenzhou --as-of 2026-12-15
	# no 聘期开始 in the pairs and no --start: every agreement renders, the term left blank (已生成（聘期待填）)
	$(FZ) agreements $(OUT)/配对结果.xlsx -o $(OUT)/三方协议_聘期待填 --policy wenzhou
	# 湖北方案 四(三): 丙方 = 接收地方 — the same pairs under the Hubei wording (派出单位 named under 乙方, 第六条 from the policy)
	$(FZ) agreements $(OUT)/配对结果.xlsx -o $(OUT)/三方协议_湖北措辞 --policy hubei --start 2026-12-15
	# --- 4. year end: grades, ranks, lists, subsidy totals, charts (with last year's results for the cross-year rules)
	$(FZ) evaluate $(SAMPLE)/服务台账_2026.xlsx --history $(SAMPLE)/考核结果_2025.xlsx -o $(OUT)/考核结果_2026.xlsx --policy wenzhou $(OK1)
	$(FZ) evaluate $(SAMPLE)/服务台账_2026.xlsx -o $(OUT)/考核结果_2026_新乡.xlsx --policy xinxiang $(OK1)
	# 聊城 第十七条 每两年绩效考核: 赵磊's term (2024-03-01) ends its first cycle in 2026 — graded on 2025 (history) + 2026
	$(FZ) evaluate $(SAMPLE)/服务台账_2026.xlsx --history $(SAMPLE)/考核结果_2025.xlsx -o $(OUT)/考核结果_2026_聊城两年.xlsx --policy liaocheng $(OK1)
	# --- 5. terms and report deadlines; Liaocheng collaborative-project budgets (聊城办法 第二十条)
	$(FZ) terms $(SAMPLE)/服务台账_2026.xlsx --as-of 2027-02-15 -o $(OUT)/聘期台账.xlsx --policy wenzhou $(OK1)
	$(FZ) terms $(SAMPLE)/聘期台账示例.xlsx --as-of 2026-10-15 -o $(OUT)/聘期台账_聊城.xlsx --policy liaocheng $(OK1)
	# 聊城 第十七条: a 考核 不合格 (with its 禁止申报截止) is 已撤销 in terms, no further duties listed
	$(FZ) terms $(OUT)/考核结果_2026_聊城两年.xlsx --as-of 2026-12-15 -o $(OUT)/聘期台账_聊城考核后.xlsx --policy liaocheng $(OK1)
	$(FZ) projects $(SAMPLE)/协同创新项目预算表.xlsx --ledger $(SAMPLE)/聘期台账示例.xlsx --history $(SAMPLE)/聘期台账示例.xlsx --as-of 2026-10-15 -o $(OUT)/项目预算-校验结果.xlsx --policy liaocheng $(OK1)
	@echo "全部完成，结果在 $(OUT)/ 中。"

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/python -m pip install -q ruff mypy
	$(BIN)/ruff check fuzong_cli tests
	$(BIN)/ruff format --check fuzong_cli tests
	$(BIN)/mypy fuzong_cli/decide fuzong_cli/read/values.py fuzong_cli/records.py --ignore-missing-imports

clean:
	rm -rf $(VENV) $(OUT) build *.egg-info
