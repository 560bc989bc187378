package io.studioflow.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Audit events as CSV (RFC 4180): a header line, one line per event, CRLF line ends; a field is quoted when it
 * holds a comma, a quote, a line break or leading/trailing spaces, with quotes doubled. Lists are joined with
 * {@code "; "}, scores are one JSON object (keys sorted). Cells that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or CR) get a leading apostrophe; the JSON export has the exact values.
 */
public final class AuditCsv {

    public static final List<String> HEADER = List.of("time", "imageId", "sku", "brand", "batch", "sequence", "step",
            "elementId", "processInstanceKey", "processDefinitionVersion", "actorType", "actorName", "actorVersion",
            "actorRoles", "actorWeightsSha256", "decision", "reasons", "comment", "scores", "inputHashes", "outputHashes",
            "durationMs", "id", "previousHash", "hash");

    private final Writer out;
    private final ObjectMapper json;

    public AuditCsv(Writer out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    public AuditCsv header() {
        line(HEADER);
        return this;
    }

    public void write(AuditEvent e) {
        Actor a = e.actor();
        List<String> cells = new ArrayList<>(HEADER.size());
        cells.add(e.time() == null ? "" : e.time().toString());
        cells.add(e.imageId());
        cells.add(e.sku());
        cells.add(e.brand());
        cells.add(e.batch());
        cells.add(text(e.sequence()));
        cells.add(e.step());
        cells.add(e.elementId());
        cells.add(text(e.processInstanceKey()));
        cells.add(text(e.processDefinitionVersion()));
        cells.add(a == null ? null : a.type());
        cells.add(a == null ? null : a.name());
        cells.add(a == null ? null : a.version());
        cells.add(a == null || a.roles() == null ? null : String.join("; ", a.roles()));
        cells.add(a == null ? null : a.weightsSha256());
        cells.add(e.decision());
        cells.add(e.reasons() == null ? null : String.join("; ", e.reasons()));
        cells.add(e.comment());
        cells.add(scores(e));
        cells.add(e.inputHashes() == null ? null : String.join("; ", e.inputHashes()));
        cells.add(e.outputHashes() == null ? null : String.join("; ", e.outputHashes()));
        cells.add(text(e.durationMs()));
        cells.add(e.id());
        cells.add(e.previousHash());
        cells.add(e.hash());
        line(cells);
    }

    private String scores(AuditEvent e) {
        if (e.scores() == null || e.scores().isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(new TreeMap<>(e.scores()));
        } catch (JsonProcessingException ex) {
            return e.scores().toString();
        }
    }

    private void line(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One cell as RFC 4180 wants it, defused for spreadsheets. */
    public static String quote(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !isNumber(value) ? "'" + value : value;
        boolean needsQuotes = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0 || !cell.equals(cell.strip());
        return needsQuotes ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
