//! Published functions and their history live in the database: a host built again on the same
//! store serves the same versions and remembers every earlier one.

use std::sync::Arc;

use bytes::Bytes;
use laf_host::app::DatabaseStore;
use laf_host::bindings::database::embedded::EmbeddedProvider;
use laf_host::{FunctionSource, Host};

fn host_on(provider: &EmbeddedProvider, history: DatabaseStore) -> Host {
    Host::builder()
        .language(lang_js::JsLanguage::new())
        .workers(1)
        .database(Arc::new(provider.clone()))
        .registry_store(Arc::new(history))
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
        let host = host_on(&provider, DatabaseStore::open(&provider).await.unwrap());
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
    let host = host_on(&provider, DatabaseStore::open(&provider).await.unwrap());
    let app = host.create_app("shop", None).unwrap();
    assert_eq!(app.restore().await.unwrap(), 2, "f and read are restored, the removed function is not");
    let post = http::Request::post("/read").body(Bytes::new()).unwrap();
    assert_eq!(host.invoke("shop", "read", post).await.unwrap().status, 405, "allowed methods are restored too");
    assert_eq!(get(&host, "/f").await, (200, "v2".to_owned()));
    assert_eq!(app.function("f").unwrap().version, 2);
    assert_eq!(get(&host, "/gone").await.0, 404);
    let history = app.history("f").await.unwrap();
    assert_eq!(history.iter().map(|r| r.version).collect::<Vec<_>>(), vec![1, 2]);
    assert!(history[0].text().contains("'v1'"));
    // The next publish continues the numbering.
    host.publish("shop", FunctionSource::new("f", "f.ts", "export default () => 'v3'")).await.unwrap();
    assert_eq!(app.function("f").unwrap().version, 3);
    drop(host);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A binary "language" that answers its own source bytes, so the test sees exactly what the
/// registry handed back to `load`.
struct EchoBytes;

struct EchoFunction(Bytes);

#[async_trait::async_trait]
impl laf_host::Language for EchoBytes {
    fn id(&self) -> &str {
        "echo-bytes"
    }

    fn accepts(&self, source: &FunctionSource) -> bool {
        source.extension().as_deref() == Some("bin")
    }

    async fn load(
        &self,
        _app: &laf_host::AppView<'_>,
        source: &FunctionSource,
    ) -> Result<Arc<dyn laf_host::LoadedFunction>, laf_host::LoadError> {
        Ok(Arc::new(EchoFunction(Bytes::copy_from_slice(source.bytes()))))
    }
}

#[async_trait::async_trait]
impl laf_host::LoadedFunction for EchoFunction {
    async fn invoke(
        &self,
        _ctx: laf_host::FunctionContext,
    ) -> Result<laf_host::FunctionResponse, laf_host::InvokeError> {
        Ok(laf_host::FunctionResponse::bytes(self.0.clone()))
    }
}

#[tokio::test]
async fn binary_sources_are_versioned_and_restored_byte_for_byte() {
    let dir = std::env::temp_dir().join(format!("laf-registry-bin-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let build = |provider: &EmbeddedProvider, history: DatabaseStore| {
        Host::builder()
            .language(EchoBytes)
            .database(Arc::new(provider.clone()))
            .registry_store(Arc::new(history))
            .build()
            .unwrap()
    };
    // Not UTF-8, and the same (empty) `code` for both versions: only the bytes tell them apart.
    let (v1, v2) = (vec![0u8, 0x61, 0x73, 0x6d, 0xff], vec![0u8, 0x61, 0x73, 0x6d, 0xfe, 1]);
    {
        let provider = EmbeddedProvider::open(&dir).unwrap();
        let host = build(&provider, DatabaseStore::open(&provider).await.unwrap());
        host.create_app("shop", None).unwrap();
        host.publish("shop", FunctionSource::binary("f", "f.bin", v1.clone())).await.unwrap();
        let p = host.publish("shop", FunctionSource::binary("f", "f.bin", v2.clone())).await.unwrap();
        assert_eq!(p.version, 2, "different bytes are a new version");
        let p = host.publish("shop", FunctionSource::binary("f", "f.bin", v2.clone())).await.unwrap();
        assert_eq!(p.version, 2, "the same bytes again are not");
    }
    let provider = EmbeddedProvider::open(&dir).unwrap();
    let host = build(&provider, DatabaseStore::open(&provider).await.unwrap());
    let app = host.create_app("shop", None).unwrap();
    assert_eq!(app.restore().await.unwrap(), 1);
    let r = host.invoke("shop", "f", http::Request::get("/f").body(Bytes::new()).unwrap()).await.unwrap();
    match r.body {
        laf_host::ResponseBody::Full(b) => assert_eq!(b.as_ref(), v2.as_slice(), "the live version's bytes"),
        _ => panic!("expected the bytes"),
    }
    let history = app.history("f").await.unwrap();
    assert_eq!(history[0].binary().map(|b| b.as_ref()), Some(v1.as_slice()), "every version keeps its bytes");
    // A version is one document: a source too big for one is refused by name, v2 keeps serving.
    let huge = vec![7u8; 16 << 20];
    let err = host.publish("shop", FunctionSource::binary("f", "f.bin", huge)).await.unwrap_err().to_string();
    assert!(err.contains("f.bin is 16.0 MiB"), "{err}");
    assert_eq!(app.function("f").unwrap().version, 2);
    drop(host);
    let _ = std::fs::remove_dir_all(&dir);
}
