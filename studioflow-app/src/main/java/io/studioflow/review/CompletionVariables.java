package io.studioflow.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Iterator;
import java.util.Map;

/**
 * Compares a job's completion variables as the engine would receive them: as JSON, where a record and the map it was
 * stored as in Elasticsearch are the same, and a field set to null is the same as one left out.
 */
final class CompletionVariables {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private CompletionVariables() {
    }

    static boolean same(Map<String, Object> a, Map<String, Object> b) {
        return a != null && b != null && withoutNulls(JSON.valueToTree(a)).equals(withoutNulls(JSON.valueToTree(b)));
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isNull()) {
                    fields.remove();
                } else {
                    withoutNulls(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(CompletionVariables::withoutNulls);
        }
        return node;
    }
}
