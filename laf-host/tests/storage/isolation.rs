//! Isolation: an app's handle cannot list, read, write, delete, copy from or presign another
//! app's buckets, including an app whose id extends its own (`shop` and `shop-eu`).

use std::time::Duration;

use laf_host::bindings::storage::{BucketPolicy, PresignMethod, PutOptions, Storage, StorageError};

use crate::harness::Env;
use crate::support::{read, write};

/// Tries every operation of `app` on `bucket` (a name of another app's bucket) and checks that
/// each is refused before reaching the backend.
async fn refused_everything(app: &Storage, bucket: &str) {
    let refused = |what: &str, e: Result<(), StorageError>| match e {
        Err(StorageError::AccessDenied(_)) => {}
        other => panic!("{} on {bucket:?} as {}: {other:?}", what, app.app_id()),
    };
    refused("get", app.get_object(bucket, "k", None).await.map(drop));
    refused("head", app.head_object(bucket, "k").await.map(drop));
    refused("list", app.list_objects(bucket, &Default::default()).await.map(drop));
    refused("put", app.put_object(bucket, "k", "stolen".into(), PutOptions::default()).await.map(drop));
    refused("delete", app.delete_object(bucket, "k").await);
    refused("copy from", app.copy_object(bucket, "k", "mine", "k").await.map(drop));
    refused("copy to", app.copy_object("mine", "k", bucket, "k").await.map(drop));
    refused("presign get", app.presign(PresignMethod::Get, bucket, "k", Duration::from_secs(60)).await.map(drop));
    refused("presign put", app.presign(PresignMethod::Put, bucket, "k", Duration::from_secs(60)).await.map(drop));
    refused("external url", app.external_url(bucket, "k").map(drop));
    refused("policy", app.bucket_policy(bucket).await.map(drop));
    refused("set policy", app.set_bucket_policy(bucket, BucketPolicy::Readwrite).await);
    refused("delete bucket", app.delete_bucket(bucket).await);
    refused("create bucket", app.create_bucket(bucket, BucketPolicy::Private).await.map(drop));
}

pub async fn app_cannot_reach_another_apps_buckets(env: Env) {
    let (a, b) = (env.app("alpha"), env.app("beta"));
    b.create_bucket("data", BucketPolicy::Private).await.unwrap();
    write(&b, "data", "k", "beta's").await;
    a.create_bucket("mine", BucketPolicy::Private).await.unwrap();
    write(&a, "mine", "k", "alpha's").await;

    assert_eq!(a.list_buckets().await.unwrap().into_iter().map(|b| b.name).collect::<Vec<_>>(), ["alpha-mine"]);
    refused_everything(&a, "beta-data").await;
    // Nothing of beta's changed.
    assert_eq!(read(&b, "data", "k").await, "beta's");
    assert_eq!(b.bucket_policy("data").await.unwrap(), BucketPolicy::Private);
    assert_eq!(b.list_buckets().await.unwrap().len(), 1);
}

pub async fn prefix_sharing_apps_are_separate(env: Env) {
    let (shop, shop_eu) = (env.app("shop"), env.app("shop-eu"));
    shop_eu.create_bucket("web", BucketPolicy::Private).await.unwrap();
    write(&shop_eu, "web", "k", "eu's").await;
    shop.create_bucket("mine", BucketPolicy::Private).await.unwrap();
    write(&shop, "mine", "k", "shop's").await;

    // `shop-eu-web` starts with `shop-`, yet it is not shop's.
    let names: Vec<_> = shop.list_buckets().await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, ["shop-mine"]);
    let names: Vec<_> = shop_eu.list_buckets().await.unwrap().into_iter().map(|b| b.name).collect();
    assert_eq!(names, ["shop-eu-web"]);
    refused_everything(&shop, "shop-eu-web").await;
    refused_everything(&shop, "eu-web").await;
    // And the other way round.
    refused_everything(&shop_eu, "shop-mine").await;
    assert_eq!(read(&shop_eu, "web", "k").await, "eu's");
    assert_eq!(read(&shop, "mine", "k").await, "shop's");
}
