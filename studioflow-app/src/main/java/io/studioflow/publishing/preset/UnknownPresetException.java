package io.studioflow.publishing.preset;

import java.util.Collection;

/** A preset name that is neither built in nor configured; the message lists the known ones. */
public class UnknownPresetException extends IllegalArgumentException {

    public UnknownPresetException(String name, Collection<String> known) {
        super("unknown preset '" + name + "'; known presets: " + String.join(", ", known));
    }
}
