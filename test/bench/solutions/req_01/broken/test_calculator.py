from calculator import evaluate


def test_precedence():
    assert evaluate("2 + 3 * 4") == 14


def test_wrong_on_purpose():
    assert evaluate("1 + 1") == 3
