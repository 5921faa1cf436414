//! A language (`hostcall`, files `*.hostcall`) whose every function takes a JSON list of host
//! calls in MongoDB's extended JSON (`{"op": "db.find", "coll": ..., "_id": {"$oid": ...}}`),
//! makes them one by one through the plugin ABI exactly as given, and answers the list of replies
//! (`{"ok": value}` or `{"err": {code, message}}`, values in relaxed extended JSON). The source
//! is not read: the request is the program.

use bson::Bson;
use laf_plugin_abi::{Host, Plugin, Request, Response};
use serde_json::{Value, json};

/// The relay language.
pub struct Relay;

fn call(host: &Host<'_>, request: Value) -> Value {
    let request = match Bson::try_from(request) {
        Ok(Bson::Document(d)) => d,
        Ok(other) => return json!({ "err": { "code": "Relay", "message": format!("not a document: {other}") } }),
        Err(e) => return json!({ "err": { "code": "Relay", "message": e.to_string() } }),
    };
    match host.call(request) {
        Ok(value) => json!({ "ok": value.into_relaxed_extjson() }),
        Err(e) => json!({ "err": { "code": e.code, "message": e.message } }),
    }
}

impl Plugin for Relay {
    type Function = ();

    fn load(_name: &str, _source: &str) -> Result<(), String> {
        Ok(())
    }

    fn invoke(_: &(), request: Request, host: &Host<'_>) -> Result<Response, String> {
        let calls: Vec<Value> =
            serde_json::from_slice(&request.body).map_err(|e| format!("the body must be a JSON list: {e}"))?;
        let answers: Vec<Value> = calls.into_iter().map(|c| call(host, c)).collect();
        Ok(Response::json(&Value::Array(answers)))
    }
}

laf_plugin_abi::export_language!(Relay, "hostcall", "hostcall");
