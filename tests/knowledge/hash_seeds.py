"""Run a script under several of Python's hash seeds: what it prints must not depend on them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def outputs_under_hash_seeds(script: str, seeds=("0", "1", "2")) -> set[str]:
    """Return the distinct outputs of `python -c script` (run from the repository root)."""
    return {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in seeds
    }
