package io.studioflow.publishing.preset;

/** An edit that started from an older version than the one stored: someone else saved in between. */
public class StalePresetException extends RuntimeException {

    public StalePresetException(String message) {
        super(message);
    }
}
