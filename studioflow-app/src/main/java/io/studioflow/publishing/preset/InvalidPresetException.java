package io.studioflow.publishing.preset;

import io.studioflow.publishing.preset.PresetDocument.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A preset edit that breaks a rule; {@link #errors()} names each field, for a form or a problem detail. */
public class InvalidPresetException extends IllegalArgumentException {

    private final List<FieldError> errors;

    public InvalidPresetException(String id, List<FieldError> errors) {
        super("preset '" + id + "' is not valid: " + errors.stream().map(FieldError::toString)
                .collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
