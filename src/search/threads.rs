//! Work shared between the searching thread and the search threads. tantivy's executor hands
//! every task to its threads and waits: the threads are asleep between searches, and on a
//! virtual machine each wakes 50–130 µs after it is called, which a search paid twice a
//! hand-off (once for the thread, once for the caller woken at the end). Here the calling
//! thread starts on the work at once, the search threads take what is left when they wake,
//! and the caller waits for the last task by watching for it, not by sleeping.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tantivy::collector::Collector;
use tantivy::query::{EnableScoring, Query};
use tantivy::{Executor, Searcher, SegmentReader};

/// What `collector` gathers of the documents `query` matches, as `Searcher::search` gathers
/// it, with the segments shared out (`each_segment`).
pub(crate) fn search<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_searcher(searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    let weight = query.weight(scoring)?;
    collector.check_schema(searcher.schema())?;
    let fruits = each_segment(searcher, |ord, segment| {
        collector.collect_segment(&*weight, ord, segment)
    });
    collector.merge_fruits(fruits.into_iter().collect::<tantivy::Result<_>>()?)
}

/// `work` done on each segment of `searcher`, given its ordinal, in their order, shared out
/// by `map_with` on the index's search threads.
pub(crate) fn each_segment<R: Send>(
    searcher: &Searcher,
    work: impl Fn(u32, &SegmentReader) -> R + Sync,
) -> Vec<R> {
    let segments: Vec<_> = searcher.segment_readers().iter().enumerate().collect();
    map_with(
        searcher.index().search_executor(),
        &segments,
        || (),
        |_, &(ord, segment)| work(ord as u32, segment),
    )
}

/// `work` done on each of `items`, in their order. Each thread that takes part makes one
/// `state` first, for what its tasks share (a snippet generator).
pub(crate) fn map_with<T, S, R>(
    executor: &Executor,
    items: &[T],
    state: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let take_part = || {
        let mut own = None;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                break;
            };
            // Counted even when `work` panics, so the caller never waits on a task that
            // will not finish; the scope passes the panic on.
            let _finished = Finished(&finished);
            let result = work(own.get_or_insert_with(&state), item);
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
        }
    };
    match executor {
        Executor::ThreadPool(pool) if items.len() > 1 => pool.in_place_scope(|scope| {
            for _ in 1..pool.current_num_threads().min(items.len()) {
                scope.spawn(|_| take_part());
            }
            take_part();
            while finished.load(Ordering::Acquire) < items.len() {
                std::thread::yield_now();
            }
        }),
        _ => take_part(),
    }
    results
        .into_iter()
        .map(|result| {
            let result = result.into_inner().unwrap_or_else(|e| e.into_inner());
            result.expect("every task finished")
        })
        .collect()
}

/// Counts a task as finished when dropped.
struct Finished<'a>(&'a AtomicUsize);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_done_once_in_order_on_any_executor() {
        let items: Vec<u64> = (0..37).collect();
        for executor in [
            Executor::single_thread(),
            Executor::multi_thread(2, "test").unwrap(),
            Executor::multi_thread(5, "test").unwrap(),
        ] {
            let states = AtomicUsize::new(0);
            let done = map_with(
                &executor,
                &items,
                || states.fetch_add(1, Ordering::Relaxed),
                |_, n| n * n,
            );
            assert_eq!(done, items.iter().map(|n| n * n).collect::<Vec<_>>());
            assert!(states.load(Ordering::Relaxed) >= 1);
        }
    }

    #[test]
    fn a_task_that_panics_on_a_search_thread_panics_the_caller_instead_of_leaving_it_waiting() {
        let (sender, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let items: Vec<u64> = (0..20).collect();
            let executor = Executor::multi_thread(2, "test").unwrap();
            let caller = std::thread::current().id();
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                map_with(
                    &executor,
                    &items,
                    || (),
                    |_, &n| {
                        // Slow enough that a search thread wakes and takes some.
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        assert_eq!(std::thread::current().id(), caller, "task {n} fails");
                        n
                    },
                )
            }));
            sender.send(done.is_err()).unwrap();
        });
        let panicked = outcome.recv_timeout(std::time::Duration::from_secs(30));
        assert_eq!(panicked, Ok(true));
    }
}
