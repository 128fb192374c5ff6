"""capgraph sets the Hugging Face libraries offline itself: the caller's environment cannot
turn a request, a job or a check into a download."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

PROBE = """
import socket
attempts = []
real_connect = socket.socket.connect
def refuse(sock, address):
    attempts.append(address)
    raise OSError("network blocked by the test")
socket.socket.connect = refuse

import inference  # noqa: F401  (sets the libraries offline)
import huggingface_hub
from huggingface_hub import snapshot_download
assert huggingface_hub.constants.HF_HUB_OFFLINE, "huggingface_hub is online"
try:
    snapshot_download("someone/never-cached-model")   # no local_files_only: still offline
except Exception as exc:
    print(type(exc).__name__)
print("attempts", len(attempts))
"""


def test_the_libraries_are_offline_whatever_the_environment_says() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env.update(HF_HUB_OFFLINE="0", TRANSFORMERS_OFFLINE="0",
               HF_HOME=str(REPO / ".no-such-hf-home"))
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert "attempts 0" in lines, result.stdout
    assert any("Offline" in line or "LocalEntryNotFound" in line for line in lines), result.stdout
