package io.studioflow.platform.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

public final class Hashes {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Hashes() {
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean isSha256(String value) {
        return value != null && SHA256_HEX.matcher(value).matches();
    }
}
