package io.studioflow.platform.search;

import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.studioflow.platform.journal.JournalDelivery.Sent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** How far a bulk request of journal items got, read item by item in the order they were sent. */
public final class BulkResults {

    private BulkResults() {
    }

    /**
     * Items that went through, or that answered 409 where {@code conflictMeansThere} says an earlier delivery got
     * through, are done. At the first 429 or 5xx the rest is left for a retry (items after it that went through are
     * idempotent). Any other refusal is for good: the item is done and refused, and {@code onRefused} hears of it.
     */
    public static <T> Sent<T> sent(BulkResponse response, List<T> batch, Predicate<T> conflictMeansThere,
                                   BiConsumer<T, BulkResponseItem> onRefused) {
        int done = 0;
        List<T> refused = new ArrayList<>();
        List<BulkResponseItem> items = response.items();
        for (int i = 0; i < items.size(); i++) {
            BulkResponseItem item = items.get(i);
            T sent = batch.get(i);
            if (item.error() == null || item.status() == 409 && conflictMeansThere.test(sent)) {
                done++;
            } else if (item.status() == 429 || item.status() >= 500) {
                break;
            } else {
                onRefused.accept(sent, item);
                refused.add(sent);
                done++;
            }
        }
        return new Sent<>(done, refused);
    }
}
