package io.studioflow.review;

import java.util.List;

/** One page of an inbox and how many tasks match in all. */
public record InboxPage(long total, List<ReviewTask> items) {
}
