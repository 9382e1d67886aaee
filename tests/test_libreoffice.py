"""LibreOffice, the real client we check against, opens what validate / ingest / forms write."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import SAMPLE, run_cli

from fuzong_cli.write.documents import convert_to_pdf, find_soffice

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed")


def test_foundation_outputs_convert_in_libreoffice(tmp_path):
    validated = tmp_path / "校验结果.xlsx"
    assert (
        run_cli("validate", SAMPLE / "专家意向表_温州大学.xlsx", "--policy", "wenzhou", "-o", validated).code
        == 1
    )
    ingested = tmp_path / "汇总.xlsx"
    assert run_cli("ingest", "needs", SAMPLE / "鹿城区企业需求表.xlsx", "-o", ingested).code == 0
    assert run_cli("forms", tmp_path / "forms", "--policy", "wenzhou").code == 0
    files = [validated, ingested, *sorted((tmp_path / "forms").glob("*.xlsx"))]
    pdfs = convert_to_pdf(files, tmp_path)
    assert all(p.stat().st_size > 1000 for p in pdfs)
    # the first sheet as LibreOffice reads it: IDs intact as text, formulas-looking text not evaluated
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                find_soffice(),
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
                str(tmp_path / "csv"),
                str(validated),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    text = (tmp_path / "csv" / "校验结果.csv").read_text(encoding="utf-8")
    assert "330302197805125677" in text
    assert "=SUM(A1)" in text
    assert (
        "3.30381198002145E+17" in text
    )  # the mangled ID is shown as the county typed it, flagged, not "fixed"
