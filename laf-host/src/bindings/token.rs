//! JWT tokens as Laf's `cloud.getToken` / `cloud.parseToken` make and read them: HS256, signed with
//! the app's `SERVER_SECRET` environment variable unless a secret is given, `exp` honoured when
//! present (and not required), no clock leeway — as the Node `jsonwebtoken` defaults Laf uses.

use std::collections::HashMap;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::Value;

/// The app environment variable holding the default secret (Laf's `SERVER_SECRET`).
pub const SECRET_ENV: &str = "SERVER_SECRET";

/// Why a token could not be made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    /// No secret was given and the app has no `SERVER_SECRET`.
    #[error("no secret: pass one or set the app's {SECRET_ENV} environment variable")]
    NoSecret,
    /// The payload is not a JSON object.
    #[error("a token's payload must be an object")]
    NotAnObject,
    /// The signer failed.
    #[error("cannot sign the token: {0}")]
    Sign(String),
}

/// The secret to use: the one given, else the app's `SERVER_SECRET`; never an empty one.
pub fn secret<'a>(given: Option<&'a str>, env: &'a HashMap<String, String>) -> Result<&'a str, TokenError> {
    given.or_else(|| env.get(SECRET_ENV).map(String::as_str)).filter(|s| !s.is_empty()).ok_or(TokenError::NoSecret)
}

/// Signs `payload` (an object) with HS256.
pub fn sign(payload: &Value, secret: &str) -> Result<String, TokenError> {
    if !payload.is_object() {
        return Err(TokenError::NotAnObject);
    }
    let key = EncodingKey::from_secret(secret.as_bytes());
    jsonwebtoken::encode(&Header::new(Algorithm::HS256), payload, &key).map_err(|e| TokenError::Sign(e.to_string()))
}

/// The payload of a valid token signed with `secret`; `None` for a bad signature, another
/// algorithm, a malformed token or a passed `exp`.
pub fn parse(token: &str, secret: &str) -> Option<Value> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.required_spec_claims.clear();
    validation.validate_aud = false;
    validation.leeway = 0;
    let key = DecodingKey::from_secret(secret.as_bytes());
    jsonwebtoken::decode::<Value>(token, &key, &validation).ok().map(|data| data.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_round_trip_and_fail_closed() {
        let token = sign(&json!({"uid": "u1", "role": "admin"}), "s3cret").unwrap();
        assert_eq!(parse(&token, "s3cret"), Some(json!({"uid": "u1", "role": "admin"})));
        assert_eq!(parse(&token, "other"), None, "another secret");
        assert_eq!(parse("not.a.token", "s3cret"), None);
        let mut tampered = token.clone();
        tampered.insert(token.find('.').unwrap() + 2, 'x');
        assert_eq!(parse(&tampered, "s3cret"), None, "a changed payload");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let expired = sign(&json!({"uid": "u1", "exp": now - 1}), "s3cret").unwrap();
        assert_eq!(parse(&expired, "s3cret"), None, "exp is honoured");
        let valid = sign(&json!({"uid": "u1", "exp": now + 60}), "s3cret").unwrap();
        assert!(parse(&valid, "s3cret").is_some());
        assert!(matches!(sign(&json!("text"), "s3cret"), Err(TokenError::NotAnObject)));
    }

    #[test]
    fn the_secret_defaults_to_the_apps_server_secret() {
        let mut env = HashMap::new();
        assert!(matches!(secret(None, &env), Err(TokenError::NoSecret)));
        env.insert(SECRET_ENV.to_owned(), "from-env".to_owned());
        assert_eq!(secret(None, &env).unwrap(), "from-env");
        assert_eq!(secret(Some("given"), &env).unwrap(), "given");
        assert!(matches!(secret(Some(""), &HashMap::new()), Err(TokenError::NoSecret)));
    }
}
