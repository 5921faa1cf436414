//! ListObjectsV2: prefix, delimiter, pages, start_after.

use laf_host::bindings::storage::{BucketPolicy, ListOptions, ListPage, Storage};

use crate::harness::Env;
use crate::support::write;

const KEYS: [&str; 6] = ["a.txt", "docs/sub/z.md", "docs/x.md", "docs/y.md", "img/p.png", "readme"];

async fn filled(env: &Env) -> Storage {
    let app = env.app("app");
    app.create_bucket("files", BucketPolicy::Private).await.unwrap();
    for key in KEYS {
        write(&app, "files", key, "x").await;
    }
    app
}

async fn list(app: &Storage, options: ListOptions) -> ListPage {
    app.list_objects("files", &options).await.unwrap()
}

fn keys(page: &ListPage) -> Vec<&str> {
    page.objects.iter().map(|o| o.key.as_str()).collect()
}

pub async fn prefix_and_delimiter(env: Env) {
    let app = filled(&env).await;
    let all = list(&app, ListOptions::default()).await;
    assert_eq!(keys(&all), KEYS);
    assert!(!all.is_truncated && all.next_continuation_token.is_none() && all.common_prefixes.is_empty());
    assert!(all.objects.iter().all(|o| o.size == 1 && o.etag.starts_with('"')));

    let docs = list(&app, ListOptions { prefix: Some("docs/".into()), ..Default::default() }).await;
    assert_eq!(keys(&docs), ["docs/sub/z.md", "docs/x.md", "docs/y.md"]);

    let top = list(&app, ListOptions { delimiter: Some("/".into()), ..Default::default() }).await;
    assert_eq!(keys(&top), ["a.txt", "readme"]);
    assert_eq!(top.common_prefixes, ["docs/", "img/"]);

    let options = ListOptions { prefix: Some("docs/".into()), delimiter: Some("/".into()), ..Default::default() };
    let inside = list(&app, options).await;
    assert_eq!(keys(&inside), ["docs/x.md", "docs/y.md"]);
    assert_eq!(inside.common_prefixes, ["docs/sub/"]);

    let none = list(&app, ListOptions { prefix: Some("nothing/".into()), ..Default::default() }).await;
    assert!(none.objects.is_empty() && none.common_prefixes.is_empty() && !none.is_truncated);
}

pub async fn pages_with_continuation(env: Env) {
    let app = filled(&env).await;
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut options = ListOptions { max_keys: Some(4), ..Default::default() };
    loop {
        let page = list(&app, options.clone()).await;
        sizes.push(page.objects.len());
        seen.extend(keys(&page).into_iter().map(str::to_owned));
        if !page.is_truncated {
            assert!(page.next_continuation_token.is_none());
            break;
        }
        options.continuation_token = Some(page.next_continuation_token.expect("a truncated page has a token"));
    }
    assert_eq!(sizes, [4, 2]);
    assert_eq!(seen, KEYS);

    // One key per page.
    let first = list(&app, ListOptions { max_keys: Some(1), ..Default::default() }).await;
    assert_eq!(keys(&first), ["a.txt"]);
    assert!(first.is_truncated);
    let options =
        ListOptions { max_keys: Some(1), continuation_token: first.next_continuation_token, ..Default::default() };
    assert_eq!(keys(&list(&app, options).await), ["docs/sub/z.md"]);
}

pub async fn pages_with_delimiter(env: Env) {
    let app = filled(&env).await;
    // Objects and common prefixes share the page budget, in key order.
    let options = ListOptions { delimiter: Some("/".into()), max_keys: Some(2), ..Default::default() };
    let first = list(&app, options.clone()).await;
    assert_eq!(keys(&first), ["a.txt"]);
    assert_eq!(first.common_prefixes, ["docs/"]);
    assert!(first.is_truncated);
    let options = ListOptions { continuation_token: first.next_continuation_token, ..options };
    let second = list(&app, options).await;
    assert_eq!(keys(&second), ["readme"]);
    assert_eq!(second.common_prefixes, ["img/"]);
    assert!(!second.is_truncated);
}

pub async fn start_after(env: Env) {
    let app = filled(&env).await;
    let after = list(&app, ListOptions { start_after: Some("docs/x.md".into()), ..Default::default() }).await;
    assert_eq!(keys(&after), ["docs/y.md", "img/p.png", "readme"]);
    // A key that does not exist works as a position too.
    let after = list(&app, ListOptions { start_after: Some("e".into()), ..Default::default() }).await;
    assert_eq!(keys(&after), ["img/p.png", "readme"]);
    let options = ListOptions { start_after: Some("a".into()), prefix: Some("docs/".into()), ..Default::default() };
    assert_eq!(keys(&list(&app, options).await), ["docs/sub/z.md", "docs/x.md", "docs/y.md"]);
}
