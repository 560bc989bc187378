package io.studioflow.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageFormat;
import io.studioflow.platform.imaging.RecentImages;
import io.studioflow.platform.storage.FileSystemBlobStore;
import io.studioflow.processing.StepImages.StoredRendition;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.Composer;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.Preset;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.PresetProperties;
import io.studioflow.publishing.preset.PresetProperties.BrandPreset;
import io.studioflow.publishing.preset.PresetValidator;
import io.studioflow.publishing.preset.RenditionFormat;
import io.studioflow.testing.SyntheticPhotos;
import io.studioflow.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** What the compose step stores for each preset: the preset's format, and a file its validator accepts. */
class StepImagesTest {

    private static final ImageCodec CODEC = new ImageCodec();
    private static final PresetCatalog CATALOG = new PresetCatalog(new PresetProperties(Map.of(
            "brand-webp", new BrandPreset(null, "Brand WebP", null, null, null, "#F4F4F4", null, null, null, 0.05,
                    ShadowStyle.GROUND, RenditionFormat.WEBP, 90, null),
            "brand-cutout", new BrandPreset("shopify", "Brand cut-out", null, null, null, null, null, null, null, null,
                    ShadowStyle.DROP, RenditionFormat.PNG_ALPHA, null, null))));
    private static SyntheticPhotos.Composite shot;

    @TempDir
    Path blobs;

    @BeforeAll
    static void photograph() {
        Mat texture = Imgcodecs.imread(TestPhotos.photo("orange.jpg").toString(), Imgcodecs.IMREAD_COLOR);
        shot = SyntheticPhotos.packshot(texture, new Scalar(236, 238, 240), 1200, 1200);
        texture.release();
    }

    @AfterAll
    static void release() {
        shot.close();
    }

    static List<Preset> presets() {
        return CATALOG.all();
    }

    @ParameterizedTest
    @MethodSource("presets")
    void storesEachPresetsRenditionInItsFormatAndItPasses(Preset preset) {
        StepImages images = new StepImages(new FileSystemBlobStore(blobs), CODEC, new RecentImages(0));
        try (ComposeResult result = new Composer().compose(shot.photo(), shot.alpha(), preset.composeSpec())) {
            StoredRendition stored = images.storeRendition(result.image(), preset);
            ImageFormat expected = preset.format().imageFormat();
            assertThat(CODEC.probe(stored.bytes()).format()).isEqualTo(expected);
            assertThat(CODEC.probe(stored.bytes()).hasAlpha()).isEqualTo(preset.format().transparent());
            assertThat(new FileSystemBlobStore(blobs).get(stored.hash())).isEqualTo(stored.bytes());
            assertThat(new PresetValidator(CODEC).validate(stored.bytes(), preset)).isEmpty();
        }
    }

    @Test
    void readsBackWhatItStoredTheSameWhetherKeptDecodedOrDecodedAgain() {
        StepImages keeping = new StepImages(new FileSystemBlobStore(blobs), CODEC, new RecentImages(64));
        StepImages decoding = new StepImages(new FileSystemBlobStore(blobs), CODEC, new RecentImages(0));
        String photo = keeping.storePng(shot.photo());
        String mask = keeping.storePng(shot.alpha());
        for (StepImages images : List.of(keeping, decoding)) {
            Mat readPhoto = images.photo(photo);
            Mat readMask = images.mask(mask);
            assertThat(Core.norm(readPhoto, shot.photo(), Core.NORM_INF)).isZero();
            assertThat(Core.norm(readMask, shot.alpha(), Core.NORM_INF)).isZero();
            readPhoto.release(); // the caller's copy: releasing it leaves the kept one whole
            readMask.release();
        }
        Mat again = keeping.photo(photo);
        assertThat(Core.norm(again, shot.photo(), Core.NORM_INF)).isZero();
        again.release();
    }
}
