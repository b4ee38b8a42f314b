import json
import os
import subprocess
import sys

import pytest

from loganalyser import analyse

APP = [
    "2024-05-01T10:00:00Z INFO api: started",
    "2024-05-01T10:00:01Z ERROR api: boom",
    "2024-05-01T10:00:02Z ERROR db: down",
    "2024-05-01T10:00:03Z INFO api: ok",
    "this is not a log line",
    "",
]
JSON = [json.dumps({"timestamp": "t", "level": "warning", "source": "web", "message": "slow"}),
        json.dumps({"timestamp": "t", "level": "INFO", "source": "web", "message": "ok"})]
CLF = ['127.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 512',
       '10.0.0.2 - - [01/May/2024:10:00:01 +0000] "GET /missing HTTP/1.1" 404 0',
       '10.0.0.2 - - [01/May/2024:10:00:02 +0000] "POST /api HTTP/1.1" 503 -']


def test_app_format():
    r = analyse(APP, "app")
    assert (r["total"], r["parsed"], r["unparsed"]) == (5, 4, 1)
    assert r["by_level"] == {"INFO": 2, "ERROR": 2}
    assert r["by_source"] == {"api": 3, "db": 1}
    assert r["alerts"] == []


def test_json_format_uppercases_levels():
    r = analyse(JSON, "json")
    assert r["by_level"] == {"WARNING": 1, "INFO": 1} and r["by_source"] == {"web": 2}


def test_clf_levels_from_status():
    r = analyse(CLF, "clf")
    assert r["by_level"] == {"INFO": 1, "WARNING": 1, "ERROR": 1}
    assert r["by_source"] == {"127.0.0.1": 1, "10.0.0.2": 2}


def test_auto_mixes_formats():
    r = analyse(APP + JSON + CLF)
    assert (r["total"], r["parsed"], r["unparsed"]) == (10, 9, 1)
    assert r["by_level"] == {"INFO": 4, "ERROR": 3, "WARNING": 2}


def test_thresholds_in_order():
    r = analyse(APP, thresholds={"INFO": 5, "ERROR": 2, "WARNING": 0})
    assert r["alerts"] == [{"level": "ERROR", "count": 2, "threshold": 2}, {"level": "WARNING", "count": 0, "threshold": 0}]


def test_bad_format_raises():
    with pytest.raises(ValueError):
        analyse(APP, "xml")


def cli(workspace, tmp_path, *args):
    return subprocess.run([sys.executable, os.path.join(workspace, "loganalyser.py"), *args],
                          capture_output=True, text=True, timeout=20, cwd=str(tmp_path))


@pytest.fixture
def files(tmp_path):
    (tmp_path / "a.log").write_text("\n".join(APP) + "\n")
    (tmp_path / "b.log").write_text("\n".join(CLF) + "\n")
    return tmp_path


def test_cli_json_several_files(workspace, files):
    done = cli(workspace, files, "a.log", "b.log", "--json")
    assert done.returncode == 0
    r = json.loads(done.stdout)
    assert (r["total"], r["parsed"]) == (8, 7) and r["by_level"]["ERROR"] == 3


def test_cli_alert_exit_code(workspace, files):
    done = cli(workspace, files, "a.log", "--json", "--threshold", "ERROR=2")
    assert done.returncode == 2
    assert json.loads(done.stdout)["alerts"] == [{"level": "ERROR", "count": 2, "threshold": 2}]


def test_cli_format_flag(workspace, files):
    done = cli(workspace, files, "b.log", "--format", "app", "--json")
    assert json.loads(done.stdout)["unparsed"] == 3


@pytest.mark.parametrize("args", [["missing.log"], ["a.log", "--threshold", "ERROR=x"], ["a.log", "--bogus"]])
def test_cli_usage_errors(workspace, files, args):
    done = cli(workspace, files, *args)
    assert done.returncode == 1 and done.stderr.strip()


def test_cli_text_output(workspace, files):
    done = cli(workspace, files, "a.log")
    assert done.returncode == 0 and done.stdout.strip()
