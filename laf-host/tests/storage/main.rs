//! The storage conformance suite: one set of cases, run on every backend.
//!
//! Each case is an async function taking an [`harness::Env`]: a fresh backend of one kind, with
//! [`harness::Env::app`] for per-app handles. [`conformance!`] turns every case into one test per
//! backend: `s3::...` against a real S3 server (s3s + s3s-fs) started in the test on a loopback
//! port, `local::...` on the local filesystem backend with the host serving its presigned URLs.
//! Expected results are S3's documented behaviour, which both backends promise.

mod buckets;
#[path = "../../../tests/support/eventually.rs"]
mod eventually;
mod harness;
mod isolation;
mod listing;
mod objects;
mod presign;
mod s3_only;
mod s3_server;
mod streaming;
mod support;

/// Generates, for every `file { case, ... }`, `s3::file::case` and `local::file::case`.
macro_rules! conformance {
    ($( $file:ident { $($case:ident),* $(,)? } )*) => {
        mod s3 {
            $( mod $file { $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::harness::s3(crate::$file::$case).await
                }
            )* } )*
        }
        mod local {
            $( mod $file { $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::harness::local(crate::$file::$case).await
                }
            )* } )*
        }
    };
}

conformance! {
    buckets {
        create_duplicate_list_and_delete, delete_refuses_non_empty_bucket, policies_round_trip,
    }
    objects {
        put_get_head_keep_content_type_and_metadata, missing_objects_and_buckets, byte_ranges, overwrite_replaces,
        delete_is_idempotent, copy_keeps_content_type_and_metadata, awkward_keys, traversal_keys_are_refused,
        metadata_must_travel_as_headers,
    }
    listing {
        prefix_and_delimiter, pages_with_continuation, pages_with_delimiter, start_after,
    }
    streaming {
        large_streamed_put_and_get, small_known_length_stream, failed_stream_leaves_no_object,
    }
    presign {
        presigned_get_and_put, tampered_url_is_refused, expired_url_is_refused,
    }
    isolation {
        app_cannot_reach_another_apps_buckets, prefix_sharing_apps_are_separate,
    }
}
