"""A plain, non-editable install works: policies, data files and templates ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.skip(f"could not build a wheel here: {done.stderr[-300:]}")
    return next(out.glob("*.whl"))


def test_wheel_carries_policies_data_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ["generic", "wenzhou", "xinxiang", "liaocheng", "hubei"]:
        assert f"fuzong_cli/policies/{name}.toml" in names
    assert "fuzong_cli/data/fields.toml" in names
    assert "fuzong_cli/templates/三方协议.docx" in names
    assert "fuzong_cli/templates/公示通知.docx" in names
    assert "fuzong_cli/commands/validate.py" in names
    # every module of the source tree (a new package left out of pyproject's list would only fail at run time
    # on a machine without the editable install)
    source = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "fuzong_cli").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert source <= names, sorted(source - names)


def test_installed_wheel_runs_outside_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    code = "import fuzong_cli, sys; print(fuzong_cli.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert str(target) in where.stdout, where.stdout + where.stderr
    shown = subprocess.run(
        [sys.executable, "-m", "fuzong_cli", "policy", "show", "liaocheng"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0 and "第五条" in shown.stdout, shown.stderr
    forms = subprocess.run(
        [sys.executable, "-m", "fuzong_cli", "forms", str(tmp_path / "forms"), "--policy", "wenzhou"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert forms.returncode == 0, forms.stderr
    assert (tmp_path / "forms" / "专家意向表.xlsx").exists()
