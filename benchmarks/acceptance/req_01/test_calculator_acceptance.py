import os
import subprocess
import sys

import pytest

import calculator
from calculator import CalculatorError, evaluate


def run_cli(workspace, args, stdin=None):
    return subprocess.run([sys.executable, os.path.join(workspace, "calculator.py"), *args],
                          input=stdin, capture_output=True, text=True, timeout=20, cwd=workspace)


@pytest.mark.parametrize("expr,value", [
    ("1 + 2", 3), ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("8 - 3 - 2", 3),
    ("8 / 4 / 2", 1), ("7 / 2", 3.5), ("-3 * -2", 6), ("--4", 4), ("-(2 + 3)", -5),
    ("+5", 5), (".5 + 1.25", 1.75), ("((1))", 1), ("2*(3+(4-1))*2", 24), ("  10  ", 10),
])
def test_evaluates(expr, value):
    assert evaluate(expr) == pytest.approx(value)


def test_whole_division_returns_int():
    result = evaluate("6 / 3")
    assert result == 2 and isinstance(result, int)


def test_error_is_value_error():
    assert issubclass(CalculatorError, ValueError)


@pytest.mark.parametrize("expr,message", [
    ("", "empty expression"), ("   ", "empty expression"), ("1 / 0", "division by zero"),
    ("2 / (1 - 1)", "division by zero"), ("(1 + 2", "mismatched parentheses"),
    ("1 + 2)", "mismatched parentheses"), ("1 +", "invalid syntax"), ("* 2", "invalid syntax"),
    ("1 2", "invalid syntax"), ("2 $ 3", "unexpected character '$'"),
])
def test_errors(expr, message):
    with pytest.raises(CalculatorError) as err:
        evaluate(expr)
    assert str(err.value) == message


def test_does_not_use_eval():
    source = open(calculator.__file__, encoding="utf-8").read()
    assert "eval(" not in source.replace("evaluate(", "").replace("_eval(", "")


def test_cli_argument(workspace):
    done = run_cli(workspace, ["2 * (3 + 4)"])
    assert done.returncode == 0 and done.stdout.strip() == "14"


def test_cli_argument_error(workspace):
    done = run_cli(workspace, ["1 / 0"])
    assert done.returncode == 1 and "Error: division by zero" in done.stderr


def test_repl(workspace):
    done = run_cli(workspace, [], stdin="1 + 2\n\n7 / 2\n1 / 0\n(1\n-0.25\nquit\n99\n")
    assert done.returncode == 0
    assert done.stdout.split("\n")[:5] == ["3", "3.5", "Error: division by zero", "Error: mismatched parentheses", "-0.25"]
    assert "99" not in done.stdout


def test_repl_ends_at_eof(workspace):
    done = run_cli(workspace, [], stdin="2 * 2\n")
    assert done.returncode == 0 and done.stdout.strip() == "4"
