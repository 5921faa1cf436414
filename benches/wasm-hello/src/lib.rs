//! `GET /hello?name=x`, or POST with a JSON body: echoes what it received, as hello.ts does.

use laf_sdk::serde_json::{Map, Value};
use laf_sdk::{Context, Json, Result, json};

fn handler(ctx: Context) -> Result<Json<Value>> {
    let query: Map<String, Value> = ctx.query().iter().map(|(k, v)| (k.clone(), Value::from(v.as_str()))).collect();
    let body = if ctx.body().is_empty() { Value::Null } else { ctx.json::<Value>()? };
    Ok(Json(json!({
        "hello": ctx.query_param("name").unwrap_or("world"),
        "method": ctx.method(),
        "query": query,
        "body": body,
    })))
}

laf_sdk::export!(handler);
