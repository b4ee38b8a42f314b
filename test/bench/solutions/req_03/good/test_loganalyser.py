from loganalyser import analyse


def test_blank():
    assert analyse([""])["total"] == 0
