package io.studioflow.review.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.ElementUtilsKt._fireDomEvent;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.DomEvent;
import com.vaadin.flow.dom.Element;
import elemental.json.Json;
import io.studioflow.review.ui.ImageCompare.Backdrop;
import io.studioflow.review.ui.ImageCompare.Mode;
import io.studioflow.review.ui.ImageCompare.Zoom;
import io.studioflow.testing.UiTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImageCompareUiTest extends UiTest {

    private ImageCompare compare;

    @BeforeEach
    void show() {
        compare = new ImageCompare();
        compare.setOriginal("/test/original.jpg");
        compare.setResult("/test/result.jpg");
        compare.setCutout("/test/cutout.png");
        UI.getCurrent().add(compare);
    }

    @Test
    void startsSideBySideAtFitWithBothImagesLabelled() {
        assertThat(compare.getMode()).isEqualTo(Mode.SIDE_BY_SIDE);
        assertThat(compare.getZoom()).isEqualTo(Zoom.FIT);
        assertThat(testIdsOnStage()).contains("compare-original", "compare-result").doesNotContain("compare-slider");
        assertThat(byTestId(Image.class, "compare-original").getSrc()).isEqualTo("/test/original.jpg");
        assertThat(texts(stage())).contains("Original", "Result");
        assertActive("compare-mode-side", "compare-mode-slider", "compare-mode-mask");
        assertActive("compare-zoom-fit", "compare-zoom-100");
        // the backdrop choice belongs to the mask view only
        _assertNone(Button.class, spec -> spec.withAttribute("data-testid", "compare-backdrop-checker"));
    }

    @Test
    void sliderPutsTheResultOverTheOriginalClippedAtTheDivider() {
        _click(byTestId(Button.class, "compare-mode-slider"));

        assertThat(compare.getMode()).isEqualTo(Mode.SLIDER);
        assertActive("compare-mode-slider", "compare-mode-side", "compare-mode-mask");
        assertThat(testIdsOnStage()).contains("compare-original", "compare-result", "compare-slider");
        Element input = compare.sliderInput();
        assertThat(input.getAttribute("type")).isEqualTo("range");
        assertThat(input.getProperty("value")).isEqualTo("50");
        // the result sits in the clipped top layer, the original under it
        Image result = byTestId(Image.class, "compare-result");
        assertThat(result.getParent()).get().isSameAs(compare.sliderTopLayer());
        assertThat(clip()).isEqualTo("inset(0 0 0 50%)");

        compare.setSliderPosition(30);
        assertThat(clip()).isEqualTo("inset(0 0 0 30%)");
        assertThat(input.getProperty("value")).isEqualTo("30");

        // what the browser sends when the user lets go of the divider (or presses an arrow key)
        input.setProperty("value", "72.5");
        assertThat(compare.getSliderPosition()).isEqualTo(72.5);
        assertThat(clip()).isEqualTo("inset(0 0 0 72.5%)");

        compare.setSliderPosition(140);
        assertThat(compare.getSliderPosition()).isEqualTo(100);
    }

    @Test
    void zoomTogglesBetweenFitAndNaturalSizeInEveryMode() {
        _click(byTestId(Button.class, "compare-zoom-100"));

        assertThat(compare.getZoom()).isEqualTo(Zoom.ACTUAL);
        assertActive("compare-zoom-100", "compare-zoom-fit");
        Image original = byTestId(Image.class, "compare-original");
        assertThat(original.getStyle().get("max-width")).isEqualTo("none");
        assertThat(original.getParent().orElseThrow().getStyle().get("overflow")).isEqualTo("auto");

        _click(byTestId(Button.class, "compare-mode-slider"));
        assertThat(compare.getZoom()).isEqualTo(Zoom.ACTUAL);
        assertThat(byTestId(Image.class, "compare-result").getStyle().get("max-width")).isEqualTo("none");

        _click(byTestId(Button.class, "compare-zoom-fit"));
        assertThat(compare.getZoom()).isEqualTo(Zoom.FIT);
        assertThat(byTestId(Image.class, "compare-result").getStyle().get("max-width")).isEqualTo("100%");
        assertThat(byTestId(Image.class, "compare-original").getStyle().get("max-width")).isEqualTo("100%");
    }

    @Test
    void maskModeShowsTheCutoutOverACheckerboardAndOtherBackdrops() {
        _click(byTestId(Button.class, "compare-mode-mask"));

        assertThat(compare.getMode()).isEqualTo(Mode.MASK);
        assertThat(testIdsOnStage()).containsExactly("compare-cutout");
        Image cutout = byTestId(Image.class, "compare-cutout");
        assertThat(cutout.getStyle().get("background")).contains("conic-gradient");
        assertThat(byTestId(Button.class, "compare-backdrop-checker").isVisible()).isTrue();
        // no matte was given, so it cannot be chosen
        assertThat(byTestId(Button.class, "compare-backdrop-matte").isEnabled()).isFalse();

        _click(byTestId(Button.class, "compare-backdrop-dark"));
        assertThat(compare.getBackdrop()).isEqualTo(Backdrop.DARK);
        assertThat(cutout.getStyle().get("background")).isEqualTo("#1f2329");

        compare.setMask("/test/mask.png");
        _click(byTestId(Button.class, "compare-backdrop-matte"));
        assertThat(testIdsOnStage()).containsExactly("compare-mask");
    }

    @Test
    void missingImagesAreSaidNotShownBroken() {
        compare.setResult((String) null);
        compare.setCutout((String) null);

        assertThat(testIdsOnStage()).contains("compare-original", "compare-missing").doesNotContain("compare-result");
        assertThat(texts(stage())).contains("No result yet");

        compare.setMode(Mode.SLIDER);
        assertThat(testIdsOnStage()).containsExactly("compare-missing");

        compare.setMode(Mode.MASK);
        assertThat(texts(stage())).contains("No mask yet");

        compare.setResult("/test/retouched.jpg");
        compare.setMode(Mode.SIDE_BY_SIDE);
        assertThat(testIdsOnStage()).contains("compare-original", "compare-result").doesNotContain("compare-missing");
    }

    @Test
    void anImageTheBrowserCannotLoadBecomesANote() {
        Image result = byTestId(Image.class, "compare-result");

        // what the browser reports for a 404 or a dead URL
        _fireDomEvent(result.getElement(), new DomEvent(result.getElement(), "error", Json.createObject()));

        assertThat(testIdsOnStage()).contains("compare-original", "compare-missing").doesNotContain("compare-result");
        assertThat(texts(stage())).contains("Result could not be loaded");
        compare.setMode(Mode.SLIDER);
        assertThat(texts(stage())).contains("The result could not be loaded");

        compare.setResult("/test/result-again.jpg");
        assertThat(testIdsOnStage()).contains("compare-original", "compare-result");
    }

    @Test
    void servedBytesAreTypedByTheirContent() {
        assertThat(ImageCompare.contentType(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}))
                .isEqualTo("image/png");
        assertThat(ImageCompare.contentType(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}))
                .isEqualTo("image/jpeg");
        assertThat(ImageCompare.contentType("plain text".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("application/octet-stream");
    }

    // ------------------------------------------------------------------ helpers

    private Div stage() {
        return byTestId(Div.class, ImageCompare.TEST_ID_STAGE);
    }

    private String clip() {
        return compare.sliderTopLayer().getElement().getStyle().get("clip-path");
    }

    /** The data-testid of every element under the stage, in document order. */
    private List<String> testIdsOnStage() {
        List<String> ids = new ArrayList<>();
        collect(stage().getElement(), ids);
        return ids;
    }

    private static void collect(Element element, List<String> ids) {
        element.getChildren().forEach(child -> {
            if (child.hasAttribute("data-testid")) {
                ids.add(child.getAttribute("data-testid"));
            }
            collect(child, ids);
        });
    }

    private static List<String> texts(Div root) {
        List<String> texts = new ArrayList<>();
        root.getElement().getChildren().forEach(child -> texts(child, texts));
        return texts;
    }

    private static void texts(Element element, List<String> texts) {
        element.getComponent().filter(Span.class::isInstance).map(c -> ((Span) c).getText()).ifPresent(texts::add);
        element.getChildren().forEach(child -> texts(child, texts));
    }

    /** The first button is pressed (primary), the others not. */
    private static void assertActive(String active, String... others) {
        Button pressed = byTestId(Button.class, active);
        assertThat(pressed.getThemeName()).contains("primary");
        assertThat(pressed.getElement().getAttribute("aria-pressed")).isEqualTo("true");
        for (String other : others) {
            Button button = byTestId(Button.class, other);
            assertThat(button.getThemeName()).doesNotContain("primary");
            assertThat(button.getElement().getAttribute("aria-pressed")).isEqualTo("false");
        }
    }
}
