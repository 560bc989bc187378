package io.studioflow.review.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.dom.Style;
import com.vaadin.flow.function.SerializableSupplier;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a retoucher judges a result with: the original and the result side by side, or one over the other
 * with a divider to drag, or the cut-out over a checkerboard (or white, or dark) so halos and holes in the
 * mask show; each at "Fit" or at 100% (natural pixels, scrollable; side by side, both panes scroll together).
 *
 * <p>Images are given as a {@link DownloadHandler} (see {@link #download}) or a URL:
 *
 * <pre>{@code
 * ImageCompare compare = new ImageCompare();
 * compare.setOriginal(ImageCompare.download("original.jpg", () -> files.bytes(asset, ImageFiles.ORIGINAL)));
 * compare.setResult(ImageCompare.download("result.jpg", () -> files.bytes(asset, ImageFiles.RENDITION)));
 * compare.setCutout(ImageCompare.download("cutout.png", () -> files.cutoutPng(asset)));
 * compare.setMask(ImageCompare.download("mask.png", () -> files.bytes(asset, ImageFiles.MASK))); // optional
 * }</pre>
 *
 * The height defaults to {@value #DEFAULT_HEIGHT}; set another with {@link #setHeight}. Every control carries a
 * stable {@code data-testid} (the {@code TEST_ID_*} constants) for browser tests.
 */
public class ImageCompare extends Composite<Div> implements HasSize {

    public enum Mode {
        /** Original | result, each in its own pane. */
        SIDE_BY_SIDE("Side by side", "compare-mode-side"),
        /** The result over the original; a divider shows the original left of it and the result right. */
        SLIDER("Before/after", "compare-mode-slider"),
        /** The cut-out (photo with the mask as transparency) over a backdrop, or the matte itself. */
        MASK("Mask", "compare-mode-mask");

        private final String label;
        private final String testId;

        Mode(String label, String testId) {
            this.label = label;
            this.testId = testId;
        }

        public String label() {
            return label;
        }
    }

    public enum Zoom {
        /** Whole image visible, shrunk to the box (never enlarged). */
        FIT("Fit", "compare-zoom-fit"),
        /** One image pixel per CSS pixel, scrollable. */
        ACTUAL("100%", "compare-zoom-100");

        private final String label;
        private final String testId;

        Zoom(String label, String testId) {
            this.label = label;
            this.testId = testId;
        }

        public String label() {
            return label;
        }
    }

    /** What is behind the cut-out in {@link Mode#MASK}; {@link #MATTE} shows the mask itself instead. */
    public enum Backdrop {
        CHECKERBOARD("Checkerboard", "compare-backdrop-checker"),
        WHITE("White", "compare-backdrop-white"),
        DARK("Dark", "compare-backdrop-dark"),
        MATTE("Matte", "compare-backdrop-matte");

        private final String label;
        private final String testId;

        Backdrop(String label, String testId) {
            this.label = label;
            this.testId = testId;
        }

        public String label() {
            return label;
        }
    }

    public static final String DEFAULT_HEIGHT = "70vh";
    public static final String TEST_ID_ORIGINAL = "compare-original";
    public static final String TEST_ID_RESULT = "compare-result";
    public static final String TEST_ID_CUTOUT = "compare-cutout";
    public static final String TEST_ID_MASK = "compare-mask";
    public static final String TEST_ID_SLIDER = "compare-slider";
    public static final String TEST_ID_STAGE = "compare-stage";

    private static final Logger log = LoggerFactory.getLogger(ImageCompare.class);

    /** A CSS checkerboard: transparent pixels show as grey and white squares, as in every image editor. */
    private static final String CHECKERBOARD = "repeating-conic-gradient(#cfcfcf 0% 25%, #ffffff 0% 50%) 0 0 / 16px 16px";

    private final Image original = image(TEST_ID_ORIGINAL, "Original");
    private final Image result = image(TEST_ID_RESULT, "Result");
    private final Image cutout = image(TEST_ID_CUTOUT, "Cut-out");
    private final Image mask = image(TEST_ID_MASK, "Mask");
    private boolean hasOriginal;
    private boolean hasResult;
    private boolean hasCutout;
    private boolean hasMask;
    /** Images the browser could not load (a 404 from {@link #download}, a dead URL): shown as a note instead. */
    private final Set<Image> broken = new HashSet<>();

    private final Map<Mode, Button> modeButtons = new EnumMap<>(Mode.class);
    private final Map<Zoom, Button> zoomButtons = new EnumMap<>(Zoom.class);
    private final Map<Backdrop, Button> backdropButtons = new EnumMap<>(Backdrop.class);
    private final Div backdropGroup;
    private final Div stage = new Div();

    private final Span originalLabel = label("Original");
    private final Span resultLabel = label("Result");
    private final Span sliderOriginalLabel = label("Original");
    private final Span sliderResultLabel = label("Result");

    // side by side
    private final Div sideView = new Div();
    private final Div originalViewport = viewport();
    private final Div resultViewport = viewport();
    // before/after slider
    private final Div sliderView = new Div();
    private final Div sliderViewport = viewport();
    private final Div sliderStack = new Div();
    private final Div sliderTop = new Div();
    private final Div sliderDivider = new Div();
    private final Div sliderKnob = new Div();
    private final Element sliderInput = new Element("input");
    // mask
    private final Div maskView = new Div();
    private final Div maskViewport = viewport();

    private Mode mode = Mode.SIDE_BY_SIDE;
    private Zoom zoom = Zoom.FIT;
    private Backdrop backdrop = Backdrop.CHECKERBOARD;
    private double sliderPosition = 50;

    public ImageCompare() {
        Div root = getContent();
        root.getElement().setAttribute("data-testid", "image-compare");
        root.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-s)")
                .set("min-height", "320px").set("box-sizing", "border-box");
        setHeight(DEFAULT_HEIGHT);
        setWidthFull();

        Div modes = segmented("Comparison mode", Mode.values(), modeButtons, m -> m.label, m -> m.testId, this::setMode);
        backdropGroup = segmented("Backdrop", Backdrop.values(), backdropButtons, b -> b.label, b -> b.testId, this::setBackdrop);
        Div zooms = segmented("Zoom", Zoom.values(), zoomButtons, z -> z.label, z -> z.testId, this::setZoom);
        zooms.getStyle().set("margin-left", "auto");
        Div toolbar = new Div(modes, backdropGroup, zooms);
        toolbar.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center")
                .set("gap", "var(--lumo-space-m)");

        stage.getElement().setAttribute("data-testid", TEST_ID_STAGE);
        stage.getStyle().set("flex", "1 1 auto").set("min-height", "0").set("display", "flex");
        root.add(toolbar, stage);

        for (Image image : new Image[] {original, result, cutout, mask}) {
            image.getElement().addEventListener("error", event -> {
                broken.add(image);
                render();
            });
        }
        buildSideView();
        buildSliderView();
        buildMaskView();
        render();
    }

    // ------------------------------------------------------------------ images

    /** The photo as it came in. */
    public void setOriginal(DownloadHandler handler) {
        hasOriginal = setSource(original, handler);
        broken.remove(original);
        render();
    }


    /** A URL the browser can load (same origin, or a data: URL); null removes the image (so for every setter). */
    public void setOriginal(String url) {
        hasOriginal = setSource(original, url);
        broken.remove(original);
        render();
    }

    /** What the flow (or a retoucher) made of it: the rendition, the colour-corrected photo, a retouched file. */
    public void setResult(DownloadHandler handler) {
        hasResult = setSource(result, handler);
        broken.remove(result);
        render();
    }

    public void setResult(String url) {
        hasResult = setSource(result, url);
        broken.remove(result);
        render();
    }

    /** The product on transparency (a PNG with alpha), shown over the backdrop in {@link Mode#MASK}. */
    public void setCutout(DownloadHandler handler) {
        hasCutout = setSource(cutout, handler);
        broken.remove(cutout);
        render();
    }

    public void setCutout(String url) {
        hasCutout = setSource(cutout, url);
        broken.remove(cutout);
        render();
    }

    /** The segmentation matte itself (white = product), offered as the "Matte" backdrop in {@link Mode#MASK}. */
    public void setMask(DownloadHandler handler) {
        hasMask = setSource(mask, handler);
        broken.remove(mask);
        render();
    }

    public void setMask(String url) {
        hasMask = setSource(mask, url);
        broken.remove(mask);
        render();
    }

    /** Names the panes, e.g. "Retouched" instead of "Result". */
    public void setLabels(String originalText, String resultText) {
        originalLabel.setText(originalText);
        sliderOriginalLabel.setText(originalText);
        original.setAlt(originalText);
        resultLabel.setText(resultText);
        sliderResultLabel.setText(resultText);
        result.setAlt(resultText);
    }

    /**
     * Serves bytes that may be missing (as {@code ImageFiles} answers) to an image: 404 when there are none,
     * which the component then shows as "... could not be loaded" instead of a broken image. The type follows
     * the bytes. An image known to be absent is better not set at all (pass null): that shows "No result yet".
     */
    public static DownloadHandler download(String fileName, SerializableSupplier<Optional<byte[]>> bytes) {
        return DownloadHandler.fromInputStream(event -> {
            Optional<byte[]> found;
            try {
                found = bytes.get();
            } catch (RuntimeException e) {
                log.warn("image {} could not be served: {}", fileName, e.toString());
                return DownloadResponse.error(500);
            }
            if (found.isEmpty()) {
                return DownloadResponse.error(404, fileName + " is not available");
            }
            byte[] data = found.get();
            return new DownloadResponse(new ByteArrayInputStream(data), fileName, contentType(data), data.length);
        }).inline();
    }

    static String contentType(byte[] data) {
        if (data.length >= 8 && (data[0] & 0xff) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
            return "image/png";
        }
        if (data.length >= 3 && (data[0] & 0xff) == 0xff && (data[1] & 0xff) == 0xd8 && (data[2] & 0xff) == 0xff) {
            return "image/jpeg";
        }
        if (data.length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F' && data[8] == 'W'
                && data[9] == 'E' && data[10] == 'B' && data[11] == 'P') {
            return "image/webp";
        }
        return "application/octet-stream";
    }

    // ------------------------------------------------------------------ state

    public Mode getMode() {
        return mode;
    }

    /** Switches the view; a mode without its images (no result, no cut-out or mask) shows a short note instead. */
    public void setMode(Mode mode) {
        this.mode = Objects.requireNonNull(mode, "mode");
        render();
        centreAtActualSize();
    }

    public Zoom getZoom() {
        return zoom;
    }

    public void setZoom(Zoom zoom) {
        this.zoom = Objects.requireNonNull(zoom, "zoom");
        render();
        centreAtActualSize();
    }

    public Backdrop getBackdrop() {
        return backdrop;
    }

    public void setBackdrop(Backdrop backdrop) {
        this.backdrop = Objects.requireNonNull(backdrop, "backdrop");
        render();
    }

    /** Where the before/after divider stands, 0 (all result) .. 100 (all original), in % of the width. */
    public double getSliderPosition() {
        return sliderPosition;
    }

    public void setSliderPosition(double percent) {
        if (Double.isNaN(percent)) {
            throw new IllegalArgumentException("slider position must be a number");
        }
        sliderPosition = Math.max(0, Math.min(100, percent));
        sliderInput.setProperty("value", format(sliderPosition));
        showSliderPosition();
    }

    // ------------------------------------------------------------------ building

    private void buildSideView() {
        sideView.getStyle().set("display", "flex").set("gap", "var(--lumo-space-s)").set("flex", "1 1 auto")
                .set("min-width", "0").set("min-height", "0");
        sideView.add(pane(originalLabel, originalViewport), pane(resultLabel, resultViewport));
        // at 100% both panes show the same part of the picture: scrolling one scrolls the other (by proportion,
        // so a result of another size still lines up); the flag keeps the echo from scrolling back
        sideView.addAttachListener(event -> sideView.getElement().executeJs("""
                const a = $0, b = $1;
                if (a.__studioflowSync) return;
                a.__studioflowSync = true;
                let leader = null;
                const follow = (src, dst) => src.addEventListener('scroll', () => {
                  if (leader && leader !== src) return;
                  leader = src;
                  const fx = src.scrollWidth > src.clientWidth ? src.scrollLeft / (src.scrollWidth - src.clientWidth) : 0;
                  const fy = src.scrollHeight > src.clientHeight ? src.scrollTop / (src.scrollHeight - src.clientHeight) : 0;
                  dst.scrollLeft = fx * (dst.scrollWidth - dst.clientWidth);
                  dst.scrollTop = fy * (dst.scrollHeight - dst.clientHeight);
                  requestAnimationFrame(() => requestAnimationFrame(() => { if (leader === src) leader = null; }));
                }, {passive: true});
                follow(a, b);
                follow(b, a);
                """, originalViewport.getElement(), resultViewport.getElement()));
    }

    private void buildSliderView() {
        Div labels = new Div(sliderOriginalLabel, sliderResultLabel);
        labels.getStyle().set("display", "flex").set("justify-content", "space-between");
        sliderView.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)")
                .set("flex", "1 1 auto").set("min-width", "0").set("min-height", "0");
        sliderView.add(labels, sliderViewport);

        sliderTop.getStyle().set("grid-area", "1 / 1");
        sliderDivider.getStyle().set("position", "absolute").set("top", "0").set("bottom", "0").set("width", "2px")
                .set("transform", "translateX(-1px)").set("background", "#fff")
                .set("box-shadow", "0 0 0 1px rgba(0, 0, 0, 0.35)").set("pointer-events", "none");
        var arrows = VaadinIcon.ARROWS_LONG_H.create();
        arrows.getStyle().set("width", "18px").set("height", "18px").set("color", "var(--lumo-body-text-color)");
        sliderKnob.add(arrows);
        sliderKnob.getStyle().set("position", "absolute").set("top", "50%").set("left", "50%")
                .set("transform", "translate(-50%, -50%)").set("width", "34px").set("height", "34px")
                .set("border-radius", "50%").set("background", "#fff").set("display", "flex")
                .set("align-items", "center").set("justify-content", "center")
                .set("box-shadow", "0 1px 4px rgba(0, 0, 0, 0.4)");
        sliderDivider.add(sliderKnob);

        // a real range input across the whole picture: focusable, arrow keys and Page Up/Down work natively;
        // it is invisible, the divider above shows where it stands
        sliderInput.setAttribute("type", "range");
        sliderInput.setAttribute("min", "0");
        sliderInput.setAttribute("max", "100");
        sliderInput.setAttribute("step", "any");
        sliderInput.setAttribute("aria-label", "Divider between original and result, in percent of the width");
        sliderInput.setAttribute("data-testid", TEST_ID_SLIDER);
        sliderInput.setProperty("value", format(sliderPosition));
        sliderInput.getStyle().set("position", "absolute").set("inset", "0").set("width", "100%").set("height", "100%")
                .set("margin", "0").set("opacity", "0").set("cursor", "ew-resize").set("touch-action", "pan-y");
        // the browser moves the divider itself while dragging; the server hears the final value
        sliderInput.addPropertyChangeListener("value", "change", event -> {
            Double value = parse(event.getValue());
            if (value != null && value != sliderPosition) {
                sliderPosition = Math.max(0, Math.min(100, value));
                showSliderPosition();
            }
        });
        sliderStack.getElement().appendChild(sliderInput);
        sliderStack.add(sliderDivider);
        sliderViewport.add(sliderStack);

        // pointer drags map the pointer's x exactly onto the divider (a native range thumb would lag by half
        // its width); the focus ring goes on the knob, since the input itself is invisible
        sliderStack.addAttachListener(event -> sliderStack.getElement().executeJs("""
                const stack = $0, input = $1, top = $2, divider = $3, knob = $4;
                if (input.__studioflowSlider) return;
                input.__studioflowSlider = true;
                const show = () => {
                  top.style.clipPath = 'inset(0 0 0 ' + input.value + '%)';
                  divider.style.left = input.value + '%';
                };
                const fromPointer = e => {
                  const r = stack.getBoundingClientRect();
                  const v = Math.min(100, Math.max(0, (e.clientX - r.left) / r.width * 100));
                  input.value = v.toFixed(2);
                  show();
                };
                input.addEventListener('input', show);
                input.addEventListener('pointerdown', e => {
                  if (e.button !== 0) return;
                  e.preventDefault();
                  input.focus();
                  input.setPointerCapture(e.pointerId);
                  fromPointer(e);
                });
                input.addEventListener('pointermove', e => { if (input.hasPointerCapture(e.pointerId)) fromPointer(e); });
                const end = e => {
                  if (!input.hasPointerCapture(e.pointerId)) return;
                  input.releasePointerCapture(e.pointerId);
                  input.dispatchEvent(new Event('change'));
                };
                input.addEventListener('pointerup', end);
                input.addEventListener('pointercancel', end);
                input.addEventListener('focus', () => { knob.style.outline = '3px solid var(--lumo-primary-color-50pct)'; });
                input.addEventListener('blur', () => { knob.style.outline = ''; });
                """, sliderStack.getElement(), sliderInput, sliderTop.getElement(), sliderDivider.getElement(),
                sliderKnob.getElement()));
        showSliderPosition();
    }

    private void buildMaskView() {
        maskView.getStyle().set("display", "flex").set("flex", "1 1 auto").set("min-width", "0").set("min-height", "0");
        maskView.add(maskViewport);
    }

    // ------------------------------------------------------------------ rendering

    /** Puts the images where the current mode and zoom want them; the Image components move, never copy. */
    private void render() {
        modeButtons.forEach((m, button) -> markActive(button, m == mode));
        zoomButtons.forEach((z, button) -> markActive(button, z == zoom));
        backdropButtons.forEach((b, button) -> {
            markActive(button, b == backdrop);
            boolean enabled = b == Backdrop.MATTE ? hasMask : hasCutout;
            if (button.isEnabled() != enabled) {
                button.setEnabled(enabled);
            }
        });
        backdropGroup.setVisible(mode == Mode.MASK);

        boolean actual = zoom == Zoom.ACTUAL;
        for (Component moving : new Component[] {original, result, cutout, mask, sliderTop}) {
            moving.getElement().removeFromParent();
        }
        for (Div viewport : new Div[] {originalViewport, resultViewport, sliderViewport, maskViewport}) {
            viewport.removeAll();
            viewport.getStyle().set("overflow", actual ? "auto" : "hidden");
        }
        stage.removeAll();
        switch (mode) {
            case SIDE_BY_SIDE -> {
                fill(originalViewport, original, hasOriginal, "No original image");
                fill(resultViewport, result, hasResult, "No result yet");
                stage.add(sideView);
            }
            case SLIDER -> {
                renderSlider(actual);
                stage.add(sliderView);
            }
            case MASK -> {
                boolean matte = backdrop == Backdrop.MATTE || !hasCutout;
                Image shown = matte ? mask : cutout;
                fill(maskViewport, shown, matte ? hasMask : hasCutout, "No mask yet");
                shown.getStyle().set("background", switch (matte ? Backdrop.MATTE : backdrop) {
                    case CHECKERBOARD -> CHECKERBOARD;
                    case WHITE -> "#ffffff";
                    case DARK -> "#1f2329";
                    case MATTE -> "#000000";
                });
                stage.add(maskView);
            }
        }
    }

    private void renderSlider(boolean actual) {
        if (!hasOriginal || broken.contains(original)) {
            sliderViewport.add(note(hasOriginal ? "The original could not be loaded" : "No original image"));
            return;
        }
        if (!hasResult || broken.contains(result)) {
            sliderViewport.add(note(hasResult ? "The result could not be loaded" : "No result yet"));
            return;
        }
        sliderViewport.add(sliderStack);
        sliderTop.add(result);
        sliderStack.getElement().insertChild(0, original.getElement(), sliderTop.getElement());
        Style stack = sliderStack.getStyle();
        if (actual) {
            // a grid cell as large as the larger image holds both layers; it scrolls inside the viewport
            stack.set("position", "relative").set("inset", null).set("display", "grid").set("margin", "auto")
                    .set("flex", "0 0 auto");
            sliderTop.getStyle().set("position", null).set("inset", null);
        } else {
            stack.set("position", "absolute").set("inset", "0").set("display", "block").set("margin", null)
                    .set("flex", null);
            sliderTop.getStyle().set("position", "absolute").set("inset", "0");
        }
        place(original, actual);
        place(result, actual);
        original.getStyle().set("grid-area", "1 / 1");
        result.getStyle().set("grid-area", null);
    }

    private void fill(Div viewport, Image image, boolean present, String missing) {
        if (!present || broken.contains(image)) {
            viewport.add(note(present ? image.getAlt().orElse("The image") + " could not be loaded" : missing));
            return;
        }
        viewport.add(image);
        place(image, zoom == Zoom.ACTUAL);
        image.getStyle().set("grid-area", null);
    }

    /** Fit: centred and shrunk to the box, never enlarged. 100%: natural size, centred while it fits. */
    private static void place(Image image, boolean actual) {
        Style style = image.getStyle();
        if (actual) {
            style.set("position", null).set("inset", null).set("margin", "auto").set("max-width", "none")
                    .set("max-height", "none").set("flex", "0 0 auto");
        } else {
            style.set("position", "absolute").set("inset", "0").set("margin", "auto").set("max-width", "100%")
                    .set("max-height", "100%").set("flex", null);
        }
    }

    /**
     * At 100% a view opens on the middle of the picture, where the product is, rather than on the empty corner;
     * once the images are decoded, so the scroll range is known. Changing only the backdrop keeps the place.
     */
    private void centreAtActualSize() {
        if (zoom != Zoom.ACTUAL) {
            return;
        }
        stage.getElement().executeJs("""
                const stage = this;
                const images = [...stage.querySelectorAll('img')].map(image => image.decode().catch(() => {}));
                Promise.all(images).then(() => requestAnimationFrame(() => {
                  for (const box of stage.querySelectorAll('[data-compare-viewport]')) {
                    box.scrollLeft = (box.scrollWidth - box.clientWidth) / 2;
                    box.scrollTop = (box.scrollHeight - box.clientHeight) / 2;
                  }
                }));
                """);
    }

    private void showSliderPosition() {
        String percent = format(sliderPosition) + "%";
        sliderTop.getStyle().set("clip-path", "inset(0 0 0 " + percent + ")");
        sliderDivider.getStyle().set("left", percent);
    }

    // ------------------------------------------------------------------ small parts

    private static <T> Div segmented(String label, T[] values, Map<T, Button> buttons,
                                     Function<T, String> text,
                                     Function<T, String> testId, Consumer<T> select) {
        Div group = new Div();
        group.getElement().setAttribute("role", "group");
        group.getElement().setAttribute("aria-label", label);
        group.getStyle().set("display", "inline-flex").set("gap", "2px").set("padding", "2px")
                .set("background", "var(--lumo-contrast-5pct)").set("border-radius", "var(--lumo-border-radius-l)");
        for (T value : values) {
            Button button = new Button(text.apply(value), click -> select.accept(value));
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            button.getElement().setAttribute("data-testid", testId.apply(value));
            button.getStyle().set("margin", "0");
            buttons.put(value, button);
            group.add(button);
        }
        return group;
    }

    private static void markActive(Button button, boolean active) {
        if (Boolean.toString(active).equals(button.getElement().getAttribute("aria-pressed"))) {
            return;
        }
        if (active) {
            button.removeThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_CONTRAST);
            button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        } else {
            button.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
            button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_CONTRAST);
        }
        button.getElement().setAttribute("aria-pressed", Boolean.toString(active));
    }

    private static Div pane(Span label, Div viewport) {
        Div pane = new Div(label, viewport);
        pane.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "var(--lumo-space-xs)")
                .set("flex", "1 1 0").set("min-width", "0").set("min-height", "0");
        return pane;
    }

    /** The box an image is shown in: light grey, so a white product photo still shows its edge. */
    private static Div viewport() {
        Div viewport = new Div();
        viewport.getElement().setAttribute("data-compare-viewport", true);
        viewport.getStyle().set("position", "relative").set("display", "flex").set("flex", "1 1 auto")
                .set("min-width", "0").set("min-height", "0").set("background", "var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)");
        return viewport;
    }

    private static Span label(String text) {
        Span label = new Span(text);
        label.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "600")
                .set("color", "var(--lumo-secondary-text-color)");
        return label;
    }

    private static Span note(String text) {
        Span note = new Span(text);
        note.getElement().setAttribute("data-testid", "compare-missing");
        note.getStyle().set("margin", "auto").set("color", "var(--lumo-secondary-text-color)");
        return note;
    }

    private static Image image(String testId, String alt) {
        Image image = new Image();
        image.setAlt(alt);
        image.getElement().setAttribute("data-testid", testId);
        image.getElement().setAttribute("draggable", "false");
        image.getStyle().set("display", "block").set("user-select", "none");
        return image;
    }

    private static boolean setSource(Image image, DownloadHandler handler) {
        if (handler == null) {
            image.getElement().removeAttribute("src");
            return false;
        }
        image.setSrc(handler);
        return true;
    }


    private static boolean setSource(Image image, String url) {
        if (url == null || url.isBlank()) {
            image.getElement().removeAttribute("src");
            return false;
        }
        image.setSrc(url);
        return true;
    }

    private static Double parse(java.io.Serializable value) {
        if (value == null) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.toString());
            return Double.isNaN(parsed) ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String format(double percent) {
        return String.format(Locale.ROOT, "%.2f", percent).replaceAll("\\.?0+$", "");
    }

    /** For tests: the element whose clip shows the result in {@link Mode#SLIDER}. */
    Component sliderTopLayer() {
        return sliderTop;
    }

    Element sliderInput() {
        return sliderInput;
    }
}
