package io.studioflow.platform.storage;

/** File names that people upload are shown, never used as paths. */
public final class FileNames {

    private FileNames() {
    }

    /** The last path segment without control characters, at most 200 characters; null when that names no file. */
    public static String displayName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "");
        if (base.isBlank() || base.equals(".") || base.equals("..")) {
            return null; // "photo/.." names no file
        }
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
