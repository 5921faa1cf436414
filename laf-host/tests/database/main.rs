//! The database conformance suite: one set of cases, run on every backend.
//!
//! Each case is an async function taking a fresh, empty app database (or two apps of one provider,
//! for isolation). [`conformance!`] turns every case into one test per backend: `embedded::...`
//! runs on a temporary embedded store, `mongodb::...` on the server at `LAF_TEST_MONGODB_URI`
//! (ignored without it, so that a run without a server says so instead of passing silently).
//! Expected results come from MongoDB's documentation, not from what an engine happens to do.

mod aggregate;
mod crud;
mod harness;
mod indexes;
mod isolation;
mod query;
mod read;
mod support;
mod txn;
mod update;

/// Generates, for every `kind file { case, ... }`, `embedded::file::case` and `mongodb::file::case`.
/// `one` cases take one database, `two` cases take two apps opened from the same provider.
macro_rules! conformance {
    ($( $kind:ident $file:ident { $($case:ident),* $(,)? } )*) => {
        mod embedded {
            $( mod $file { $(
                #[tokio::test]
                async fn $case() {
                    crate::harness::embedded::$kind(crate::$file::$case).await
                }
            )* } )*
        }
        mod mongodb {
            $( mod $file { $(
                #[tokio::test]
                #[ignore = "needs a MongoDB server: set LAF_TEST_MONGODB_URI"]
                async fn $case() {
                    crate::harness::mongo::$kind(stringify!($case), crate::$file::$case).await
                }
            )* } )*
        }
    };
}

conformance! {
    one crud {
        insert_one_generates_object_id, insert_one_keeps_given_id, duplicate_id_is_rejected,
        insert_many_returns_ids_in_order, insert_many_stops_at_first_error, delete_one_and_many, count_with_filter,
        distinct_flattens_arrays, find_one_takes_first_in_sort_order, collection_names_are_validated,
        list_and_drop_collections, missing_collection_reads_as_empty,
    }
    one query {
        eq_implicit_and_explicit, eq_across_numeric_types, ne_includes_missing, comparison_operators,
        comparison_stays_within_type, comparison_on_dates_and_object_ids, in_and_nin, and_or_nor, not_operator,
        logical_operators_reject_bad_arguments, exists_operator, null_matches_missing, type_operator,
        regex_operator, all_operator, elem_match_operator, size_operator, mod_operator, dotted_paths_into_documents,
        dotted_paths_into_arrays_of_documents, array_field_matching, unknown_query_operator_is_named,
    }
    one read {
        sort_across_types, sort_arrays_by_min_or_max_element, sort_compound_and_nested, skip_and_limit,
        projection_inclusion, projection_exclusion, projection_of_embedded_fields, projection_mixed_is_rejected,
    }
    one update {
        set_operator, set_creates_missing_paths, noop_set_modifies_nothing, unset_operator, inc_operator,
        inc_on_string_fails, mul_operator, min_and_max_operators, rename_operator, push_operator,
        push_each_position_slice_sort, add_to_set_operator, pop_operator, pull_operator, pull_all_operator,
        current_date_operator, set_on_insert_operator, upsert_seeds_from_filter_equalities, update_many_counts,
        replace_one_keeps_id, replace_one_upsert, invalid_updates_are_rejected, unknown_update_operator_is_named,
        find_one_and_update_before_and_after, find_one_and_update_sort_and_projection, find_one_and_update_upsert,
    }
    one aggregate {
        group_accumulators, group_by_null_and_missing, group_first_last_push_add_to_set, project_add_fields_unset,
        expressions, sort_skip_limit_count_stages, count_of_nothing_is_nothing, unwind_stage, lookup_stage,
        replace_root_stage, sort_by_count_stage, unknown_stage_and_operators_are_named,
    }
    one indexes {
        index_names_and_listing, create_same_index_twice, drop_index, unique_index_rejects_duplicates,
        unique_index_creation_fails_on_duplicates, unique_index_treats_missing_as_null,
        queries_agree_with_and_without_index, drop_collection_drops_its_indexes,
    }
    one txn {
        transaction_commits_all, transaction_rolls_back_on_failure, transaction_checks_collection_names,
    }
    two isolation {
        apps_cannot_see_each_others_documents, apps_cannot_modify_each_others_documents,
        lookup_cannot_reach_another_app, indexes_are_per_app,
    }
}
