package io.studioflow.ingest;

/** A published file: its name within the image's renditions, format, size, content hash and location. */
public record Rendition(String name, String format, int width, int height, String hash, String path) {
}
