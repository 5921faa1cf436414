//! Published functions and their history live in the database: a host built again on the same
//! store serves the same versions and remembers every earlier one.

use std::sync::Arc;

use bytes::Bytes;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::bindings::database::history::DatabaseHistory;
use laf_host::{FunctionSource, Host};

fn host_on(provider: &EmbeddedProvider, history: DatabaseHistory) -> Host {
    Host::builder()
        .language(lang_js::JsLanguage::new())
        .workers(1)
        .database(Arc::new(provider.clone()))
        .history(Arc::new(history))
        .build()
        .unwrap()
}

async fn get(host: &Host, path: &str) -> (u16, String) {
    let r = host.invoke("shop", &path[1..], http::Request::get(path).body(Bytes::new()).unwrap()).await.unwrap();
    let body = match r.body {
        laf_host::ResponseBody::Full(b) => String::from_utf8_lossy(&b).into_owned(),
        laf_host::ResponseBody::Empty => String::new(),
        laf_host::ResponseBody::Stream(_) | laf_host::ResponseBody::Reader(_) => panic!("unexpected stream"),
    };
    (r.status.as_u16(), body)
}

#[tokio::test]
async fn functions_and_history_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("laf-registry-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    {
        let provider = EmbeddedProvider::open(&dir).unwrap();
        let host = host_on(&provider, DatabaseHistory::open(&provider).await.unwrap());
        host.create_app("shop", None).unwrap();
        for v in ["v1", "v2"] {
            let code = format!("export default () => '{v}'");
            host.publish("shop", FunctionSource::new("f", "f.ts", code)).await.unwrap();
        }
        host.publish("shop", FunctionSource::new("gone", "gone.ts", "export default () => 1")).await.unwrap();
        let get_only =
            FunctionSource::new("read", "read.ts", "export default () => 'r'").with_methods(vec![http::Method::GET]);
        host.publish("shop", get_only).await.unwrap();
        assert!(host.app("shop").unwrap().remove("gone").await.unwrap());
        // Publishing what already serves is not a new version.
        host.publish("shop", FunctionSource::new("f", "f.ts", "export default () => 'v2'")).await.unwrap();
        assert_eq!(get(&host, "/f").await, (200, "v2".to_owned()));
    }

    let provider = EmbeddedProvider::open(&dir).unwrap();
    let host = host_on(&provider, DatabaseHistory::open(&provider).await.unwrap());
    let app = host.create_app("shop", None).unwrap();
    assert_eq!(app.restore().await.unwrap(), 2, "f and read are restored, the removed function is not");
    let post = http::Request::post("/read").body(Bytes::new()).unwrap();
    assert_eq!(host.invoke("shop", "read", post).await.unwrap().status, 405, "allowed methods are restored too");
    assert_eq!(get(&host, "/f").await, (200, "v2".to_owned()));
    assert_eq!(app.function("f").unwrap().version, 2);
    assert_eq!(get(&host, "/gone").await.0, 404);
    let history = app.history("f").await.unwrap();
    assert_eq!(history.iter().map(|r| r.version).collect::<Vec<_>>(), vec![1, 2]);
    assert!(history[0].code.contains("'v1'"));
    // The next publish continues the numbering.
    host.publish("shop", FunctionSource::new("f", "f.ts", "export default () => 'v3'")).await.unwrap();
    assert_eq!(app.function("f").unwrap().version, 3);
    drop(host);
    let _ = std::fs::remove_dir_all(&dir);
}
