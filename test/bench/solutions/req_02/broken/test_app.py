from fastapi.testclient import TestClient

from app import create_app


def test_create(tmp_path):
    client = TestClient(create_app(str(tmp_path / "t.db")))
    assert client.post("/todos", json={"title": "x"}).status_code == 201
