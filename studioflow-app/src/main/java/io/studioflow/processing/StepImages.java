package io.studioflow.processing;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.imaging.RecentImages;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.publishing.preset.Preset;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.springframework.stereotype.Component;

/** Reads a step's inputs from and writes its outputs to the content-addressed store. */
@Component
public class StepImages {

    private final BlobStore blobs;
    private final ImageCodec codec;
    private final RecentImages recent;

    StepImages(BlobStore blobs, ImageCodec codec, RecentImages recent) {
        this.blobs = blobs;
        this.codec = codec;
        this.recent = recent;
        OpenCv.load();
    }

    /**
     * A stored photo as 8-bit BGR, EXIF orientation applied, kept decoded for the steps that follow. The caller
     * releases it.
     *
     * @throws io.studioflow.platform.imaging.InvalidImageException if the stored bytes are not a readable image
     */
    public Mat photo(String hash) {
        return recent.get(hash, RecentImages.Form.BGR, () -> codec.decodeBgr(blobs.get(hash)));
    }

    /** A mask this application wrote (8-bit, one channel). The caller releases it. */
    Mat mask(String hash) {
        return recent.get(hash, RecentImages.Form.GREY, () -> decodeMask(hash));
    }

    private Mat decodeMask(String hash) {
        MatOfByte encoded = new MatOfByte(blobs.get(hash));
        try {
            Mat mask = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_GRAYSCALE);
            if (mask.empty()) {
                mask.release();
                throw new IllegalStateException("stored mask " + hash + " is not a readable PNG");
            }
            return mask;
        } finally {
            encoded.release();
        }
    }

    /** Stores {@code image} as PNG; the next step reads it back from {@link RecentImages} without decoding it. */
    String storePng(Mat image) {
        String hash = blobs.put(codec.encodePng(image));
        recent.keep(hash, image);
        return hash;
    }

    String storeJpeg(Mat image, int quality) {
        return blobs.put(codec.encodeJpeg(image, quality));
    }

    /** A stored rendition: its hash and the exact bytes stored, for the preset's validator. */
    record StoredRendition(String hash, byte[] bytes) {
    }

    /**
     * Encodes a composed rendition in its preset's format (JPEG, WebP, or PNG keeping the BGRA canvas's
     * transparency) and stores it.
     */
    StoredRendition storeRendition(Mat image, Preset preset) {
        byte[] bytes = switch (preset.format()) {
            case JPEG -> codec.encodeJpeg(image, preset.quality());
            case WEBP -> encodeWebp(image, preset.quality());
            case PNG_ALPHA -> codec.encodePng(image);
        };
        return new StoredRendition(blobs.put(bytes), bytes);
    }

    /** Lossy WebP from 8-bit BGR; the bundled OpenCV's imgcodecs writes it. */
    private static byte[] encodeWebp(Mat bgr, int quality) {
        if (bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("cannot encode " + CvType.typeToString(bgr.type()) + " as WebP");
        }
        MatOfByte out = new MatOfByte();
        MatOfInt parameters = new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, quality);
        try {
            if (!Imgcodecs.imencode(".webp", bgr, out, parameters)) {
                throw new IllegalStateException("OpenCV could not encode .webp");
            }
            return out.toArray();
        } finally {
            Mats.release(out, parameters);
        }
    }
}
