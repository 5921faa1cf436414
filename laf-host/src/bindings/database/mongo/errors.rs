//! Driver errors turned into [`DbError`], keeping the server's own message so functions read the
//! same text they would from a Node.js driver.

use mongodb::error::{Error, ErrorKind, WriteFailure};

use crate::bindings::database::DbError;

/// MongoDB's `Unauthorized`: the connection may not run this command (e.g. `createUser`).
pub(super) const UNAUTHORIZED: i32 = 13;
/// `createUser` for a name that is taken (the server reports the user store's duplicate key).
pub(super) const USER_EXISTS: i32 = 51003;
/// `NamespaceNotFound`: the collection does not exist.
pub(super) const NAMESPACE_NOT_FOUND: i32 = 26;
/// `IllegalOperation`, which a standalone server answers to a transaction number.
const ILLEGAL_OPERATION: i32 = 20;

/// What a standalone server makes of a transaction, said so that the fix is obvious.
pub(super) const NO_TRANSACTIONS: &str =
    "transactions need a MongoDB replica set or sharded cluster; this deployment is a standalone server";

/// The server's error code, when the error came from the server.
pub(super) fn server_code(error: &Error) -> Option<i32> {
    match error.kind.as_ref() {
        ErrorKind::Command(e) => Some(e.code),
        ErrorKind::Write(WriteFailure::WriteError(e)) => Some(e.code),
        ErrorKind::Write(WriteFailure::WriteConcernError(e)) => Some(e.code),
        ErrorKind::InsertMany(e) => e
            .write_errors
            .as_ref()
            .and_then(|errors| errors.first())
            .map(|e| e.code)
            .or_else(|| e.write_concern_error.as_ref().map(|e| e.code)),
        _ => None,
    }
}

/// Maps a driver error to the [`DbError`] variant a function expects for it.
pub(super) fn map_error(error: Error) -> DbError {
    match error.kind.as_ref() {
        ErrorKind::Command(e) => by_code(e.code, &e.message),
        ErrorKind::Write(WriteFailure::WriteError(e)) => by_code(e.code, &e.message),
        ErrorKind::Write(WriteFailure::WriteConcernError(e)) => DbError::Backend(e.message.clone()),
        ErrorKind::InsertMany(e) => match (&e.write_errors, &e.write_concern_error) {
            (Some(errors), _) if !errors.is_empty() => by_code(errors[0].code, &errors[0].message),
            (_, Some(wc)) => DbError::Backend(wc.message.clone()),
            _ => DbError::Backend(error.to_string()),
        },
        ErrorKind::InvalidArgument { message, .. } => DbError::BadValue(message.clone()),
        ErrorKind::BsonSerialization(_) | ErrorKind::BsonDeserialization(_) | ErrorKind::Bson(_) => {
            DbError::BadValue(error.to_string())
        }
        // The driver itself refuses to start a transaction once it has seen a standalone.
        ErrorKind::Transaction { message, .. } if message.contains("not supported by this deployment") => {
            DbError::Unsupported(NO_TRANSACTIONS.to_string())
        }
        _ => DbError::Backend(error.to_string()),
    }
}

fn by_code(code: i32, message: &str) -> DbError {
    if names_unknown_operator(message) {
        return DbError::UnknownOperator(message.to_string());
    }
    match code {
        11000 | 11001 | 12582 => DbError::DuplicateKey(message.to_string()),
        // BadValue, FailedToParse, InvalidOptions, ConflictingUpdateOperators, InvalidIdField...
        2 | 9 | 72 | 40 | 53 => DbError::BadValue(message.to_string()),
        // TypeMismatch (`$inc` on a string), ImmutableField (`_id`), PathNotViable.
        14 | 66 | 28 => DbError::Update(message.to_string()),
        73 => DbError::InvalidName(message.to_string()),
        ILLEGAL_OPERATION if message.contains("Transaction numbers") => {
            DbError::Unsupported(NO_TRANSACTIONS.to_string())
        }
        _ => DbError::Backend(message.to_string()),
    }
}

/// The server words unknown operators differently per language (query, update, pipeline,
/// expression) and under several codes, so the wording is the reliable signal.
fn names_unknown_operator(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("unknown operator")
        || lower.contains("unknown top level operator")
        || lower.contains("unknown modifier")
        || lower.contains("unrecognized pipeline stage")
        || lower.contains("unrecognized expression")
        || lower.contains("unknown group operator")
        || lower.contains("unknown expression")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_wording_picks_the_variant() {
        let dup = by_code(11000, "E11000 duplicate key error collection: app.users index: _id_ dup key: { _id: 1 }");
        assert!(matches!(dup, DbError::DuplicateKey(m) if m.starts_with("E11000")));
        assert!(matches!(by_code(2, "unknown operator: $foo"), DbError::UnknownOperator(_)));
        assert!(matches!(
            by_code(9, "Unknown modifier: $foo. Expected a valid update modifier"),
            DbError::UnknownOperator(_)
        ));
        assert!(matches!(by_code(40324, "Unrecognized pipeline stage name: '$foo'"), DbError::UnknownOperator(_)));
        assert!(matches!(by_code(2, "$in needs an array"), DbError::BadValue(_)));
        assert!(matches!(by_code(14, "Cannot apply $inc to a value of non-numeric type"), DbError::Update(_)));
        assert!(matches!(
            by_code(20, "Transaction numbers are only allowed on a replica set member or mongos"),
            DbError::Unsupported(_)
        ));
        assert!(matches!(by_code(8000, "something else"), DbError::Backend(m) if m == "something else"));
    }
}
