# Hidden acceptance suite: judges generated code found in $BENCH_WORKSPACE.
# Never shown to the model under test.
import os
import sys

import pytest

WORKSPACE = os.environ.get("BENCH_WORKSPACE")
if not WORKSPACE or not os.path.isdir(WORKSPACE):
    raise pytest.UsageError("BENCH_WORKSPACE must name the generated project's folder")
sys.path.insert(0, WORKSPACE)


@pytest.fixture
def workspace():
    return WORKSPACE
