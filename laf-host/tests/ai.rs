//! Generating a function from a description through the admin API (`POST
//! /_/api/apps/{app}/ai/generate`), against a local server speaking OpenAI's chat-completions
//! protocol: what is sent (model, key, instructions, the description), what comes back (the code
//! out of the model's fenced block), and the errors a user sees when the endpoint refuses or is gone.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::State;
use axum::routing::post;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use laf_host::Host;
use laf_host::gateway::ai::AiConfig;
use serde_json::{Value, json};
use tower::ServiceExt;

const TOKEN: &str = "ai-admin-token";
const KEY: &str = "sk-test-key";

type Seen = Arc<Mutex<Vec<(Option<String>, Value)>>>;

/// A chat-completions server: it answers with a fenced block wrapped in prose, except for the
/// model `refusing`, which gets OpenAI's 401 shape.
async fn stub() -> (String, Seen) {
    async fn complete(State(seen): State<Seen>, headers: HeaderMap, body: String) -> axum::response::Response {
        use axum::response::IntoResponse;
        let body: Value = serde_json::from_str(&body).unwrap();
        let auth = headers.get("authorization").map(|v| v.to_str().unwrap().to_owned());
        seen.lock().unwrap().push((auth, body.clone()));
        if body["model"] == "refusing" {
            let error =
                json!({ "error": { "message": "Incorrect API key provided", "type": "invalid_request_error" } });
            return (StatusCode::UNAUTHORIZED, axum::Json(error)).into_response();
        }
        let content = "Here is the function:\n```ts\nexport default async function (ctx: FunctionContext) {\n  return { ok: true }\n}\n```\nIt answers ok.";
        axum::Json(json!({
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "stub-model-2026",
            "choices": [{ "index": 0, "message": { "role": "assistant", "content": content }, "finish_reason": "stop" }],
        }))
        .into_response()
    }
    let seen = Seen::default();
    let router = axum::Router::new().route("/v1/chat/completions", post(complete)).with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (url, seen)
}

fn host(ai: Option<AiConfig>) -> Host {
    let mut builder = Host::builder().workers(1).admin_token(TOKEN);
    if let Some(ai) = ai {
        builder = builder.ai(ai);
    }
    let host = builder.build().unwrap();
    host.create_app("shop", None).unwrap();
    host
}

async fn call(host: &Host, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let response = host.router().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_description_becomes_the_code_of_the_models_fenced_block() {
    let (url, seen) = stub().await;
    let host = host(Some(AiConfig::new(url, "gpt-test", Some(KEY.into()))));
    assert_eq!(
        call(&host, Method::GET, "/_/api/ai", None).await,
        (StatusCode::OK, json!({"enabled": true, "model": "gpt-test"}))
    );

    let asked = json!({ "description": "list the todos that are not done", "name": "todos/open" });
    let (status, body) = call(&host, Method::POST, "/_/api/apps/shop/ai/generate", Some(asked)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], "export default async function (ctx: FunctionContext) {\n  return { ok: true }\n}\n");
    assert_eq!(body["language"], "ts");
    assert_eq!(body["model"], "stub-model-2026", "the model the endpoint says answered");

    let (auth, request) = seen.lock().unwrap()[0].clone();
    assert_eq!(auth.as_deref(), Some("Bearer sk-test-key"));
    assert_eq!(request["model"], "gpt-test");
    let system = request["messages"][0]["content"].as_str().unwrap();
    assert_eq!(request["messages"][0]["role"], "system");
    assert!(system.contains("@lafjs/cloud") && system.contains("FunctionContext"), "{system}");
    let user = request["messages"][1]["content"].as_str().unwrap();
    assert!(user.starts_with("list the todos that are not done") && user.contains("/todos/open"), "{user}");

    // Python gets Python's conventions.
    let asked = json!({ "description": "count users", "language": "python" });
    let (status, body) = call(&host, Method::POST, "/_/api/apps/shop/ai/generate", Some(asked)).await;
    assert_eq!((status, body["language"].as_str()), (StatusCode::OK, Some("python")));
    let system = seen.lock().unwrap()[1].1["messages"][0]["content"].as_str().unwrap().to_owned();
    assert!(system.contains("def main(ctx)") && system.contains("from laf import"), "{system}");
}

#[tokio::test]
async fn bad_requests_and_failing_endpoints_get_clear_errors() {
    let (url, seen) = stub().await;
    let host = host(Some(AiConfig::new(url.clone(), "gpt-test", None)));
    let generate = |body: Value| call(&host, Method::POST, "/_/api/apps/shop/ai/generate", Some(body));

    let (status, body) = generate(json!({ "description": "  " })).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("description")));
    let (status, body) = generate(json!({ "description": "x", "language": "cobol" })).await;
    assert_eq!((status, body["field"].as_str()), (StatusCode::BAD_REQUEST, Some("language")));
    let (status, _) =
        call(&host, Method::POST, "/_/api/apps/nope/ai/generate", Some(json!({"description": "x"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(seen.lock().unwrap().is_empty(), "nothing was asked for bad input");
    // No key configured: no Authorization header sent.
    let (status, _) = generate(json!({ "description": "hello" })).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.lock().unwrap()[0].0, None);

    let refusing = host_with(&url, "refusing");
    let (status, body) =
        call(&refusing, Method::POST, "/_/api/apps/shop/ai/generate", Some(json!({"description": "x"}))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("401") && message.contains("Incorrect API key provided"), "{message}");

    // An endpoint that is not there (a port nothing listens on).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let gone = host_with(&format!("http://{closed}/v1"), "gpt-test");
    let (status, body) =
        call(&gone, Method::POST, "/_/api/apps/shop/ai/generate", Some(json!({"description": "x"}))).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    let message = body["error"].as_str().unwrap();
    assert!(message.contains("did not answer") && message.contains(&closed.to_string()), "{message}");
}

fn host_with(url: &str, model: &str) -> Host {
    host(Some(AiConfig::new(url, model, None)))
}

#[tokio::test]
async fn without_a_configuration_generation_is_off_and_says_how_to_turn_it_on() {
    let host = host(None);
    assert_eq!(call(&host, Method::GET, "/_/api/ai", None).await, (StatusCode::OK, json!({"enabled": false})));
    let (status, body) =
        call(&host, Method::POST, "/_/api/apps/shop/ai/generate", Some(json!({"description": "x"}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["error"].as_str().unwrap().contains("--ai-url"), "{body}");
}
