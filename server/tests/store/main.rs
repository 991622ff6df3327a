//! The store conformance suite: every case runs against SQLite (always) and
//! PostgreSQL (when `FIRSTLINE_TEST_POSTGRES` names a server; with `CI=true`
//! a missing or unreachable server fails the run). Each test gets a database
//! of its own, removed afterwards.

mod cases;
mod harness;
mod knowledge;
mod listing;
mod search;

/// Declares each case once per backend.
macro_rules! conformance {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let db = crate::harness::sqlite().await;
                    crate::cases::$case(&db).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(db) = crate::harness::postgres().await else { return };
                    crate::cases::$case(&db).await;
                }
            )*
        }
    };
}

conformance!(
    a_ticket_reads_back_with_every_field,
    the_event_log_is_append_only_and_ordered,
    two_concurrent_updates_give_one_success_and_one_conflict,
    a_stale_or_missing_ticket_is_refused_without_writing,
    desks_never_see_each_others_tickets,
    the_queue_orders_open_tickets_by_response_deadline,
    the_queue_reads_a_limited_page_of_open_tickets,
    ticket_numbers_count_up_per_desk_even_under_concurrency,
    a_constraint_violation_is_a_typed_error,
    a_dump_restores_into_an_empty_store_as_the_same_desk,
    a_dump_never_restores_over_existing_tickets,
    a_clock_crossing_is_recorded_once_however_often_it_is_seen,
    a_crossing_against_a_stale_version_writes_nothing,
    the_scheduler_finds_tickets_whose_check_time_has_come,
    policy_versions_are_kept_in_order_and_never_overwritten,
    a_ticket_has_one_working_status_link_and_a_renewal_revokes_it,
    a_queued_message_is_claimed_by_one_worker_until_its_lease_runs_out,
    r19_two_character_chinese_words_find_their_tickets_and_nothing_else,
    r19_numbers_and_english_words_match_whole_and_regardless_of_case,
    r19_the_best_match_ranks_first,
    r19_notes_root_cause_workaround_and_fix_are_found_as_soon_as_written,
    r19_search_stays_on_its_desk_and_similar_cases_are_solved_ones,
    r19_a_ticket_is_a_similar_case_while_it_is_solved_and_not_after_a_reopening,
    r19_a_query_ranks_the_newest_matches_of_its_desk,
    r19_tickets_restored_from_an_export_are_indexed_once,
    r19_the_list_shows_every_ticket_newest_first_a_page_at_a_time,
    r19_the_list_sorts_by_the_nearest_due_clock_across_pages,
    r19_the_list_filters_by_each_field,
    r19_the_list_stays_on_its_desk,
    r19_an_article_drafted_from_a_ticket_is_logged_on_it_in_one_transaction,
    r19_every_save_is_a_version_and_a_stale_one_is_refused,
    r19_linking_a_ticket_to_an_article_counts_a_use,
    r19_articles_stay_on_their_desk_and_only_published_ones_count_as_known,
);

/// The move the README describes: a SQLite desk exported and imported into
/// PostgreSQL is the same desk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_desk_moves_to_postgres_unchanged() {
    let Some(target) = harness::postgres().await else {
        return;
    };
    let source = harness::sqlite().await;
    cases::populate(&source).await;
    let dump = source.store.dump().await.unwrap();
    target
        .store
        .restore(&dump)
        .await
        .expect("restores into PostgreSQL");
    assert_eq!(target.store.dump().await.unwrap(), dump);
}

/// Commits only append to SQLite's write-ahead log: the store's own task
/// copies the log into the database file within a second or so, long
/// before the log reaches the size at which a committing connection would
/// checkpoint it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_checkpoints_its_log_in_the_background() {
    use firstline_app::domain::DeskId;
    use firstline_server::store::CHECKPOINT_BACKSTOP;
    let db = harness::sqlite().await;
    let pool = db.sqlite_store().unwrap().pool().clone();
    let backstop: (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(backstop.0, i64::from(CHECKPOINT_BACKSTOP));
    let file = db.url().trim_start_matches("sqlite://").to_owned();
    // Only a checkpoint writes to the database file itself in WAL mode.
    let size = || {
        let meta = std::fs::metadata(&file).unwrap();
        (meta.len(), meta.modified().unwrap())
    };
    // Let the migrations' pages reach the file first.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let before = size();
    for n in 0..300 {
        db.store
            .register(
                DeskId::PRODUCTION,
                harness::new_ticket(&format!("Dept {n}"), 30),
            )
            .await
            .unwrap();
    }
    // The registrations wrote far fewer pages than the backstop, so only
    // the store's task can bring them into the file.
    let mut waited = 0;
    while size() == before && waited < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_ne!(size(), before, "the log was copied into the database file");
}
