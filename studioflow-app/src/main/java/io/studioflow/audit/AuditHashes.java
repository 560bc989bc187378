package io.studioflow.audit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.studioflow.platform.storage.Hashes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash of an audit event: SHA-256 (lower-case hex) over the UTF-8 bytes of its <b>canonical form</b>.
 *
 * <p>Canonical form, chosen so that an event read back from Elasticsearch (or the outbox) hashes exactly
 * as it did when it was written:
 * <ul>
 *   <li>JSON of every field of {@link AuditEvent} except {@code hash} (so {@code sequence} and
 *       {@code previousHash} are covered and the chain cannot be re-linked unnoticed);</li>
 *   <li>no whitespace; object keys sorted by their UTF-16 code units (String order), at every depth;</li>
 *   <li>null values left out (the stores drop them too); empty arrays and objects kept;</li>
 *   <li>numbers as the plain decimal of their value without trailing zeros ({@code 1.0} and {@code 1} are
 *       both {@code 1}, {@code 1e-7} is {@code 0.0000001}); NaN and infinities as the strings
 *       {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"};</li>
 *   <li>times ({@code Instant}) as ISO-8601 UTC strings as {@link java.time.Instant#toString()} writes them;</li>
 *   <li>strings JSON-escaped as Jackson escapes them.</li>
 * </ul>
 */
public final class AuditHashes {

    private static final JsonMapper TREE = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private AuditHashes() {
    }

    public static String hash(AuditEvent event) {
        return sha256(canonical(event));
    }

    /** The canonical form described above. */
    public static String canonical(AuditEvent event) {
        ObjectNode tree = TREE.valueToTree(event);
        tree.remove("hash");
        StringBuilder out = new StringBuilder(512);
        write(tree, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            boolean first = true;
            for (String name : names) {
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(name, out);
                out.append(':');
                write(value, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            number(node, out);
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.append("null"); // only inside arrays: object members that are null are left out
        } else {
            string(node.asText(), out);
        }
    }

    private static void number(JsonNode node, StringBuilder out) {
        BigDecimal value;
        if (node.isFloat() || node.isDouble()) {
            double d = node.isFloat() ? node.floatValue() : node.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                string(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity", out);
                return;
            }
            // a float is written as its own shortest decimal ("0.1"), which reads back as that double
            value = node.isFloat() ? new BigDecimal(Float.toString(node.floatValue())) : BigDecimal.valueOf(d);
        } else {
            value = node.decimalValue();
        }
        out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        JsonStringEncoder.getInstance().quoteAsString(text, out);
        out.append('"');
    }

    public static String sha256(String text) {
        return Hashes.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
