import pytest
from fastapi.testclient import TestClient

import app as todo_module


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "todos.db")


@pytest.fixture
def client(db):
    return TestClient(todo_module.create_app(db))


def test_empty_list(client):
    r = client.get("/todos")
    assert r.status_code == 200 and r.json() == []


def test_create_and_get(client):
    r = client.post("/todos", json={"title": "  buy milk  "})
    assert r.status_code == 201
    assert r.json() == {"id": 1, "title": "buy milk", "done": False}
    r = client.get("/todos/1")
    assert r.status_code == 200 and r.json()["title"] == "buy milk"


def test_create_done_and_list_order(client):
    client.post("/todos", json={"title": "a"})
    client.post("/todos", json={"title": "b", "done": True})
    r = client.get("/todos")
    assert [(t["id"], t["title"], t["done"]) for t in r.json()] == [(1, "a", False), (2, "b", True)]


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "   "}, {"title": "x" * 201}, {"done": True}])
def test_validation(client, body):
    assert client.post("/todos", json=body).status_code == 422


def test_not_json(client):
    r = client.post("/todos", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_title_200_is_fine(client):
    assert client.post("/todos", json={"title": "x" * 200}).status_code == 201


def test_patch(client):
    client.post("/todos", json={"title": "a"})
    r = client.patch("/todos/1", json={"done": True})
    assert r.status_code == 200 and r.json() == {"id": 1, "title": "a", "done": True}
    r = client.patch("/todos/1", json={"title": "b"})
    assert r.json() == {"id": 1, "title": "b", "done": True}
    assert client.patch("/todos/1", json={"title": ""}).status_code == 422


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_404(client, method):
    kwargs = {"json": {"done": True}} if method == "patch" else {}
    r = getattr(client, method)("/todos/42", **kwargs)
    assert r.status_code == 404 and r.json() == {"detail": "Todo not found"}


def test_delete(client):
    client.post("/todos", json={"title": "a"})
    r = client.delete("/todos/1")
    assert r.status_code == 204 and r.content == b""
    assert client.get("/todos/1").status_code == 404


def test_persists_across_restart(db):
    TestClient(todo_module.create_app(db)).post("/todos", json={"title": "keep me"})
    r = TestClient(todo_module.create_app(db)).get("/todos")
    assert [t["title"] for t in r.json()] == ["keep me"]


def test_module_app_exists():
    assert hasattr(todo_module, "app")
