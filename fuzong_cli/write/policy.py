"""What the policy commands print and write: layout only."""

from __future__ import annotations

from pathlib import Path

from fuzong_cli.runs.policy import PolicyCheckReport, PolicyListReport, PolicyShowReport


def list_text(report: PolicyListReport) -> str:
    from fuzong_cli.write.console import table

    text = table(
        [[r["name"], r["title"], r["city"], r["year"], r["rules"]] for r in report.policies],
        ["名称", "政策文件", "城市", "年份", "规则数"],
    )
    return text + "\n\n用 fuzong policy show 名称 查看全文；复制后修改，用 --policy 文件.toml 使用。"


def show_text(report: PolicyShowReport) -> str:
    return report.text.rstrip("\n")


def write_policy_text(report: PolicyShowReport, target: Path) -> None:
    """The policy's TOML into ``target``: UTF-8, ``\\n`` line ends, whole or not at all."""
    from fuzong_cli.write.files import atomic_write_text

    atomic_write_text(report.text.rstrip("\n") + "\n", target, ".toml")


def written_text(target: Path) -> str:
    return f"已写入：{target}（用 fuzong policy check {target} 检查修改）"


def check_text(report: PolicyCheckReport) -> str:
    """检查通过, or the count of mistakes and each mistake with its file and line (printed to stderr)."""
    if report.ok:
        return f"{report.file}：检查通过"
    lines = [f"{report.file}：发现 {len(report.mistakes)} 处错误"]
    lines += [f"  {report.file} {line}" for line in report.mistakes]
    return "\n".join(lines)
