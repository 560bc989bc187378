package io.studioflow.processing.compose;

import java.util.Locale;
import java.util.regex.Pattern;
import org.opencv.core.Scalar;

/** An 8-bit colour in OpenCV's channel order (blue, green, red). */
public record BgrColour(int blue, int green, int red) {

    public static final BgrColour WHITE = new BgrColour(255, 255, 255);

    private static final Pattern HEX = Pattern.compile("#?[0-9A-Fa-f]{6}");

    public BgrColour {
        if (blue < 0 || blue > 255 || green < 0 || green > 255 || red < 0 || red > 255) {
            throw new IllegalArgumentException("colour channels must be 0..255, was RGB " + red + "," + green + "," + blue);
        }
    }

    /** From {@code #RRGGBB} (the '#' is optional), as designers write it. */
    public static BgrColour fromHex(String hex) {
        if (hex == null || !HEX.matcher(hex.strip()).matches()) {
            throw new IllegalArgumentException("colour must be written as #RRGGBB (e.g. #F5F5F5), was '" + hex + "'");
        }
        int rgb = Integer.parseInt(hex.strip().replace("#", ""), 16);
        return new BgrColour(rgb & 0xFF, (rgb >> 8) & 0xFF, (rgb >> 16) & 0xFF);
    }

    public String hex() {
        return String.format(Locale.ROOT, "#%02X%02X%02X", red, green, blue);
    }

    /** "RGB 255,255,255", the way a retoucher's tools show it. */
    public String describe() {
        return "RGB " + red + "," + green + "," + blue;
    }

    public boolean isWhite() {
        return equals(WHITE);
    }

    public Scalar toScalar() {
        return new Scalar(blue, green, red);
    }

    /** The channels as doubles, in Mat order. */
    public double[] channels() {
        return new double[] {blue, green, red};
    }
}
