package io.studioflow.processing.colour;

/** Per-channel multipliers applied in linear light; 1 = unchanged. */
public record WhiteBalanceGains(double blue, double green, double red) {

    public static final WhiteBalanceGains NONE = new WhiteBalanceGains(1, 1, 1);
}
