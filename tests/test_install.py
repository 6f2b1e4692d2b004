"""A real install: a wheel built from the repo, installed (not editable) into a fresh venv."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

import pytest

from .conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
THEMES = sorted(p.stem for p in (ROOT / "themes").glob("*.toml"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv holding the wheel of this repo. Offline, as the suite
    must be: the wheel is built with this venv's setuptools (no build isolation), and the
    fresh venv reaches the dependencies through a .pth line to this venv's site-packages
    (where portal-tui itself is only an editable finder, which a .pth line does not run)."""
    work = tmp_path_factory.mktemp("install")
    source = work / "src"
    source.mkdir()
    for name in ("portal_tui", "themes"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(work / "dist"), str(source)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("portal_tui-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "dependencies-of-the-test-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


def run(bin_dir: Path, *args: str, cwd: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cwd), "PORTAL_TUI_CONFIG_DIR": str(config)}
    return subprocess.run([str(bin_dir / "portal-tui"), *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_installed_command_works_outside_the_source_tree(installed: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert run(installed, "--version", cwd=tmp_path, config=config).stdout == f"portal-tui {version}\n"
    created = run(installed, "new", "shop", cwd=tmp_path, config=config)
    assert created.returncode == 0 and (config / "profiles" / "shop.toml").is_file()
    shutil.copyfile(DATA / "maximal.toml", config / "profiles" / "acme.toml")
    assert run(installed, "validate", "acme", cwd=tmp_path, config=config).returncode == 0
    assert run(installed, "validate", cwd=tmp_path, config=config).returncode == 1  # shop has no business name
    exported = run(installed, "export", "acme", cwd=tmp_path, config=config)
    assert exported.returncode == 0 and '"features"' in exported.stdout
    probe = (
        "import sys, portal_tui\n"
        "from portal_tui.cli import main\n"
        "main(['validate', 'acme'])\n"
        "print(portal_tui.__file__)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'stripe'}))"
    )
    env = {"PATH": "/usr/bin:/bin", "PORTAL_TUI_CONFIG_DIR": str(config)}
    shown = subprocess.run(
        [str(installed / "python"), "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    where, loaded = shown.stdout.splitlines()[-2:]
    assert where.startswith(str(installed.parent)) and loaded == "[]", shown.stdout + shown.stderr


def test_the_wheel_carries_the_themes_and_the_stylesheet(installed: Path, tmp_path: Path) -> None:
    probe = (
        "from importlib.resources import files\n"
        "print(sorted(p.name for p in files('portal_tui.themes').iterdir() if p.name.endswith('.toml')))\n"
        "print(files('portal_tui.tui').joinpath('app.tcss').is_file())"
    )
    shown = subprocess.run([str(installed / "python"), "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert shown.stdout.splitlines() == [str([f"{t}.toml" for t in THEMES]), "True"], shown.stderr


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_installed_editor_starts_with_each_shipped_theme(installed: Path, tmp_path: Path) -> None:
    """Each theme's background reaches the terminal: the theme files were found and loaded."""
    sessions = {}
    for theme in THEMES:
        config = tmp_path / theme
        (config / "profiles").mkdir(parents=True)
        shutil.copyfile(DATA / "maximal.toml", config / "profiles" / "acme.toml")
        (config / "settings.toml").write_text(f'theme = "{theme}"\n')
        name = f"install-{theme}-{id(tmp_path)}"
        command = (
            f"cd {tmp_path} && env PORTAL_TUI_CONFIG_DIR={config} TERM=xterm-256color COLORTERM=truecolor "
            f"TEXTUAL_ANIMATIONS=none {installed / 'portal-tui'} edit acme; sleep 30"
        )
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command], check=True)
        sessions[theme] = name
    try:
        for theme, name in sessions.items():
            background = tomllib.loads((ROOT / "themes" / f"{theme}.toml").read_text())["background"].lstrip("#")
            rgb = ";".join(str(int(background[i : i + 2], 16)) for i in (0, 2, 4))
            end = time.monotonic() + 30  # three editors start at once, beside the rest of the suite
            shown = ""
            while time.monotonic() < end and not ("Switch plan" in shown and "^p palette" in shown):
                time.sleep(0.1)
                shown = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
                ).stdout
            colors = subprocess.run(["tmux", "capture-pane", "-p", "-e", "-t", name], capture_output=True, text=True)
            assert "Switch plan" in shown and "^p palette" in shown, f"{theme}: the editor never showed:\n{shown}"
            assert f"48;2;{rgb}m" in colors.stdout, f"{theme}: background #{background} not on screen"
            assert "theme" not in shown.lower(), f"{theme}: a notification about a theme:\n{shown}"
    finally:
        for name in sessions.values():
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
