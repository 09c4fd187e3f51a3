"""What ships: the wheel holds every file the running service reads (prompts, the page, word
lists, the eval's follow-ups, the calibration text), and a plain, non-editable install of it in a
fresh virtualenv serves the page and answers a question from a folder far from the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx

from tests.conftest import ROOT, free_port, isolated_env
from tests.fault_llm import FaultyLlm

PACKAGES = ("service", "index", "prompts")


def source_files() -> list[str]:
    """The files git tracks in the packages: modules and the data beside them."""
    listed = subprocess.run(
        ["git", "ls-files", *PACKAGES], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return sorted(line for line in listed.stdout.splitlines() if "__pycache__" not in line)


def build_wheel(tmp: Path) -> Path:
    """From a copy of the tracked sources, so no stale build/ folder can slip into the wheel."""
    src = tmp / "src"
    for name in [*source_files(), "pyproject.toml", "README.md"]:
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp / "dist"),
            ".",
        ],
        cwd=src,
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp / "dist").glob("newsdesk-*.whl")
    return wheel


def test_the_wheel_ships_every_file_and_a_plain_install_serves(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    shipped = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in source_files() if name not in shipped]
    assert not missing, missing
    assert {
        "prompts/ask.v2.system.txt",
        "service/api/web/index.html",
        "service/evaluation/data/followups.json",
    } <= shipped

    # A fresh virtualenv with the wheel alone; the (large, pinned) dependencies come from this
    # project's virtualenv through a path file, not from a second install.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True, capture_output=True
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import service, prompts; print(service.__file__, prompts.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(ROOT) not in where and str(venv) in where  # the installed copy, not the source tree

    with FaultyLlm(mode="answer", answer="The bridge has 12 lanes [1].") as llm:
        port = free_port()
        env = isolated_env(
            tmp_path / "data",
            {"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": llm.base_url, "OPENAI_MODEL": "scripted"},
        )
        log = (tmp_path / "serve.log").open("wb")
        process = subprocess.Popen(
            [str(venv / "bin" / "newsdesk"), "serve", "--port", str(port)],
            cwd=elsewhere,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "the installed service did not start"
                time.sleep(0.5)
            assert "<html" in http.get("/").text.lower()
            text = "The bridge in Exampletown opened on Monday with 12 lanes."
            assert http.post("/articles", json={"title": "Bridge", "text": text}).status_code == 200
            answer = http.post("/ask", json={"question": "What does the bridge in Exampletown have?"}).json()
            assert answer["answer"] == "The bridge has 12 lanes [1]." and answer["citations"], answer
            assert llm.calls >= 1  # the prompts were found and sent
        finally:
            process.terminate()
            process.wait(timeout=30)
            log.close()
