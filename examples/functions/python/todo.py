# A todo list on the app's database, in pymongo's style:
#   GET    /python/todo                    list (newest first; ?done=true|false filters)
#   GET    /python/todo?id=<id>            one todo
#   POST   /python/todo  {"title": "..."}  add
#   PATCH  /python/todo  {"id": "...", "done": true}   (PUT works the same)
#   DELETE /python/todo?id=<id>            remove
import datetime

from laf import cloud, ObjectId, ReturnDocument

todos = cloud.mongo.db["todos_py"]


def fail(ctx, status, error):
    ctx.response.status(status)
    return {"error": error}


def object_id(value):
    return ObjectId(value) if ObjectId.is_valid(value) else None


def main(ctx):
    method, query = ctx.method, ctx.query
    body = ctx.body if isinstance(ctx.body, dict) else {}
    if method == "GET":
        if "id" in query:
            todo = todos.find_one({"_id": object_id(query["id"])})
            return todo or fail(ctx, 404, "no such todo")
        where = {} if "done" not in query else {"done": query["done"] == "true"}
        items = todos.find(where).sort("created_at", -1).limit(100).to_list()
        return {"list": items, "total": todos.count_documents(where)}
    if method == "POST":
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            return fail(ctx, 400, "title is required")
        todo = {"title": title.strip(), "done": False, "created_at": datetime.datetime.now(datetime.timezone.utc)}
        todos.insert_one(todo)  # sets todo["_id"], as pymongo does
        return todo
    if method in ("PATCH", "PUT"):
        oid = object_id(body.get("id"))
        if oid is None:
            return fail(ctx, 400, "id is required")
        changes = {"updated_at": datetime.datetime.now(datetime.timezone.utc)}
        if isinstance(body.get("done"), bool):
            changes["done"] = body["done"]
        if isinstance(body.get("title"), str):
            changes["title"] = body["title"].strip()
        todo = todos.find_one_and_update({"_id": oid}, {"$set": changes}, return_document=ReturnDocument.AFTER)
        return todo or fail(ctx, 404, "no such todo")
    if method == "DELETE":
        oid = object_id(query.get("id") or body.get("id"))
        if oid is None:
            return fail(ctx, 400, "id is required")
        deleted = todos.delete_one({"_id": oid}).deleted_count
        return {"deleted": deleted} if deleted else fail(ctx, 404, "no such todo")
    return fail(ctx, 405, f"method {method} not allowed")
