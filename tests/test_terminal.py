"""The assistant in a terminal: `ask` fits an 80×24 screen, `chat` edits lines and recalls questions like a shell
and shows a spinner while the first answer loads, and the first `ask` on a fresh checkout says it is building the
index, with a progress bar.

`chat` and the first `ask` run in a real terminal: tmux, on a server of the test's own (its own socket), driven
with send-keys and read with capture-pane.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS, TODAY

REPO = Path(__file__).resolve().parents[1]
LONDON_QUESTION = "What's a fair London ask for an ML engineer at Jane Street?"
SPINNER_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"  # rich's "dots" spinner

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (apt-get install -y tmux)")


def cli_env(index_dir: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_TODAY": TODAY.isoformat(),
            "ASSISTANT_LLM": "offline", "ASSISTANT_CORPUS_DIR": str(SEEDS), **more}  # fmt: skip


def test_ask_prints_lead_warnings_and_sources_on_one_80_by_24_screen(seed_index: Path) -> None:
    env = cli_env(seed_index, COLUMNS="80", LINES="24", ASSISTANT_AUTO_INGEST="false")
    asked = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", LONDON_QUESTION], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=180, check=True)  # fmt: skip
    lines = asked.stdout.rstrip("\n").split("\n")

    assert len(lines) <= 24, asked.stdout
    assert max(len(line.rstrip()) for line in lines) <= 80, asked.stdout
    shown = asked.stdout
    assert shown.startswith("Ask for £255K–£275K base in London at Jane Street")
    assert "⚠ stale:" in shown and "⚠ defect:" in shown
    assert "[1] Jane Street · ML/AI Engineer · Compensation Benchmarks by Region · line 58" in shown
    assert "Anchor your ask at $350K" not in shown  # the strategy's quote is a detail: --details shows it

    detailed = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "--details", LONDON_QUESTION], env=env,
                              cwd=REPO, capture_output=True, text=True, timeout=180, check=True).stdout  # fmt: skip
    assert detailed.startswith(shown.split("\n")[0])
    assert "Anchor your ask at $350K" in detailed and "London — Base: £195K - £275K" in detailed
    assert len(detailed.split("\n")) > 24


# --- in a real terminal ---------------------------------------------------------------------------


class Terminal:
    """One tmux session, 80×24, on a tmux server of this test's own."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"assistant-test-{uuid.uuid4().hex[:8]}"
        passed = [key for key in env if key.startswith("ASSISTANT_")]
        variables = [arg for key in passed for arg in ("-e", f"{key}={env[key]}")]
        self._tmux("new-session", "-d", "-x", "80", "-y", "24", "-c", str(REPO), *variables, *command)
        self._tmux("set-option", "-w", "remain-on-exit", "on")  # a command that ends leaves its screen to read

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-J")  # -J: a line the terminal wrapped reads as one

    def wait_for(self, seen: Callable[[str], bool], seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if seen(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"not seen within {seconds} s; the screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.fixture
def terminal() -> Iterator[Callable[[list[str], dict[str, str]], Terminal]]:
    opened: list[Terminal] = []

    def open_(command: list[str], env: dict[str, str]) -> Terminal:
        opened.append(Terminal(command, env))
        return opened[-1]

    yield open_
    for term in opened:
        term.close()


def prompt_line(screen: str) -> str:
    return [line for line in screen.splitlines() if line.startswith("you>")][-1]


@needs_tmux
def test_chat_edits_with_the_arrow_keys_recalls_with_up_and_shows_a_spinner_while_loading(
    seed_index: Path, terminal: Callable[[list[str], dict[str, str]], Terminal]
) -> None:
    env = cli_env(seed_index, ASSISTANT_AUTO_INGEST="false")
    term = terminal([sys.executable, "-m", "assistant.cli", "chat"], env)
    term.wait_for(lambda screen: screen.rstrip().endswith("you>"))  # capture-pane drops trailing spaces

    # A typo fixed in the middle of the line: Left to it, Backspace, type, End, and on.
    term.type("What does Tastytrade pay an ML engineer in Londxn")
    term.keys("Left", "BSpace")
    term.type("o")
    term.keys("End")
    term.type("?")
    term.wait_for(
        lambda screen: prompt_line(screen).rstrip() == "you> What does Tastytrade pay an ML engineer in London?"
    )
    term.keys("Enter")
    loading = term.wait_for(lambda screen: "Loading the guides" in screen or "£136K" in screen)
    assert "Loading the guides" in loading and any(frame in loading for frame in SPINNER_FRAMES), loading
    term.wait_for(lambda screen: "£136K - £189K" in screen and screen.rstrip().endswith("you>"))

    # Up recalls the question; edited, it is asked as a new one.
    term.keys("Up")
    recalled = term.wait_for(lambda screen: prompt_line(screen).rstrip().endswith("in London?"))
    assert prompt_line(recalled).rstrip() == "you> What does Tastytrade pay an ML engineer in London?"
    term.keys("BSpace", *["BSpace"] * len("London"))
    term.type("Chicago?")
    term.keys("Enter")
    answered = term.wait_for(lambda screen: "$178K - $248K" in screen and screen.rstrip().endswith("you>"))
    assert "Loading the guides" not in answered.split("Chicago?")[-1]  # warm now: no second wait
    term.keys("C-d")


@needs_tmux
def test_the_first_ask_on_a_fresh_checkout_says_it_builds_the_index_with_a_progress_bar(
    tmp_path: Path, terminal: Callable[[list[str], dict[str, str]], Terminal]
) -> None:
    env = cli_env(tmp_path / "index", ASSISTANT_AUTO_INGEST="true")
    term = terminal([sys.executable, "-m", "assistant.cli", "ask", LONDON_QUESTION], env)

    building = term.wait_for(lambda screen: "━" in screen and ("Parsing guides" in screen or "Embedding" in screen))
    assert f"No index in {tmp_path / 'index'} yet: building it from" in building
    done = term.wait_for(lambda screen: "engine: offline" in screen, seconds=300)
    assert "Built the index: 3 guides" in done and "Ask for £255K–£275K base" in done
