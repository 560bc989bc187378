package io.studioflow.platform.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.RecentImages.Form;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class RecentImagesTest {

    private static final long ONE_MB_OF_BGR = 1L << 20;

    private final AtomicInteger decodes = new AtomicInteger();

    /** A 1 MB BGR image of one value: 349,525 pixels of 3 bytes is just under 1 MB. */
    private Supplier<Mat> decoder(int value) {
        return () -> {
            decodes.incrementAndGet();
            return new Mat(1, 349_525, CvType.CV_8UC3, new Scalar(value, value, value));
        };
    }

    @Test
    void decodesOnceAndHandsOutCopiesTheCallerOwns() {
        RecentImages recent = new RecentImages(4);
        Mat first = recent.get("a", Form.BGR, decoder(10));
        first.setTo(new Scalar(99, 99, 99)); // the caller's copy: changing it must not change what is kept
        first.release();
        Mat second = recent.get("a", Form.BGR, decoder(10));
        assertThat(decodes).hasValue(1);
        assertThat(second.get(0, 0)).containsExactly(10, 10, 10);
        second.release();
        recent.destroy();
    }

    @Test
    void theSameHashAsGreyIsAnotherImage() {
        RecentImages recent = new RecentImages(4);
        recent.get("a", Form.BGR, decoder(10)).release();
        recent.get("a", Form.GREY, () -> {
            decodes.incrementAndGet();
            return new Mat(1, 1, CvType.CV_8UC1, new Scalar(7));
        }).release();
        assertThat(decodes).hasValue(2);
        recent.destroy();
    }

    @Test
    void keepsWithinItsCapacityLeastRecentlyUsedOut() {
        RecentImages recent = new RecentImages(3);
        for (String hash : new String[] {"a", "b", "c"}) {
            recent.get(hash, Form.BGR, decoder(1)).release();
        }
        recent.get("a", Form.BGR, decoder(1)).release(); // a used again: b is now the oldest
        recent.get("d", Form.BGR, decoder(1)).release();
        assertThat(recent.keptBytes()).isLessThanOrEqualTo(3 * ONE_MB_OF_BGR);
        decodes.set(0);
        recent.get("a", Form.BGR, decoder(1)).release();
        recent.get("c", Form.BGR, decoder(1)).release();
        assertThat(decodes).as("a and c still kept").hasValue(0);
        recent.get("b", Form.BGR, decoder(1)).release();
        assertThat(decodes).as("b was let go").hasValue(1);
        recent.destroy();
        assertThat(recent.keptBytes()).isZero();
    }

    @Test
    void keepsWhatWasStoredOnlyWhenDecodingItWouldGiveItBack() {
        RecentImages recent = new RecentImages(4);
        Mat bgr = new Mat(2, 2, CvType.CV_8UC3, new Scalar(1, 2, 3));
        Mat grey = new Mat(2, 2, CvType.CV_8UC1, new Scalar(200));
        Mat bgra = new Mat(2, 2, CvType.CV_8UC4, new Scalar(1, 2, 3, 4));
        recent.keep("bgr", bgr);
        recent.keep("grey", grey);
        recent.keep("bgra", bgra);
        bgr.release(); // kept as a copy: the caller may release its own
        assertThat(recent.keptBytes()).isEqualTo(12 + 4);
        Mat kept = recent.get("bgr", Form.BGR, () -> {
            throw new AssertionError("kept, not decoded");
        });
        assertThat(kept.get(1, 1)).containsExactly(1, 2, 3);
        Mat keptGrey = recent.get("grey", Form.GREY, () -> {
            throw new AssertionError("kept, not decoded");
        });
        assertThat(keptGrey.get(0, 0)).containsExactly(200);
        Mats.release(kept, keptGrey, grey, bgra);
        recent.destroy();
    }

    @Test
    void noneKeptAtZeroAndDecodeFailuresReachTheCaller() {
        RecentImages recent = new RecentImages(0);
        recent.get("a", Form.BGR, decoder(1)).release();
        recent.get("a", Form.BGR, decoder(1)).release();
        assertThat(decodes).hasValue(2);
        assertThat(recent.keptBytes()).isZero();
        assertThatThrownBy(() -> recent.get("broken", Form.BGR, () -> {
            throw new InvalidImageException(InvalidImageException.Reason.UNRECOGNISED, "not a photo");
        })).isInstanceOf(InvalidImageException.class).hasMessage("not a photo");
        assertThatThrownBy(() -> new RecentImages(-1)).hasMessageContaining("recent-images-mb");
    }
}
