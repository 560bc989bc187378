package io.studioflow.ingest.batch;

/**
 * What a batch's photos get where the manifest gives nothing: the flow template, brand, preset, inbox priority and
 * photo shoot, and the file-name pattern that finds SKU and angle in a name ({@link FileNamePattern}).
 */
public record BatchDefaults(String template, String brand, String preset, Integer priority, String session,
                            String pattern) {

    public static BatchDefaults none() {
        return new BatchDefaults(null, null, null, null, null, null);
    }
}
