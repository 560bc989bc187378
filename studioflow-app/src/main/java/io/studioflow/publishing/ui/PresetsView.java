package io.studioflow.publishing.ui;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.processing.compose.ShadowStyle;
import io.studioflow.publishing.preset.InvalidPresetException;
import io.studioflow.publishing.preset.PresetCatalog;
import io.studioflow.publishing.preset.PresetDocument;
import io.studioflow.publishing.preset.PresetDocument.FieldError;
import io.studioflow.publishing.preset.RenditionFormat;
import io.studioflow.publishing.preset.StalePresetException;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The presets as managers edit them: a grid of every preset, and a form for the selected one (canvas, fill,
 * margin, background, shadow, format, quality, the reviewers' checklist) that checks every change as it is typed,
 * marks the wrong fields, and saves a new version. "New preset" starts from the selected one.
 */
@Route("presets")
@PageTitle("Presets · Studioflow")
@RolesAllowed({"MANAGER", "ADMIN"})
public class PresetsView extends VerticalLayout {

    private static final String EXACT = "Exact size";
    private static final String LONGEST = "Longest side";
    private static final Pattern HEX = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final PresetCatalog presets;
    private final Grid<PresetDocument> grid = new Grid<>(PresetDocument.class, false);

    private final TextField id = new TextField("Name (id)");
    private final TextField label = new TextField("Label");
    private final RadioButtonGroup<String> canvasMode = new RadioButtonGroup<>("Canvas");
    private final IntegerField width = new IntegerField("Width (px)");
    private final IntegerField height = new IntegerField("Height (px)");
    private final IntegerField longestSide = new IntegerField("Longest side (px)");
    private final NumberField fill = new NumberField("Fill (%)");
    private final NumberField margin = new NumberField("Margin (%)");
    private final TextField background = new TextField("Background");
    private final Div swatch = new Div();
    private final Select<String> shadow = new Select<>();
    private final Select<String> format = new Select<>();
    private final IntegerField quality = new IntegerField("Quality");
    private final IntegerField minLongestSide = new IntegerField("Min. longest side (px)");
    private final TextArea checklist = new TextArea("Reviewer checklist (one item per line)");
    private final Span heading = new Span();
    private final Span status = new Span();
    private final Span otherErrors = new Span();
    private final Button save = new Button("Save");
    private final Button newPreset = new Button("New preset");
    private final Button revert = new Button("Revert");

    /** The preset the form started from: its version (null for a new one) and the settings the form does not show. */
    private PresetDocument base;
    private boolean loading;

    public PresetsView(PresetCatalog presets) {
        this.presets = presets;
        setSizeFull();

        // the label, checklist and who saved it are in the form: the grid keeps to what tells presets apart
        // the name takes what the other columns leave: every column fits beside the form without scrolling sideways
        grid.addColumn(PresetDocument::id).setHeader("Name").setWidth("8rem").setFlexGrow(1);
        grid.addColumn(PresetsView::canvas).setHeader("Canvas").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(PresetsView::backgroundCell).setHeader("Background").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(d -> percent(d.fill()) + (d.margin() == null ? "" : " · " + percent(d.margin())))
                .setHeader("Fill · margin").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(PresetDocument::shadow).setHeader("Shadow").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(PresetDocument::format).setHeader("Format").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(d -> "v" + d.version()).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.getElement().setAttribute("data-testid", "presets-grid");
        grid.setHeightFull();
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                edit(e.getValue(), false);
            }
        });

        VerticalLayout form = form();
        HorizontalLayout body = new HorizontalLayout(grid, form);
        body.setSizeFull();
        body.setMinHeight("0"); // let the form scroll inside the view, not the page
        body.setFlexGrow(1, grid);
        add(new H3("Presets"), body);
        setFlexGrow(1, body);

        reloadGrid();
        presets.documents().stream().filter(d -> d.id().equals(PresetCatalog.DEFAULT)).findFirst()
                .ifPresent(grid::select);
    }

    private VerticalLayout form() {
        testId(id, "preset-id");
        testId(label, "preset-label");
        canvasMode.setItems(EXACT, LONGEST);
        testId(canvasMode, "preset-canvas-mode");
        testId(width, "preset-width");
        testId(height, "preset-height");
        testId(longestSide, "preset-longest-side");
        fill.setStep(1);
        fill.setStepButtonsVisible(true);
        testId(fill, "preset-fill");
        margin.setStep(0.5);
        testId(margin, "preset-margin");
        background.setPlaceholder("#FFFFFF");
        background.setHelperText("#RRGGBB, or transparent with png-alpha");
        swatch.getStyle().set("width", "1.2em").set("height", "1.2em").set("border-radius", "3px")
                .set("border", "1px solid var(--lumo-contrast-30pct)");
        background.setPrefixComponent(swatch);
        testId(background, "preset-background");
        shadow.setLabel("Shadow");
        shadow.setItems(Arrays.stream(ShadowStyle.values()).map(PresetDocument::formatName).toList());
        testId(shadow, "preset-shadow");
        format.setLabel("Format");
        format.setItems(Arrays.stream(RenditionFormat.values()).map(PresetDocument::formatName).toList());
        testId(format, "preset-format");
        quality.setHelperText("1–100, for JPEG and WebP");
        testId(quality, "preset-quality");
        testId(minLongestSide, "preset-min-longest-side");
        checklist.setHelperText("Up to " + PresetDocument.MAX_CHECKLIST_ITEMS + " items of at most "
                + PresetDocument.MAX_CHECKLIST_ITEM_LENGTH + " characters; shown after the brand's checklist");
        checklist.setMinHeight("7em");
        testId(checklist, "preset-checklist");
        otherErrors.getStyle().set("color", "var(--lumo-error-text-color)").set("font-size", "var(--lumo-font-size-s)");
        testId(otherErrors, "preset-errors");

        for (TextField field : List.of(id, label, background)) {
            field.setValueChangeMode(ValueChangeMode.LAZY);
        }
        // synced when the field is left (Save takes the focus first), so a click on Save never races a pending sync
        checklist.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        for (AbstractField<?, ?> field : List.<AbstractField<?, ?>>of(width, height, longestSide, fill, margin, quality,
                minLongestSide)) {
            field.addValueChangeListener(e -> check());
        }
        for (var field : List.of(id, label, background)) {
            field.addValueChangeListener(e -> check());
        }
        checklist.addValueChangeListener(e -> check());
        shadow.addValueChangeListener(e -> check());
        format.addValueChangeListener(e -> check());
        canvasMode.addValueChangeListener(e -> {
            showCanvasFields();
            check();
        });

        FormLayout fields = new FormLayout();
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2));
        fields.add(id, label, canvasMode, width, height, longestSide, fill, margin, background, shadow, format, quality,
                minLongestSide, checklist);
        fields.setColspan(canvasMode, 2);
        fields.setColspan(background, 2);
        fields.setColspan(checklist, 2);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> save());
        testId(save, "preset-save");
        newPreset.addClickListener(e -> startNew());
        testId(newPreset, "preset-new");
        revert.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        revert.addClickListener(e -> {
            if (base != null && base.version() != null) {
                edit(presets.document(base.id()), false);
            } else if (base != null) {
                edit(base, true);
            }
        });
        HorizontalLayout actions = new HorizontalLayout(save, newPreset, revert);
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        heading.getStyle().set("font-weight", "600");
        testId(heading, "preset-heading");
        status.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        testId(status, "preset-status");
        // the actions above the fields: Save stays in sight however long the checklist gets
        VerticalLayout form = new VerticalLayout(heading, status, actions, otherErrors, fields);
        form.setPadding(false);
        form.setSpacing(false);
        form.setWidth("420px");
        form.setHeightFull();
        form.getStyle().set("flex-shrink", "0").set("overflow", "auto");
        testId(form, "preset-form");
        return form;
    }

    /** Fills the form with a stored preset (or, when {@code isNew}, with an unsaved one). */
    private void edit(PresetDocument document, boolean isNew) {
        loading = true;
        try {
            base = document;
            id.setValue(document.id() == null ? "" : document.id());
            id.setReadOnly(!isNew);
            label.setValue(document.label() == null ? "" : document.label());
            boolean longest = document.longestSide() != null;
            canvasMode.setValue(longest ? LONGEST : EXACT);
            width.setValue(document.width());
            height.setValue(document.height());
            longestSide.setValue(document.longestSide());
            fill.setValue(document.fill() == null ? null : round(document.fill() * 100));
            margin.setValue(document.margin() == null ? 0.0 : round(document.margin() * 100));
            background.setValue(document.background() == null ? "" : document.background());
            shadow.setValue(document.shadow());
            format.setValue(document.format());
            quality.setValue(document.quality());
            minLongestSide.setValue(document.minLongestSide());
            checklist.setValue(String.join("\n", document.checklist()));
            showCanvasFields();
            heading.setText(isNew ? "New preset" : document.id());
            status.setText(isNew ? "Not saved yet; based on " + document.label()
                    : "Version " + document.version() + ", saved by " + document.updatedBy()
                    + (document.updatedAt() == null ? "" : " at " + WHEN.format(document.updatedAt())));
        } finally {
            loading = false;
        }
        check();
    }

    private void startNew() {
        PresetDocument from = grid.asSingleSelect().getValue();
        if (from == null) {
            from = presets.document(PresetCatalog.DEFAULT);
        }
        grid.asSingleSelect().clear();
        String suggestion = from.id() + "-copy";
        PresetDocument copy = from.copyAs(suggestion);
        edit(new PresetDocument(copy.id(), from.label() + " (copy)", copy.width(), copy.height(), copy.longestSide(),
                copy.background(), copy.backgroundTolerance(), copy.fill(), copy.minProductShare(), copy.margin(),
                copy.shadow(), copy.format(), copy.quality(), copy.minLongestSide(), copy.srgb(), copy.checklist(),
                null, null, null), true);
        id.focus();
    }

    /** The form as a document: the shown fields, plus the settings it does not show kept from the base. */
    private PresetDocument draft() {
        boolean longest = LONGEST.equals(canvasMode.getValue());
        List<String> lines = checklist.getValue().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return new PresetDocument(id.getValue().strip(), label.getValue().strip(), longest ? null : width.getValue(),
                longest ? null : height.getValue(), longest ? longestSide.getValue() : null,
                background.getValue().strip(), base.backgroundTolerance(),
                fill.getValue() == null ? null : fill.getValue() / 100, base.minProductShare(),
                margin.getValue() == null ? 0.0 : margin.getValue() / 100, shadow.getValue(), format.getValue(),
                quality.getValue(), minLongestSide.getValue(), base.srgb(), lines, base.version(), null, null);
    }

    /** Checks the draft as the server will, marks each wrong field; Save only when nothing is wrong. */
    private List<FieldError> check() {
        if (loading || base == null) {
            return List.of();
        }
        String colour = background.getValue().strip();
        swatch.getStyle().set("background", HEX.matcher(colour).matches() ? colour
                : "repeating-conic-gradient(#ccc 0% 25%, #fff 0% 50%) 50% / 8px 8px");
        PresetDocument draft = draft();
        List<FieldError> errors = draft.problems(draft.id());
        show(errors);
        save.setEnabled(errors.isEmpty());
        return errors;
    }

    private void show(List<FieldError> errors) {
        Map<String, HasValidation> fields = fieldsByName();
        fields.values().forEach(field -> {
            field.setInvalid(false);
            field.setErrorMessage(null);
        });
        StringBuilder rest = new StringBuilder();
        Map<String, String> byField = new LinkedHashMap<>();
        for (FieldError error : errors) {
            byField.merge(error.field(), message(error), (a, b) -> a + "; " + b);
        }
        byField.forEach((name, message) -> {
            HasValidation field = fields.get(name);
            if (field == null) {
                rest.append(name).append(": ").append(message).append(' ');
            } else {
                field.setErrorMessage(message);
                field.setInvalid(true);
            }
        });
        otherErrors.setText(rest.toString().strip());
    }

    /** Fill and margin are shown in per cent; say their limits the same way. */
    private static String message(FieldError error) {
        return switch (error.field()) {
            case "fill" -> "Fill must be more than 0 % and at most 100 %";
            case "margin" -> "Margin must be 0–40 % of the canvas side";
            default -> error.message().substring(0, 1).toUpperCase(Locale.ROOT) + error.message().substring(1);
        };
    }

    private Map<String, HasValidation> fieldsByName() {
        Map<String, HasValidation> fields = new LinkedHashMap<>();
        fields.put("id", id);
        fields.put("label", label);
        fields.put("width", width);
        fields.put("height", height);
        fields.put("longestSide", longestSide);
        fields.put("fill", fill);
        fields.put("margin", margin);
        fields.put("background", background);
        fields.put("shadow", shadow);
        fields.put("format", format);
        fields.put("quality", quality);
        fields.put("minLongestSide", minLongestSide);
        fields.put("checklist", checklist);
        return fields;
    }

    private void save() {
        if (!check().isEmpty()) {
            return;
        }
        PresetDocument draft = draft();
        try {
            PresetDocument saved = presets.save(draft.id(), draft,
                    CurrentUser.actor(SecurityContextHolder.getContext().getAuthentication()));
            Notification.show("Saved " + saved.id() + " as version " + saved.version(), 4000,
                    Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            reloadGrid();
            grid.getListDataView().getItems().filter(d -> d.id().equals(saved.id())).findFirst()
                    .ifPresentOrElse(grid::select, () -> edit(saved, false));
        } catch (InvalidPresetException e) {
            show(e.errors());
        } catch (StalePresetException e) {
            Notification notification = Notification.show(e.getMessage(), 8000, Notification.Position.MIDDLE);
            notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
            status.setText(e.getMessage());
        }
    }

    private void reloadGrid() {
        grid.setItems(presets.documents());
    }

    private void showCanvasFields() {
        boolean longest = LONGEST.equals(canvasMode.getValue());
        width.setVisible(!longest);
        height.setVisible(!longest);
        longestSide.setVisible(longest);
        if (longest && longestSide.getValue() == null && width.getValue() != null) {
            longestSide.setValue(Math.max(width.getValue(), height.getValue() == null ? 0 : height.getValue()));
        } else if (!longest && width.getValue() == null && longestSide.getValue() != null) {
            width.setValue(longestSide.getValue());
            height.setValue(longestSide.getValue());
        }
    }

    private static String canvas(PresetDocument d) {
        return d.longestSide() != null ? d.longestSide() + " px longest" : d.width() + " × " + d.height();
    }

    private static HorizontalLayout backgroundCell(PresetDocument d) {
        Div chip = new Div();
        String colour = d.background();
        boolean solid = colour != null && HEX.matcher(colour).matches();
        chip.getStyle().set("width", "1em").set("height", "1em").set("border-radius", "3px")
                .set("border", "1px solid var(--lumo-contrast-30pct)")
                .set("background", solid ? colour : "repeating-conic-gradient(#ccc 0% 25%, #fff 0% 50%) 50% / 6px 6px");
        HorizontalLayout cell = new HorizontalLayout(chip, new Span(colour == null ? "" : colour));
        cell.setSpacing(true);
        cell.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        return cell;
    }

    private static String percent(Double share) {
        if (share == null) {
            return "";
        }
        double value = round(share * 100);
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + " %";
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void testId(com.vaadin.flow.component.Component component, String testId) {
        component.getElement().setAttribute("data-testid", testId);
    }
}
