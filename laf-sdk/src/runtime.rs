//! What runs around a handler: building the [`Context`], mapping the result to a response, and turning
//! an error into Laf's `500 {"error":"Internal Server Error","requestId":...}` (details go to the log only).

use std::fmt::Display;

use crate::bindings::laf::cloud::types;
use crate::{Context, IntoResponse, Log, Response};

/// Runs `handler` for one request (called by the code `export!` generates).
pub fn run<F, R, E>(request: types::Request, handler: F) -> types::Response
where
    F: FnOnce(Context) -> Result<R, E>,
    R: IntoResponse,
    E: Display,
{
    let request_id = request.request_id.clone();
    let result = handler(Context::new(request));
    to_host(respond(&request_id, result, |message| Log::new().error(message)))
}

/// The response for a handler's result; on error, `log` gets the details and the caller a bare 500.
pub fn respond<R: IntoResponse, E: Display>(
    request_id: &str,
    result: Result<R, E>,
    log: impl FnOnce(&str),
) -> Response {
    match result {
        Ok(r) => r.into_response(),
        Err(e) => {
            log(&format!("function failed: {e}"));
            Response::internal_error(request_id)
        }
    }
}

/// A response as the bindings see it.
pub fn to_host(r: Response) -> types::Response {
    types::Response { status: r.status, headers: r.headers, body: r.body }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn ok_results_map_through_into_response() {
        let r = respond::<_, Error>("r", Ok("hi"), |_| panic!("no log on success"));
        assert_eq!((r.status, r.body.as_slice()), (200, &b"hi"[..]));
        let h = to_host(r);
        assert_eq!(h.headers[0].0, "content-type");
    }

    #[test]
    fn errors_are_logged_and_not_leaked() {
        let mut logged = String::new();
        let r = respond::<&str, _>("req-7", Err(Error::new("NoSuchKey", "secret detail")), |m| logged = m.into());
        assert_eq!(r.status, 500);
        assert!(logged.contains("secret detail"), "{logged}");
        let body = String::from_utf8(r.body).unwrap();
        assert!(!body.contains("secret") && body.contains("req-7"), "{body}");
    }
}
