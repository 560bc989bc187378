package io.studioflow.ingest.batch;

import io.studioflow.ingest.ImageRequestException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A batch's CSV manifest: one line per photo, mapping its file name to SKU and, optionally, angle, brand and preset.
 * The first line names the columns ({@code file} and {@code sku} required, {@code angle}, {@code brand},
 * {@code preset} optional, any order, others ignored); fields may be quoted as RFC 4180 has it; a comma or, for
 * spreadsheets set to European locales, a semicolon separates them. A file is found by its name without folders,
 * exactly, else ignoring case.
 */
public final class BatchManifest {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final int MAX_ROWS = 100_000;

    /** What the manifest says of one file; null where it says nothing. */
    public record Row(String file, String sku, String angle, String brand, String preset) {
    }

    private final Map<String, Row> byName = new HashMap<>();
    private final Map<String, Row> byLowerName = new HashMap<>();

    private BatchManifest() {
    }

    public static BatchManifest empty() {
        return new BatchManifest();
    }

    /** Reads the manifest; throws {@link ImageRequestException} naming the line that is wrong. */
    public static BatchManifest parse(byte[] csv) {
        if (csv.length > MAX_BYTES) {
            throw new ImageRequestException("manifest is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(csv)).toString();
        } catch (CharacterCodingException e) {
            throw new ImageRequestException("manifest is not UTF-8 text: save the CSV as UTF-8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // the byte order mark spreadsheets write
        }
        List<List<String>> lines = records(text);
        if (lines.isEmpty()) {
            throw new ImageRequestException("manifest is empty: its first line must name the columns, e.g. file,sku,angle");
        }
        List<String> header = lines.getFirst().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int file = header.indexOf("file");
        int sku = header.indexOf("sku");
        if (file < 0 || sku < 0) {
            throw new ImageRequestException("manifest line 1 must name the columns 'file' and 'sku' (optional: angle, brand, "
                    + "preset); it names " + header);
        }
        int angle = header.indexOf("angle");
        int brand = header.indexOf("brand");
        int preset = header.indexOf("preset");
        if (lines.size() - 1 > MAX_ROWS) {
            throw new ImageRequestException("manifest has more than " + MAX_ROWS + " lines");
        }
        BatchManifest manifest = new BatchManifest();
        for (int i = 1; i < lines.size(); i++) {
            List<String> fields = lines.get(i);
            if (fields.size() == 1 && fields.getFirst().isBlank()) {
                continue;
            }
            String name = field(fields, file);
            if (name == null) {
                throw new ImageRequestException("manifest line " + (i + 1) + " has no file name");
            }
            String lastSegment = lastSegment(name);
            Row row = new Row(lastSegment, field(fields, sku), field(fields, angle), field(fields, brand), field(fields, preset));
            if (manifest.byName.put(lastSegment, row) != null) {
                throw new ImageRequestException("manifest names " + lastSegment + " twice (line " + (i + 1) + ")");
            }
            manifest.byLowerName.putIfAbsent(lastSegment.toLowerCase(Locale.ROOT), row);
        }
        return manifest;
    }

    public Optional<Row> find(String fileName) {
        if (fileName == null) {
            return Optional.empty();
        }
        String name = lastSegment(fileName);
        Row exact = byName.get(name);
        return Optional.ofNullable(exact != null ? exact : byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    public int size() {
        return byName.size();
    }

    private static String field(List<String> fields, int column) {
        if (column < 0 || column >= fields.size()) {
            return null;
        }
        String value = fields.get(column).strip();
        return value.isEmpty() ? null : value;
    }

    static String lastSegment(String name) {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** RFC 4180 records: quoted fields may hold separators, line breaks and doubled quotes. */
    private static List<List<String>> records(String text) {
        int firstBreak = text.indexOf('\n');
        String firstLine = firstBreak < 0 ? text : text.substring(0, firstBreak);
        char separator = firstLine.indexOf(',') < 0 && firstLine.indexOf(';') >= 0 ? ';' : ',';
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == separator) {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new ImageRequestException("manifest ends inside a quoted field: a closing \" is missing");
        }
        if (any) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
