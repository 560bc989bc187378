package io.studioflow.ingest.batch;

import io.studioflow.ingest.ImageRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds SKU and angle in a photo's file name, for batches without a manifest line for it. A pattern is written
 * with placeholders, not as a regular expression, so nobody can send one that backtracks for minutes:
 * {@code {sku}}, {@code {angle}} and {@code {any}}, everything else literal; e.g. {@code {sku}_{angle}.{any}} reads
 * {@code TSHIRT-042_front.jpg} as SKU {@code TSHIRT-042}, angle {@code front}.
 */
public final class FileNamePattern {

    /** Tried in order when a batch names no pattern: {@code SKU_angle.ext}, then {@code SKU.ext}. */
    public static final List<String> DEFAULTS = List.of("{sku}_{angle}.{any}", "{sku}.{any}");

    private static final int MAX_LENGTH = 100;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");

    private final String source;
    private final Pattern regex;

    private FileNamePattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    /** The SKU and angle a name gives (the angle may be null), if it matches. */
    public record Match(String sku, String angle) {
    }

    /** The patterns to try: the one given, or {@link #DEFAULTS}. Throws with a readable reason if it is wrong. */
    public static List<FileNamePattern> orDefaults(String given) {
        if (given == null || given.isBlank()) {
            return DEFAULTS.stream().map(FileNamePattern::parse).toList();
        }
        return List.of(parse(given.strip()));
    }

    public static FileNamePattern parse(String pattern) {
        if (pattern.length() > MAX_LENGTH) {
            throw new ImageRequestException("pattern is longer than " + MAX_LENGTH + " characters");
        }
        StringBuilder regex = new StringBuilder();
        List<String> seen = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(pattern);
        int at = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(at, m.start())));
            String name = m.group(1);
            if (seen.contains(name)) {
                throw new ImageRequestException("pattern names {" + name + "} twice: " + pattern);
            }
            seen.add(name);
            regex.append(switch (name) {
                case "sku" -> "(?<sku>[A-Za-z0-9][A-Za-z0-9._-]{0,63})";
                case "angle" -> "(?<angle>[A-Za-z0-9-]{1,32}?)";
                case "any" -> "[^/\\\\]*?";
                default -> throw new ImageRequestException("pattern has an unknown placeholder {" + name
                        + "}: use {sku}, {angle} and {any}, e.g. {sku}_{angle}.{any}");
            });
            at = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(at)));
        if (!seen.contains("sku")) {
            throw new ImageRequestException("pattern must contain {sku}, e.g. {sku}_{angle}.{any}; was " + pattern);
        }
        return new FileNamePattern(pattern, Pattern.compile(regex.toString()));
    }

    public Optional<Match> match(String fileName) {
        if (fileName == null || fileName.length() > 255) {
            return Optional.empty();
        }
        Matcher m = regex.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String angle = source.contains("{angle}") ? m.group("angle") : null;
        return Optional.of(new Match(m.group("sku"), angle));
    }

    @Override
    public String toString() {
        return source;
    }
}
