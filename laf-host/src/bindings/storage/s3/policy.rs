//! Bucket policies as S3 documents: the standard anonymous policies Laf sets, and reading a
//! stored policy back as one of them.

use serde_json::{Value, json};

use crate::bindings::storage::BucketPolicy;

/// The S3 policy document granting `policy`'s anonymous access to `bucket`'s objects, or `None`
/// for [`BucketPolicy::Private`] (no document at all).
pub(crate) fn document(bucket: &str, policy: BucketPolicy) -> Option<String> {
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
/// readwrite if allowing statements for everyone let them get and put objects, readonly if only
/// get, else private.
///
/// The answer decides what the host serves with its own credentials (a `readonly` bucket is a
/// public website), so anything this reading cannot evaluate exactly makes the bucket private:
/// an unreadable document, any `Deny` (or other non-`Allow`) statement, any `Condition`,
/// `NotPrincipal`, `NotAction` or `NotResource`, a principal other than everyone, and a
/// resource other than the whole bucket (`arn:aws:s3:::<bucket>/*`, the bucket itself, or `*`).
pub(crate) fn classify(bucket: &str, text: &str) -> BucketPolicy {
    let Ok(doc) = serde_json::from_str::<Value>(text) else {
        return BucketPolicy::Private;
    };
    let objects = format!("arn:aws:s3:::{bucket}/*");
    let whole_bucket = format!("arn:aws:s3:::{bucket}");
    let (mut read, mut write) = (false, false);
    for statement in as_list(&doc["Statement"]) {
        let Value::Object(fields) = statement else {
            return BucketPolicy::Private;
        };
        if statement["Effect"].as_str() != Some("Allow")
            || ["Condition", "NotPrincipal", "NotAction", "NotResource"].iter().any(|f| fields.contains_key(*f))
            || !is_everyone(&statement["Principal"])
        {
            return BucketPolicy::Private;
        }
        let resources: Vec<&str> = match as_list(&statement["Resource"]).map(Value::as_str).collect() {
            Some(resources) => resources,
            None => return BucketPolicy::Private,
        };
        if resources.iter().any(|r| *r != objects && *r != whole_bucket && *r != "*") {
            return BucketPolicy::Private;
        }
        if !resources.iter().any(|r| *r == objects || *r == "*") {
            // Bucket-level grants (listing, location) say nothing about the objects.
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

/// Whether a statement's `Principal` is everyone and no one else: `"*"`, `{"AWS": "*"}` or
/// `{"AWS": ["*"]}`.
fn is_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(s) => s == "*",
        Value::Object(p) => {
            p.len() == 1
                && p.get("AWS").is_some_and(|aws| {
                    let mut names = as_list(aws).peekable();
                    names.peek().is_some() && names.all(|v| v.as_str() == Some("*"))
                })
        }
        _ => false,
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

    /// A document whose statements are `statements` (JSON objects, comma-separated).
    fn doc(statements: &str) -> String {
        format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
    }

    const READ_ALL: &str =
        r#"{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#;

    #[test]
    fn a_deny_statement_makes_the_bucket_private() {
        assert_eq!(classify("b", &doc(READ_ALL)), BucketPolicy::Readonly);
        // The review's case: public reads except under private/ must not become a public site.
        let deny = r#"{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/private/*"}"#;
        assert_eq!(classify("b", &doc(&format!("{READ_ALL},{deny}"))), BucketPolicy::Private);
        assert_eq!(classify("b", &doc(&format!("{deny},{READ_ALL}"))), BucketPolicy::Private);
        // Neither Allow nor Deny, or no Effect at all.
        let odd = READ_ALL.replace("Allow", "Maybe");
        assert_eq!(classify("b", &doc(&odd)), BucketPolicy::Private);
        let none = READ_ALL.replace(r#""Effect":"Allow","#, "");
        assert_eq!(classify("b", &doc(&none)), BucketPolicy::Private);
    }

    #[test]
    fn conditions_make_the_bucket_private() {
        let conditional =
            READ_ALL.replace(r#""Resource""#, r#""Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}},"Resource""#);
        assert_eq!(classify("b", &doc(&conditional)), BucketPolicy::Private);
        // Even on a statement that grants nothing on the objects.
        let listing = r#"{"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"StringEquals":{"s3:prefix":"pub/"}}}"#;
        assert_eq!(classify("b", &doc(&format!("{READ_ALL},{listing}"))), BucketPolicy::Private);
    }

    #[test]
    fn not_principal_not_action_and_not_resource_make_the_bucket_private() {
        let not_principal = READ_ALL.replace(r#""Principal":"*""#, r#""NotPrincipal":{"AWS":"arn:aws:iam::1:user/x"}"#);
        assert_eq!(classify("b", &doc(&not_principal)), BucketPolicy::Private);
        let not_action = READ_ALL.replace(r#""Action":"s3:GetObject""#, r#""NotAction":"s3:DeleteObject""#);
        assert_eq!(classify("b", &doc(&not_action)), BucketPolicy::Private);
        let not_resource =
            READ_ALL.replace(r#""Resource":"arn:aws:s3:::b/*""#, r#""NotResource":"arn:aws:s3:::b/private/*""#);
        assert_eq!(classify("b", &doc(&not_resource)), BucketPolicy::Private);
        // Alongside the fields they negate, too.
        let both = READ_ALL.replace(r#""Resource""#, r#""NotResource":"arn:aws:s3:::b/private/*","Resource""#);
        assert_eq!(classify("b", &doc(&both)), BucketPolicy::Private);
    }

    #[test]
    fn only_everyone_counts_as_a_principal() {
        for everyone in [r#""*""#, r#"{"AWS":"*"}"#, r#"{"AWS":["*"]}"#] {
            let d = READ_ALL.replace(r#""Principal":"*""#, &format!(r#""Principal":{everyone}"#));
            assert_eq!(classify("b", &doc(&d)), BucketPolicy::Readonly, "{everyone}");
        }
        for someone in [
            r#"{"AWS":"arn:aws:iam::123456789012:root"}"#,
            r#"{"AWS":["*","arn:aws:iam::123456789012:root"]}"#,
            r#"{"AWS":[]}"#,
            r#"{"AWS":"*","Service":"cloudfront.amazonaws.com"}"#,
            r#"{"Service":"*"}"#,
            r#"{"CanonicalUser":"abc"}"#,
            r#"["*"]"#,
            "null",
        ] {
            let d = READ_ALL.replace(r#""Principal":"*""#, &format!(r#""Principal":{someone}"#));
            assert_eq!(classify("b", &doc(&d)), BucketPolicy::Private, "{someone}");
        }
        // A statement for one user makes the whole document private, public reads or not.
        let user = r#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1:user/x"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*"}"#;
        assert_eq!(classify("b", &doc(&format!("{READ_ALL},{user}"))), BucketPolicy::Private);
    }

    #[test]
    fn resources_must_cover_the_whole_bucket() {
        for whole in
            [r#""arn:aws:s3:::b/*""#, r#"["arn:aws:s3:::b/*"]"#, r#""*""#, r#"["arn:aws:s3:::b","arn:aws:s3:::b/*"]"#]
        {
            let d = READ_ALL.replace(r#""Resource":"arn:aws:s3:::b/*""#, &format!(r#""Resource":{whole}"#));
            assert_eq!(classify("b", &doc(&d)), BucketPolicy::Readonly, "{whole}");
        }
        for part in [
            r#""arn:aws:s3:::b/public/*""#,
            r#"["arn:aws:s3:::b/*","arn:aws:s3:::b/private/x"]"#,
            r#""arn:aws:s3:::b/index.html""#,
            r#""arn:aws:s3:::b*""#,
            r#""arn:aws:s3:::other/*""#,
            r#"["arn:aws:s3:::b/*",7]"#,
        ] {
            let d = READ_ALL.replace(r#""Resource":"arn:aws:s3:::b/*""#, &format!(r#""Resource":{part}"#));
            assert_eq!(classify("b", &doc(&d)), BucketPolicy::Private, "{part}");
        }
        // No resource at all grants nothing.
        let none = READ_ALL.replace(r#","Resource":"arn:aws:s3:::b/*""#, "");
        assert_eq!(classify("b", &doc(&none)), BucketPolicy::Private);
        // A partial grant next to a whole one still makes it private: this reading does not
        // take unions of statements.
        let public = READ_ALL.replace("b/*", "b/public/*");
        assert_eq!(classify("b", &doc(&format!("{READ_ALL},{public}"))), BucketPolicy::Private);
    }
}
