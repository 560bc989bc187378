package io.studioflow.publishing.preset;

import static io.studioflow.publishing.preset.PresetFixtures.CATALOG;
import static io.studioflow.publishing.preset.PresetFixtures.CODEC;
import static io.studioflow.publishing.preset.PresetFixtures.encode;
import static io.studioflow.publishing.preset.PresetFixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.processing.compose.BgrColour;
import io.studioflow.processing.compose.ComposeResult;
import io.studioflow.processing.compose.ComposeSpec;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.PresetViolation.Code;
import io.studioflow.testing.SyntheticPhotos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;

class PresetValidatorTest {

    private static SyntheticPhotos.Composite shot;
    private final PresetValidator validator = new PresetValidator(CODEC);
    private final Preset amazon = CATALOG.get("amazon-main");

    @BeforeAll
    static void photograph() {
        shot = PresetFixtures.packshot();
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
    void everyPresetsRenditionOfAGoodProductPasses(Preset preset) {
        byte[] rendition = render(shot, preset.composeSpec(), preset.format(), preset.quality());
        List<PresetViolation> violations = validator.validate(rendition, preset);
        System.out.printf("%s: %d bytes, %s%n", preset.name(), rendition.length, violations);
        assertThat(violations).isEmpty();
    }

    @Test
    void anOffWhiteBackgroundFailsAmazon() {
        byte[] rendition = render(shot, amazon.composeSpec().withBackground(new BgrColour(250, 250, 250)), amazon.format(),
                amazon.quality());
        assertThat(validator.validate(rendition, amazon)).containsExactly(new PresetViolation(Code.BACKGROUND,
                "Background is not pure white: 100% of the frame's edge pixels are off-white (Amazon main image requires "
                        + "RGB 255,255,255)"));
    }

    @Test
    void aFaintGreyStripAtTheEdgeFailsAmazonWithItsShare() {
        try (ComposeResult result = PresetFixtures.COMPOSER.compose(shot.photo(), shot.alpha(), amazon.composeSpec())) {
            // 254 is invisible to the eye, but not pure white
            Mat strip = result.image().submat(new Rect(0, 0, 16, 2000));
            strip.setTo(Scalar.all(254));
            strip.release();
            List<PresetViolation> violations = validator.validate(encode(result.image(), amazon.format(), 95), amazon);
            assertThat(violations).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo(Code.BACKGROUND);
                assertThat(v.message()).matches("Background is not pure white: (19|20|21)(\\.\\d)?% of the frame's edge "
                        + "pixels are off-white \\(Amazon main image requires RGB 255,255,255\\)");
            });
        }
    }

    @Test
    void aProductTooSmallForTheFrameFailsAmazon() {
        byte[] rendition = render(shot, amazon.composeSpec().withFillRatio(0.6), amazon.format(), amazon.quality());
        assertThat(validator.validate(rendition, amazon)).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(Code.PRODUCT_TOO_SMALL);
            assertThat(v.message()).matches("The product fills only 6\\d(\\.\\d)?% of the frame \\(Amazon main image "
                    + "requires at least 85%\\)");
        });
    }

    @Test
    void theWrongSizeFails() {
        byte[] small = render(shot, ComposeSpec.square(800), RenditionFormat.JPEG, 92);
        assertThat(validator.validate(small, amazon)).containsExactly(
                new PresetViolation(Code.WRONG_SIZE, "The image is 800x800 px, but Amazon main image requires exactly "
                        + "2000x2000 px"),
                new PresetViolation(Code.TOO_SMALL, "The image is only 800 px on its longest side; Amazon main image "
                        + "requires at least 1000 px"));

        Preset etsy = CATALOG.get("etsy");
        byte[] shorter = render(shot, ComposeSpec.longestSide(1500), RenditionFormat.JPEG, 92);
        assertThat(validator.validate(shorter, etsy)).extracting(PresetViolation::message).containsExactly(
                "The image's longest side is 1500 px, but Etsy requires 2000 px on the longest side",
                "The image is only 1500 px on its longest side; Etsy requires at least 2000 px");

        Preset zalando = CATALOG.get("zalando");
        byte[] square = render(shot, ComposeSpec.square(2600), RenditionFormat.JPEG, 92);
        assertThat(validator.validate(square, zalando)).extracting(PresetViolation::message).containsExactly(
                "The image is 2600x2600 px, but Zalando requires exactly 1801x2600 px");
    }

    @Test
    void theWrongFormatFails() {
        byte[] png = render(shot, amazon.composeSpec(), RenditionFormat.PNG_ALPHA, 100);
        assertThat(validator.validate(png, amazon)).containsExactly(new PresetViolation(Code.WRONG_FORMAT,
                "The file is a PNG image, but Amazon main image requires JPEG"));

        byte[] transparent = render(shot, amazon.composeSpec().withTransparentBackground(true), RenditionFormat.PNG_ALPHA,
                100);
        assertThat(validator.validate(transparent, amazon)).extracting(PresetViolation::code)
                .containsExactly(Code.WRONG_FORMAT, Code.UNEXPECTED_ALPHA);
    }

    @Test
    void aTransparentPresetRefusesAFileWithoutAlpha() {
        Preset clear = CATALOG.get("acme-clear");
        byte[] opaque = render(shot, clear.composeSpec().withTransparentBackground(false), RenditionFormat.PNG_ALPHA, 100);
        assertThat(validator.validate(opaque, clear)).containsExactly(new PresetViolation(Code.ALPHA_MISSING,
                "The file has no transparency (alpha channel), but ACME cut-out requires a PNG with a transparent "
                        + "background"));
    }

    @Test
    void aTransparentPresetRefusesOpaqueCorners() {
        Preset clear = CATALOG.get("acme-clear");
        try (ComposeResult result = PresetFixtures.COMPOSER.compose(shot.photo(), shot.alpha(), clear.composeSpec())) {
            Mat image = result.image();
            Mat corner = image.submat(new Rect(image.cols() - 100, image.rows() - 100, 100, 100));
            corner.setTo(new Scalar(255, 255, 255, 255));
            corner.release();
            assertThat(validator.validate(encode(image, clear.format(), 100), clear)).containsExactly(
                    new PresetViolation(Code.CORNERS_NOT_TRANSPARENT, "The background is not transparent: the bottom "
                            + "right corner is visible, but ACME cut-out requires a transparent background"));
        }
    }

    @Test
    void aBrandColourIsCheckedAndItsMarginKept() {
        Preset grey = CATALOG.get("acme-grey");
        byte[] onWhite = render(shot, grey.composeSpec().withBackground(BgrColour.WHITE), grey.format(), grey.quality());
        assertThat(validator.validate(onWhite, grey)).extracting(PresetViolation::message).containsExactly(
                "Background is not the preset's colour: 100% of the frame's edge pixels differ from RGB 242,238,232 "
                        + "(ACME shop requires RGB 242,238,232)");

        // too full for the margins (a drop shadow may fall into the margin below and to the right, so none here)
        byte[] tooFull = render(shot, grey.composeSpec().withFillRatio(0.95).withShadow(ShadowStyle.NONE), grey.format(),
                grey.quality());
        assertThat(validator.validate(tooFull, grey)).extracting(PresetViolation::message).containsExactly(
                "The product reaches into the margin at the top (ACME shop keeps 8% of the frame free on every side)");
    }

    @Test
    void nothingButBackgroundHasNoProduct() {
        Mat blank = new Mat(2000, 2000, CvType.CV_8UC3, Scalar.all(255));
        try {
            assertThat(validator.validate(CODEC.encodeJpeg(blank, 92), amazon)).containsExactly(new PresetViolation(
                    Code.NO_PRODUCT, "No product is visible: the whole image is background"));
        } finally {
            blank.release();
        }
    }

    @Test
    void bytesThatAreNoImageAreUnreadable() {
        List<PresetViolation> violations = validator.validate("not an image".getBytes(StandardCharsets.US_ASCII), amazon);
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.code()).isEqualTo(Code.UNREADABLE);
            assertThat(v.message()).startsWith("The rendition cannot be opened as an image (");
        });
    }

    @Test
    void anEmbeddedProfileOtherThanSrgbFails() {
        byte[] rendition = render(shot, amazon.composeSpec(), amazon.format(), amazon.quality());
        assertThat(validator.validate(withIccSegment(rendition, "Adobe RGB (1998)"), amazon)).containsExactly(
                new PresetViolation(Code.COLOUR_PROFILE, "The file embeds a colour profile that is not sRGB; Amazon main "
                        + "image shows colours as sRGB, so they would shift: convert the image to sRGB"));
        assertThat(validator.validate(withIccSegment(rendition, "sRGB IEC61966-2.1"), amazon)).isEmpty();
    }

    /** The JPEG with an APP2 ICC_PROFILE segment after SOI whose profile names {@code description}. */
    private static byte[] withIccSegment(byte[] jpeg, String description) {
        byte[] payload = ("ICC_PROFILE\0\1\1" + "desc" + description).getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE2);
        int length = payload.length + 2;
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(payload, 0, payload.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void messagesAreTheViolationsWords() {
        assertThat(PresetValidator.messages(List.of(new PresetViolation(Code.TOO_SMALL, "too small"))))
                .containsExactly("too small");
    }
}
