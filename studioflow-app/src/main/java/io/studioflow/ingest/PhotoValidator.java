package io.studioflow.ingest;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageInfo;
import io.studioflow.platform.imaging.InvalidImageException;
import org.opencv.core.Mat;
import org.springframework.stereotype.Component;

/**
 * Checks that uploaded bytes are a photo Studioflow can work on before anything is stored or started:
 * real format by magic bytes, declared size within limits, compressed data that inflates no further than
 * the declared size, and a full decode (a truncated file is refused here, not three steps later).
 */
@Component
public class PhotoValidator {

    private final ImageCodec codec;

    public PhotoValidator(ImageCodec codec) {
        this.codec = codec;
    }

    /** Returns what the header declares; throws {@link InvalidImageException} with a readable reason. */
    public ImageInfo validate(byte[] bytes) {
        ImageInfo info = codec.probe(bytes);
        codec.requireNoDecompressionBomb(bytes, info);
        Mat decoded = codec.decodeBgr(bytes);
        decoded.release();
        return info;
    }
}
