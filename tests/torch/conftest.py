# Shared setup for the PyTorch parity tests (tests/torch/).
#
# - Makes float64 the default dtype before any test module builds a tensor.
# - Provides the `rnnlab_cli` fixture: the native CLI to test, from the
#   RNNLAB_CLI environment variable, else <repo>/build/native/rnnlab.
#   A missing CLI is a test error, not a skip: scripts/test builds it first,
#   so its absence means the build is broken.
#
# Deliberately no __init__.py in this folder: with one, pytest would put
# tests/ on sys.path and this folder would shadow the real `torch` package.

import os
from pathlib import Path

import pytest
import torch

torch.set_default_dtype(torch.float64)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def rnnlab_cli():
    cli = Path(os.environ.get("RNNLAB_CLI", REPO / "build" / "native" / "rnnlab"))
    if not (cli.is_file() and os.access(cli, os.X_OK)):
        pytest.fail(f"rnnlab CLI not found or not executable: {cli} "
                    "(build it, or point RNNLAB_CLI at it)", pytrace=False)
    return str(cli)
