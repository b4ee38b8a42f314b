"""Reference todo API: FastAPI over sqlite3, validation done by hand so it works on pydantic 1 and 2."""
import json
import os
import sqlite3

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse


def _row(r):
    return {"id": r[0], "title": r[1], "done": bool(r[2])}


def _title(value):
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise HTTPException(422, "title must be 1 to 200 characters")
    return value.strip()


async def _body(request):
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise HTTPException(422, "body must be JSON")
    if not isinstance(body, dict):
        raise HTTPException(422, "body must be an object")
    if "done" in body and not isinstance(body["done"], bool):
        raise HTTPException(422, "done must be a boolean")
    return body


def create_app(db_path):
    con = sqlite3.connect(db_path, check_same_thread=False)
    con.execute("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, done INTEGER NOT NULL)")
    con.commit()
    api = FastAPI()

    def get(todo_id):
        r = con.execute("SELECT id, title, done FROM todos WHERE id = ?", (todo_id,)).fetchone()
        if not r:
            raise HTTPException(404, "Todo not found")
        return r

    @api.get("/todos")
    def list_todos():
        return [_row(r) for r in con.execute("SELECT id, title, done FROM todos ORDER BY id")]

    @api.post("/todos", status_code=201)
    async def create(request: Request):
        body = await _body(request)
        title = _title(body.get("title"))
        cur = con.execute("INSERT INTO todos (title, done) VALUES (?, ?)", (title, int(body.get("done", False))))
        con.commit()
        return _row(get(cur.lastrowid))

    @api.get("/todos/{todo_id}")
    def read(todo_id: int):
        return _row(get(todo_id))

    @api.patch("/todos/{todo_id}")
    async def update(todo_id: int, request: Request):
        r = get(todo_id)
        body = await _body(request)
        title = _title(body["title"]) if "title" in body else r[1]
        done = int(body.get("done", bool(r[2])))
        con.execute("UPDATE todos SET title = ?, done = ? WHERE id = ?", (title, done, todo_id))
        con.commit()
        return _row(get(todo_id))

    @api.delete("/todos/{todo_id}", status_code=204)
    def delete(todo_id: int):
        get(todo_id)
        con.execute("DELETE FROM todos WHERE id = ?", (todo_id,))
        con.commit()
        return Response(status_code=204)

    return api


app = create_app(os.environ.get("TODO_DB", "todos.db"))
