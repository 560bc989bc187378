package io.studioflow.processing.compose;

/** An axis-aligned box in pixels: left, top, width, height. */
public record BoundingBox(int x, int y, int width, int height) {

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public double centreX() {
        return x + width / 2.0;
    }

    public double centreY() {
        return y + height / 2.0;
    }

    public int longSide() {
        return Math.max(width, height);
    }

    public int shortSide() {
        return Math.min(width, height);
    }

    public BoundingBox union(BoundingBox other) {
        int left = Math.min(x, other.x);
        int top = Math.min(y, other.y);
        return new BoundingBox(left, top, Math.max(right(), other.right()) - left,
                Math.max(bottom(), other.bottom()) - top);
    }
}
