//! Bucket policies as S3 documents: the standard anonymous policies Laf sets, and reading a
//! stored policy back as one of them.

use serde_json::{Value, json};

use crate::bindings::storage::BucketPolicy;

/// The S3 policy document granting `policy`'s anonymous access to `bucket`'s objects, or `None`
/// for [`BucketPolicy::Private`] (no document at all).
pub(super) fn document(bucket: &str, policy: BucketPolicy) -> Option<String> {
    let actions: &[&str] = match policy {
        BucketPolicy::Private => return None,
        BucketPolicy::Readonly => &["s3:GetObject"],
        BucketPolicy::Readwrite => &["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    };
    let doc = json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "AWS": ["*"] },
            "Action": actions,
            "Resource": [format!("arn:aws:s3:::{bucket}/*")],
        }],
    });
    Some(doc.to_string())
}

/// What anonymous callers may do with `bucket`'s objects under the policy document `text`:
/// readwrite if some allowing statement for everyone lets them get and put objects, readonly if
/// only get, else private (an unreadable document grants nothing).
pub(super) fn classify(bucket: &str, text: &str) -> BucketPolicy {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return BucketPolicy::Private;
    };
    let objects = format!("arn:aws:s3:::{bucket}/*");
    let (mut read, mut write) = (false, false);
    for statement in as_list(&doc["Statement"]) {
        let allows = statement["Effect"].as_str() == Some("Allow");
        let anonymous = match &statement["Principal"] {
            Value::String(s) => s == "*",
            Value::Object(p) => p.get("AWS").is_some_and(|aws| as_list(aws).any(|v| v.as_str() == Some("*"))),
            _ => false,
        };
        let on_objects =
            as_list(&statement["Resource"]).any(|r| matches!(r.as_str(), Some(r) if r == objects || r == "*"));
        if !(allows && anonymous && on_objects) {
            continue;
        }
        for action in as_list(&statement["Action"]).filter_map(Value::as_str) {
            match action {
                "s3:GetObject" => read = true,
                "s3:PutObject" => write = true,
                "s3:*" | "*" => (read, write) = (true, true),
                _ => {}
            }
        }
    }
    match (read, write) {
        (true, true) => BucketPolicy::Readwrite,
        (true, false) => BucketPolicy::Readonly,
        _ => BucketPolicy::Private,
    }
}

/// A policy field that may be one value or an array of them.
fn as_list(value: &Value) -> impl Iterator<Item = &Value> {
    match value {
        Value::Array(items) => items.iter().collect::<Vec<_>>().into_iter(),
        Value::Null => Vec::new().into_iter(),
        one => vec![one].into_iter(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_read_back_as_their_policy() {
        for policy in [BucketPolicy::Readonly, BucketPolicy::Readwrite] {
            let doc = document("app-web", policy).unwrap();
            assert_eq!(classify("app-web", &doc), policy);
            // A document for another bucket grants nothing here.
            assert_eq!(classify("app-other", &doc), BucketPolicy::Private);
        }
        assert_eq!(document("app-web", BucketPolicy::Private), None);
    }

    #[test]
    fn minio_style_documents_are_understood() {
        // As `mc anonymous set download` writes it: single values, plus bucket-level actions.
        let doc = r#"{"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Principal":{"AWS":["*"]},"Action":["s3:GetBucketLocation","s3:ListBucket"],"Resource":["arn:aws:s3:::b"]},
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#;
        assert_eq!(classify("b", doc), BucketPolicy::Readonly);
        let deny = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*"}]}"#;
        assert_eq!(classify("b", deny), BucketPolicy::Private);
        assert_eq!(classify("b", "not json"), BucketPolicy::Private);
    }
}
