package io.studioflow.processing;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.OpenCv;
import io.studioflow.platform.storage.BlobStore;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.springframework.stereotype.Component;

/** Reads a step's inputs from and writes its outputs to the content-addressed store. */
@Component
class StepImages {

    private final BlobStore blobs;
    private final ImageCodec codec;

    StepImages(BlobStore blobs, ImageCodec codec) {
        this.blobs = blobs;
        this.codec = codec;
        OpenCv.load();
    }

    /** A photo as 8-bit BGR, EXIF orientation applied. The caller releases it. */
    Mat photo(String hash) {
        return codec.decodeBgr(blobs.get(hash));
    }

    /** A mask this application wrote (8-bit, one channel). The caller releases it. */
    Mat mask(String hash) {
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

    String storePng(Mat image) {
        return blobs.put(codec.encodePng(image));
    }

    String storeJpeg(Mat image, int quality) {
        return blobs.put(codec.encodeJpeg(image, quality));
    }
}
