package io.studioflow.review;

import java.util.LinkedHashMap;
import java.util.Map;

/** The checks that send work to people (see {@link ReviewTask#check()}), in words a retoucher reads. */
public final class TaskChecks {

    /** A second approval the routing policy asks for (four eyes). */
    public static final String FOUR_EYES = "four-eyes";

    private static final Map<String, String> LABELS = new LinkedHashMap<>();

    static {
        LABELS.put("segmentation", "Background removal unsure");
        LABELS.put("composition", "Framing doubtful");
        LABELS.put("preset", "Breaks preset rules");
        LABELS.put("colour", "Colour uncertain");
        LABELS.put("qc", "Capture borderline");
        LABELS.put("reprocess", "Reprocessed on request");
        LABELS.put(FOUR_EYES, "Second approval (four eyes)");
        LABELS.put("capture", "Photo failed capture QC");
        LABELS.put("retake", "Retake asked by a retoucher");
        LABELS.put("other", "Other");
    }

    private TaskChecks() {
    }

    public static String label(String check) {
        return check == null ? LABELS.get("other") : LABELS.getOrDefault(check, check);
    }

    /** Every known check, in the order filters list them. */
    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(LABELS);
    }
}
