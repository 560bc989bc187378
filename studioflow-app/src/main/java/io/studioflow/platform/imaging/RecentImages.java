package io.studioflow.platform.imaging;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Decoded pixels of the blobs the flow's steps read and write, by content hash, least recently used first out,
 * within {@code studioflow.imaging.recent-images-mb} of native memory (0: none kept).
 *
 * <p>Each step of one image reads what the step before wrote: without this the original is decoded by capture QC,
 * segmentation and colour, the mask twice and the corrected photo once more, about 150 ms of CPU per image for a
 * 3-megapixel packshot and far more for a 24-megapixel camera JPEG. A blob never changes under its hash, so a kept
 * image is always right; callers get their own copy and release it, the kept one stays here.
 */
@Component
public class RecentImages implements DisposableBean {

    /** How the blob was decoded: the same bytes give different pixels as BGR or as one grey channel. */
    public enum Form { BGR, GREY }

    private record Key(String hash, Form form) {
    }

    private final long capacityBytes;
    private final LinkedHashMap<Key, Mat> kept = new LinkedHashMap<>(16, 0.75f, true);
    private long keptBytes;

    public RecentImages(@Value("${studioflow.imaging.recent-images-mb:256}") long capacityMb) {
        if (capacityMb < 0) {
            throw new IllegalArgumentException("studioflow.imaging.recent-images-mb must not be negative, was " + capacityMb);
        }
        OpenCv.load();
        this.capacityBytes = capacityMb << 20;
    }

    /**
     * A copy of the blob's pixels in {@code form}, decoded by {@code decode} only when not kept. The caller
     * releases it; exceptions of {@code decode} reach the caller unchanged.
     */
    public Mat get(String hash, Form form, Supplier<Mat> decode) {
        Key key = new Key(hash, form);
        synchronized (this) {
            Mat found = kept.get(key);
            if (found != null) {
                return found.clone();
            }
        }
        Mat decoded = decode.get();
        keep(key, decoded);
        return decoded;
    }

    /**
     * Keeps a copy of pixels just stored under {@code hash}: 8-bit BGR as {@link Form#BGR}, one 8-bit channel as
     * {@link Form#GREY}; anything else is not kept, as decoding its blob would not give it back unchanged.
     */
    public void keep(String hash, Mat image) {
        if (image.type() == CvType.CV_8UC3) {
            keep(new Key(hash, Form.BGR), image);
        } else if (image.type() == CvType.CV_8UC1) {
            keep(new Key(hash, Form.GREY), image);
        }
    }

    /** Native bytes kept now. */
    public synchronized long keptBytes() {
        return keptBytes;
    }

    private void keep(Key key, Mat image) {
        long bytes = bytes(image);
        if (bytes > capacityBytes || image.empty()) {
            return;
        }
        Mat copy = image.clone();
        synchronized (this) {
            Mat previous = kept.put(key, copy);
            keptBytes += bytes;
            if (previous != null) {
                keptBytes -= bytes(previous);
                previous.release();
            }
            Iterator<Map.Entry<Key, Mat>> oldestFirst = kept.entrySet().iterator();
            while (keptBytes > capacityBytes && oldestFirst.hasNext()) {
                Mat evicted = oldestFirst.next().getValue();
                oldestFirst.remove();
                keptBytes -= bytes(evicted);
                evicted.release();
            }
        }
    }

    private static long bytes(Mat image) {
        return image.total() * image.elemSize();
    }

    @Override
    public synchronized void destroy() {
        kept.values().forEach(Mat::release);
        kept.clear();
        keptBytes = 0;
    }
}
