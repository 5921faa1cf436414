//! Aggregation pipelines: `$match`, `$group`, `$lookup`, ... run over documents in memory.

use bson::Document;

use crate::bindings::database::DbError;

/// Where `$lookup` reads its foreign collection from.
pub trait CollectionSource {
    /// Every document of `collection` (empty when it does not exist).
    fn documents(&self, collection: &str) -> Result<Vec<Document>, DbError>;
}

/// A parsed pipeline.
#[derive(Debug, Clone)]
pub struct Pipeline {
    _raw: Vec<Document>,
}

impl Pipeline {
    /// Parses the stages; an unknown stage fails naming it
    /// (`Unrecognized pipeline stage name: '$foo'`).
    pub fn parse(stages: &[Document]) -> Result<Pipeline, DbError> {
        Ok(Pipeline { _raw: stages.to_vec() })
    }

    /// The filter of a leading `$match`, which the storage may serve from an index.
    pub fn leading_match(&self) -> Option<&Document> {
        None
    }

    /// Runs the pipeline over `input` (already filtered by `leading_match` when the caller used it:
    /// pass `skip_leading_match = true` then).
    pub fn run(
        &self,
        input: Vec<Document>,
        skip_leading_match: bool,
        source: &dyn CollectionSource,
    ) -> Result<Vec<Document>, DbError> {
        let _ = (input, skip_leading_match, source);
        Err(DbError::Unsupported("STUB".into()))
    }
}
