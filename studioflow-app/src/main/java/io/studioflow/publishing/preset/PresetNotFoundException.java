package io.studioflow.publishing.preset;

/** No preset with this id is stored. */
public class PresetNotFoundException extends RuntimeException {

    public PresetNotFoundException(String id) {
        super("no preset '" + id + "'");
    }
}
