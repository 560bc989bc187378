package io.studioflow.flows;

import java.util.Collection;

/** No flow template has this id; the message lists those there are. */
public class FlowTemplateNotFoundException extends RuntimeException {

    public FlowTemplateNotFoundException(String id, Collection<String> known) {
        super("there is no flow template '" + id + "'" + (known.isEmpty() ? "" : "; known: " + String.join(", ", known)));
    }
}
