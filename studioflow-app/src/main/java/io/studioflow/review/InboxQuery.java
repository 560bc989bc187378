package io.studioflow.review;

/**
 * What a person asks of their inbox: which tasks (scope and filters) and in which order. Every field but
 * scope and sort may be null, meaning "any".
 *
 * @param check         which check sent the task here, e.g. "segmentation" (see {@link ReviewTask#check()})
 * @param minConfidence lowest step confidence at least this
 * @param maxConfidence lowest step confidence at most this
 * @param sku           SKU prefix
 */
public record InboxQuery(Scope scope, String brand, String preset, String check, Double minConfidence,
                         Double maxConfidence, String sku, Sort sort) {

    public enum Scope {
        /** open tasks of all my candidate groups */
        MY_GROUPS,
        /** open tasks I hold */
        MINE,
        /** open tasks nobody holds yet */
        UNASSIGNED
    }

    public enum Sort {
        /** highest priority first, then the earliest due */
        PRIORITY,
        /** earliest due first */
        DUE,
        /** oldest first */
        AGE
    }

    public InboxQuery {
        if (scope == null) scope = Scope.MY_GROUPS;
        if (sort == null) sort = Sort.PRIORITY;
        brand = blankToNull(brand);
        preset = blankToNull(preset);
        check = blankToNull(check);
        sku = blankToNull(sku);
        if (minConfidence != null && maxConfidence != null && minConfidence > maxConfidence) {
            throw new IllegalArgumentException("the lowest confidence (" + minConfidence + ") is above the highest ("
                    + maxConfidence + ")");
        }
    }

    public static InboxQuery all() {
        return new InboxQuery(Scope.MY_GROUPS, null, null, null, null, null, null, Sort.PRIORITY);
    }

    public InboxQuery withScope(Scope newScope) {
        return new InboxQuery(newScope, brand, preset, check, minConfidence, maxConfidence, sku, sort);
    }

    public InboxQuery withSort(Sort newSort) {
        return new InboxQuery(scope, brand, preset, check, minConfidence, maxConfidence, sku, newSort);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
