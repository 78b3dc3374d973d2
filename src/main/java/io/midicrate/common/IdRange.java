package io.midicrate.common;

/**
 * The ids from {@code minId} to {@code maxId}, holding {@code rows} rows to work on: what a store's range query
 * returns and a partitioner hands to one worker.
 */
public record IdRange(long minId, long maxId, long rows) {
}
