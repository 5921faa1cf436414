//! A Laf function in Rust: `GET /hello_rust?name=ada` (or POST `{"name": "ada"}`) records a visit in the
//! `visits` collection, writes a note to the `uploads` bucket, reads both back and answers JSON.

use laf_sdk::{Context, Json, Result, doc, serde_json};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct Input {
    name: Option<String>,
}

#[derive(Serialize)]
struct Output {
    request_id: String,
    visit: serde_json::Value,
    visits_by_name: u64,
    note: String,
    note_etag: String,
}

async fn handler(ctx: Context) -> Result<Json<Output>> {
    // The name comes from the query string or from a JSON body.
    let from_body = if ctx.method() == "POST" { ctx.json::<Option<Input>>()?.and_then(|i| i.name) } else { None };
    let name = ctx.query_param("name").map(str::to_string).or(from_body).unwrap_or_else(|| "anonymous".into());

    let visits = ctx.db().collection("visits");
    let id = visits.insert_one(doc! { "name": &name, "requestId": ctx.request_id() })?;
    let visit = visits.find_one(doc! { "_id": id.clone() })?.unwrap_or_default();
    let visits_by_name = visits.count(doc! { "name": &name })?;

    let notes = ctx.storage().bucket("uploads");
    let key = format!("visits/{name}.txt");
    let note_etag = notes.write(&key, format!("last visit of {name}: {id}"), Some("text/plain"))?;
    let note = String::from_utf8_lossy(&notes.read(&key)?.body).into_owned();

    ctx.log().info(format!("{name} visited ({visits_by_name} times)"));
    Ok(Json(Output {
        request_id: ctx.request_id().to_string(),
        visit: laf_sdk::Bson::Document(visit).into_relaxed_extjson(),
        visits_by_name,
        note,
        note_etag,
    }))
}

laf_sdk::export!(handler);
