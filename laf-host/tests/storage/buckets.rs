//! Buckets: create, list, delete, policies.

use laf_host::bindings::storage::{BucketPolicy, StorageError};

use crate::harness::Env;
use crate::support::{assert_err, write};

pub async fn create_duplicate_list_and_delete(env: Env) {
    let shop = env.app("shop");
    assert_eq!(shop.create_bucket("web", BucketPolicy::Private).await.unwrap(), "shop-web");
    shop.create_bucket("assets", BucketPolicy::Readonly).await.unwrap();
    env.app("other").create_bucket("web", BucketPolicy::Private).await.unwrap();
    assert_err(
        shop.create_bucket("web", BucketPolicy::Private).await,
        |e| matches!(e, StorageError::BucketExists(b) if b == "shop-web"),
        "duplicate bucket",
    );

    let listed = shop.list_buckets().await.unwrap();
    let names: Vec<_> = listed.iter().map(|b| (b.name.as_str(), b.policy)).collect();
    assert_eq!(names, [("shop-assets", BucketPolicy::Readonly), ("shop-web", BucketPolicy::Private)]);
    // The backend's own listing is sorted and scoped to the prefix asked for.
    let all: Vec<_> = env.backend.list_buckets("").await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(all, ["other-web", "shop-assets", "shop-web"]);
    let other: Vec<_> = env.backend.list_buckets("other-").await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(other, ["other-web"]);

    shop.delete_bucket("web").await.unwrap();
    let names: Vec<_> = shop.list_buckets().await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, ["shop-assets"]);
    assert_err(shop.delete_bucket("web").await, |e| matches!(e, StorageError::NoSuchBucket(_)), "delete missing");
    // ensure_bucket creates, then only updates the policy.
    shop.ensure_bucket("web", BucketPolicy::Private).await.unwrap();
    shop.ensure_bucket("web", BucketPolicy::Readwrite).await.unwrap();
    assert_eq!(shop.bucket_policy("web").await.unwrap(), BucketPolicy::Readwrite);
}

pub async fn delete_refuses_non_empty_bucket(env: Env) {
    let app = env.app("app");
    app.create_bucket("data", BucketPolicy::Private).await.unwrap();
    write(&app, "data", "dir/file.txt", "kept").await;
    assert_err(app.delete_bucket("data").await, |e| matches!(e, StorageError::BucketNotEmpty(_)), "non-empty");
    assert_eq!(crate::support::read(&app, "data", "dir/file.txt").await, "kept");
    app.delete_object("data", "dir/file.txt").await.unwrap();
    app.delete_bucket("data").await.unwrap();
    assert!(app.list_buckets().await.unwrap().is_empty());
}

pub async fn policies_round_trip(env: Env) {
    let app = env.app("app");
    app.create_bucket("site", BucketPolicy::Readwrite).await.unwrap();
    assert_eq!(app.bucket_policy("site").await.unwrap(), BucketPolicy::Readwrite);
    for policy in [BucketPolicy::Readonly, BucketPolicy::Private, BucketPolicy::Private, BucketPolicy::Readwrite] {
        app.set_bucket_policy("site", policy).await.unwrap();
        assert_eq!(app.bucket_policy("site").await.unwrap(), policy);
        assert_eq!(app.list_buckets().await.unwrap()[0].policy, policy);
    }
    app.create_bucket("plain", BucketPolicy::Private).await.unwrap();
    assert_eq!(app.bucket_policy("plain").await.unwrap(), BucketPolicy::Private);
    assert_err(app.bucket_policy("missing").await, |e| matches!(e, StorageError::NoSuchBucket(_)), "missing");
    assert_err(
        app.set_bucket_policy("missing", BucketPolicy::Readonly).await,
        |e| matches!(e, StorageError::NoSuchBucket(_)),
        "set on missing",
    );
}
