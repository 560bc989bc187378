package io.studioflow.platform.imaging;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;

/** Loads OpenCV's native library once, so the {@code org.opencv.*} API can be used anywhere. */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    public static void load() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    Loader.load(opencv_java.class);
                    loaded = true;
                }
            }
        }
    }
}
