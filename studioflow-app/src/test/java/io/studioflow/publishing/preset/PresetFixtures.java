package io.studioflow.publishing.preset;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.Mats;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.PresetProperties.BrandPreset;
import io.studioflow.testing.SyntheticPhotos;
import io.studioflow.testing.TestPhotos;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** A studio packshot with a real photo's texture and a soft cast shadow, and renditions of it in any format. */
final class PresetFixtures {

    static final ImageCodec CODEC = new ImageCodec();
    static final Composer COMPOSER = new Composer();

    /** Two brand presets besides the built-ins: a transparent PNG, and a WebP on a warm grey with margins. */
    static final PresetCatalog CATALOG = new PresetCatalog(new PresetProperties(Map.of(
            "acme-clear", brand("shopify", "ACME cut-out", null, null, ShadowStyle.GROUND, RenditionFormat.PNG_ALPHA),
            "acme-grey", brand("white-square-2000", "ACME shop", "#F2EEE8", 0.08, ShadowStyle.DROP, RenditionFormat.WEBP))));

    private PresetFixtures() {
    }

    static BrandPreset brand(String basedOn, String label, String background, Double margin, ShadowStyle shadow,
                             RenditionFormat format) {
        return new BrandPreset(basedOn, label, null, null, null, background, null, null, null, margin, shadow, format,
                null, null);
    }

    /** The packshot (on a light sweep, with a cast shadow to the lower right) and its exact alpha; caller closes. */
    static SyntheticPhotos.Composite packshot() {
        Mat texture = Imgcodecs.imread(TestPhotos.photo("coffee.png").toString(), Imgcodecs.IMREAD_COLOR);
        try (SyntheticPhotos.Composite shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1400, 1400)) {
            // the vase stands at about 88% of the height; its shadow falls on the sweep behind and to the right
            Mat shade = new Mat(1400, 1400, CvType.CV_32F, Scalar.all(1));
            Imgproc.ellipse(shade, new Point(760, 1220), new Size(380, 60), -4, 0, 360, Scalar.all(0.6), -1);
            Imgproc.GaussianBlur(shade, shade, new Size(0, 0), 14);
            Mat shade3 = new Mat();
            Imgproc.cvtColor(shade, shade3, Imgproc.COLOR_GRAY2BGR);
            Mat photo = new Mat();
            shot.photo().convertTo(photo, CvType.CV_32FC3);
            // shade only the background: photo = product * a + background * shade * (1 - a)
            Mat alpha = new Mat();
            shot.alpha().convertTo(alpha, CvType.CV_32F, 1 / 255.0);
            Mat inverse = new Mat();
            Core.subtract(new Mat(1400, 1400, CvType.CV_32F, Scalar.all(1)), alpha, inverse);
            Core.multiply(shade, inverse, inverse);
            Core.add(inverse, alpha, inverse); // 1 on the product, the shade on the background
            Imgproc.cvtColor(inverse, shade3, Imgproc.COLOR_GRAY2BGR);
            Core.multiply(photo, shade3, photo);
            Mat out = new Mat();
            photo.convertTo(out, CvType.CV_8UC3);
            Mat outAlpha = shot.alpha().clone();
            Mats.release(shade, shade3, photo, alpha, inverse);
            return new SyntheticPhotos.Composite(out, outAlpha);
        } finally {
            texture.release();
        }
    }

    /** The packshot composed to {@code spec} and encoded as {@code format}. */
    static byte[] render(SyntheticPhotos.Composite shot, ComposeSpec spec, RenditionFormat format, int quality) {
        try (ComposeResult result = COMPOSER.compose(shot.photo(), shot.alpha(), spec)) {
            return encode(result.image(), format, quality);
        }
    }

    static byte[] encode(Mat image, RenditionFormat format, int quality) {
        return switch (format) {
            case JPEG -> CODEC.encodeJpeg(image, quality);
            case PNG_ALPHA -> CODEC.encodePng(image);
            case WEBP -> {
                MatOfByte out = new MatOfByte();
                MatOfInt parameters = new MatOfInt(Imgcodecs.IMWRITE_WEBP_QUALITY, quality);
                Imgcodecs.imencode(".webp", image, out, parameters);
                byte[] bytes = out.toArray();
                Mats.release(out, parameters);
                yield bytes;
            }
        };
    }
}
