package io.studioflow.audit.ui;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.splitlayout.SplitLayout;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import io.studioflow.audit.AuditCsv;
import io.studioflow.audit.AuditEvent;
import io.studioflow.audit.AuditFigures;
import io.studioflow.audit.AuditLog;
import io.studioflow.audit.AuditQuery;
import io.studioflow.audit.AuditRequestException;
import io.studioflow.audit.AuditSearch;
import io.studioflow.audit.ChainVerifier;
import io.studioflow.ingest.Asset;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.ImageFiles;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The auditor's desk, read-only: search the trail (sku, image id, actor, decision, reason, brand, dates),
 * open an image's timeline (a thumbnail of every version and every recorded step and decision), verify its
 * hash chain, export it as CSV or JSON; and a figures tab (approvals per day, human-touch rate, rejection
 * reasons, per retoucher and per brand) drawn as server-side SVG.
 */
@Route("audit")
@PageTitle("Audit · Studioflow")
@RolesAllowed({"AUDITOR", "MANAGER", "ADMIN"})
public class AuditView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private static final int THUMBNAIL = 120;
    private static final int SEARCH_EVENTS = 200;

    private final AssetRepository assets;
    private final AuditLog audit;
    private final AuditSearch search;
    private final ImageFiles files;
    private final ObjectMapper json;

    private final TextField sku = field("SKU", "search-sku");
    private final TextField imageId = field("Image id", "search-image");
    private final TextField actor = field("Actor", "search-actor");
    private final TextField decision = field("Decision", "search-decision");
    private final TextField reason = field("Reason", "search-reason");
    private final TextField brand = field("Brand", "search-brand");
    private final DatePicker from = new DatePicker("From");
    private final DatePicker to = new DatePicker("To");
    private final Span searchNote = new Span();
    private final Grid<Asset> images = new Grid<>(Asset.class, false);
    private final Grid<AuditEvent> history = new Grid<>(AuditEvent.class, false);
    private final VerticalLayout timeline = new VerticalLayout();
    private final Div versions = new Div();
    private final Span verdict = new Span();
    private final Span heading = new Span("Select an image to see its timeline");
    private final HorizontalLayout actions = new HorizontalLayout();

    public AuditView(AssetRepository assets, AuditLog audit, AuditSearch search, ImageFiles files, ObjectMapper mapper) {
        this.assets = assets;
        this.audit = audit;
        this.search = search;
        this.files = files;
        this.json = mapper.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        setSizeFull();
        Span note = new Span("Records are append-only: nobody, not even an admin, can change them here.");
        note.getStyle().set("color", "var(--lumo-secondary-text-color)");

        TabSheet tabs = new TabSheet();
        tabs.setSizeFull();
        tabs.add("Trail", trailTab());
        tabs.add("Figures", new FiguresTab());
        tabs.getElement().setAttribute("data-testid", "audit-tabs");
        add(new H3("Audit"), note, tabs);
        setFlexGrow(1, tabs);
    }

    private VerticalLayout trailTab() {
        from.getElement().setAttribute("data-testid", "search-from");
        to.getElement().setAttribute("data-testid", "search-to");
        Button find = new Button("Search", e -> runSearch());
        find.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        find.getElement().setAttribute("data-testid", "search");
        Button clear = new Button("Clear", e -> {
            List.of(sku, imageId, actor, decision, reason, brand).forEach(TextField::clear);
            from.clear();
            to.clear();
            runSearch();
        });
        FlexLayout form = new FlexLayout(sku, imageId, actor, decision, reason, brand, from, to, find, clear);
        form.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        form.setAlignItems(FlexComponent.Alignment.END);
        form.getStyle().set("gap", "var(--lumo-space-s)");
        List.of(sku, imageId, actor, decision, reason, brand).forEach(f -> f.addKeyPressListener(
                com.vaadin.flow.component.Key.ENTER, e -> runSearch()));
        searchNote.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");

        images.addColumn(Asset::sku).setHeader("SKU").setAutoWidth(true);
        images.addColumn(Asset::brand).setHeader("Brand").setAutoWidth(true);
        images.addColumn(a -> a.status() == null ? "" : a.status().name()).setHeader("Status").setAutoWidth(true);
        images.addColumn(a -> a.updatedAt() == null ? "" : TIME.format(a.updatedAt())).setHeader("Updated");
        images.getElement().setAttribute("data-testid", "audit-images");
        images.setEmptyStateText("No image matches");
        images.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));
        images.setHeightFull();

        history.addColumn(e -> e.time() == null ? "" : TIME.format(e.time())).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditEvent::step).setHeader("Step").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditEvent::decision).setHeader("Decision").setAutoWidth(true).setFlexGrow(0);
        history.addColumn(AuditView::who).setHeader("Who").setWidth("14em").setFlexGrow(0).setTooltipGenerator(AuditView::who);
        history.addColumn(AuditView::evidence).setHeader("Comment and evidence").setFlexGrow(1)
                .setTooltipGenerator(AuditView::evidence);
        history.addColumn(e -> e.sequence() == null ? "" : e.sequence().toString()).setHeader("#").setAutoWidth(true)
                .setFlexGrow(0);
        history.addThemeVariants(GridVariant.LUMO_COMPACT);
        history.setEmptyStateText("Select an image to see its history");
        history.getElement().setAttribute("data-testid", "audit-history");
        history.setMinHeight("220px");

        heading.getStyle().set("font-weight", "600");
        heading.getElement().setAttribute("data-testid", "timeline-heading");
        versions.getStyle().set("display", "flex").set("gap", "var(--lumo-space-m)").set("flex-wrap", "wrap");
        versions.getElement().setAttribute("data-testid", "audit-versions");
        verdict.getElement().setAttribute("data-testid", "audit-verdict");
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        actions.setVisible(false);
        timeline.add(heading, versions, actions, history);
        timeline.setFlexGrow(1, history);
        timeline.setPadding(false);
        timeline.setHeightFull();

        SplitLayout split = new SplitLayout(images, timeline);
        split.setSplitterPosition(32);
        split.setSizeFull();
        VerticalLayout tab = new VerticalLayout(form, searchNote, split);
        tab.setPadding(false);
        tab.setSizeFull();
        tab.setFlexGrow(1, split);
        runSearch();
        return tab;
    }

    /** With no criteria: the most recently changed images; otherwise the images of the matching events. */
    private void runSearch() {
        AuditQuery query;
        try {
            query = new AuditQuery(text(sku), text(imageId), text(actor), text(decision), text(reason), text(brand), null,
                    from.getValue() == null ? null : from.getValue().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (AuditRequestException e) {
            searchNote.setText(e.getMessage());
            return;
        }
        if (query.equals(AuditQuery.all())) {
            images.setItems(assets.latest(200));
            searchNote.setText("The most recently changed images. Search to find others.");
            return;
        }
        try {
            AuditSearch.AuditPage page = search.search(query, 0, SEARCH_EVENTS);
            Set<String> ids = new LinkedHashSet<>();
            page.items().forEach(e -> ids.add(e.imageId()));
            List<Asset> found = new ArrayList<>();
            for (String id : ids) {
                assets.find(id).ifPresent(found::add);
            }
            images.setItems(found);
            searchNote.setText(page.total() + (page.total() == 1 ? " event" : " events") + " match, in " + found.size()
                    + (found.size() == 1 ? " image" : " images")
                    + (page.total() > SEARCH_EVENTS ? " (the newest " + SEARCH_EVENTS + " events shown: narrow the search)" : ""));
            if (found.size() == 1) {
                images.select(found.getFirst());
            }
        } catch (RuntimeException e) {
            searchNote.setText("The search could not run: " + e.getMessage());
        }
    }

    private void show(Asset asset) {
        versions.removeAll();
        actions.removeAll();
        verdict.setText("");
        verdict.getElement().getThemeList().clear();
        if (asset == null) {
            heading.setText("Select an image to see its timeline");
            history.setItems(List.of());
            actions.setVisible(false);
            return;
        }
        List<AuditEvent> events;
        try {
            events = audit.history(asset.id());
        } catch (RuntimeException e) {
            heading.setText(asset.sku() + ": the history cannot be read now (" + e.getMessage() + ")");
            history.setItems(List.of());
            return;
        }
        String batch = events.stream().map(AuditEvent::batch).filter(b -> b != null).findFirst().orElse(null);
        heading.setText(asset.sku() + " · " + asset.brand() + (batch == null ? "" : " · batch " + batch) + " · "
                + (asset.status() == null ? "" : asset.status().name()) + " · " + events.size() + " events");
        history.setItems(events);

        version("Original", "original", () -> files.thumbnail(asset, ImageFiles.ORIGINAL, THUMBNAIL));
        version("AI result (cut-out)", "ai", () -> files.cutoutPng(asset));
        if (files.hashOf(asset, ImageFiles.RETOUCHED).isPresent()) {
            version("Retouched", "retouched", () -> files.thumbnail(asset, ImageFiles.RETOUCHED, THUMBNAIL));
        }
        boolean published = asset.status() != null && asset.status().name().equals("PUBLISHED");
        version(published ? "Published" : "Result (not published)", "result",
                () -> files.thumbnail(asset, ImageFiles.RENDITION, THUMBNAIL));

        Button verify = new Button("Verify", e -> verify(asset.id()));
        verify.getElement().setAttribute("data-testid", "verify");
        Anchor csv = download("Export CSV", "export-csv", "audit-image-" + asset.sku() + ".csv", "text/csv",
                () -> csv(asset.id()));
        Anchor jsonExport = download("Export JSON", "export-json", "audit-image-" + asset.sku() + ".json",
                "application/json", () -> json(asset.id()));
        actions.add(verify, verdict, csv, jsonExport);
        actions.setVisible(true);
    }

    private void verify(String id) {
        verdict.getElement().getThemeList().clear();
        try {
            ChainVerifier.Verification result = audit.verify(id);
            if (result.intact()) {
                verdict.setText("✔ Intact: " + result.events() + " events, every hash and link checks out");
                verdict.getElement().getThemeList().add("badge success");
            } else {
                ChainVerifier.Problem p = result.firstProblem();
                verdict.setText("✘ Broken at event " + p.sequence() + " (" + p.kind() + "): " + p.detail());
                verdict.getElement().getThemeList().add("badge error");
            }
        } catch (RuntimeException e) {
            verdict.setText("Cannot verify now: " + e.getMessage());
            verdict.getElement().getThemeList().add("badge contrast");
        }
    }

    private void version(String caption, String testId, Supplier<Optional<byte[]>> bytes) {
        Optional<byte[]> data;
        try {
            data = bytes.get();
        } catch (RuntimeException e) {
            data = Optional.empty();
        }
        Div frame = new Div();
        frame.getStyle().set("display", "flex").set("flex-direction", "column").set("align-items", "center")
                .set("gap", "var(--lumo-space-xs)");
        frame.getElement().setAttribute("data-testid", "version-" + testId);
        if (data.isPresent()) {
            byte[] image = data.get();
            Image img = new Image(DownloadHandler.fromInputStream(e -> new DownloadResponse(new ByteArrayInputStream(image),
                    testId + ".img", contentType(image), image.length)).inline(), caption);
            img.setWidth(THUMBNAIL + "px");
            img.setHeight(THUMBNAIL + "px");
            img.getStyle().set("object-fit", "contain").set("border", "1px solid var(--lumo-contrast-10pct)")
                    .set("background", "repeating-conic-gradient(#eee 0% 25%, #fff 0% 50%) 50% / 16px 16px");
            frame.add(img);
        } else {
            Div none = new Div(new Span("none yet"));
            none.setWidth(THUMBNAIL + "px");
            none.setHeight(THUMBNAIL + "px");
            none.getStyle().set("display", "flex").set("align-items", "center").set("justify-content", "center")
                    .set("border", "1px dashed var(--lumo-contrast-30pct)").set("color", "var(--lumo-secondary-text-color)");
            frame.add(none);
        }
        Span label = new Span(caption);
        label.getStyle().set("font-size", "var(--lumo-font-size-s)");
        frame.add(label);
        versions.add(frame);
    }

    private Anchor download(String text, String testId, String fileName, String contentType, Supplier<byte[]> content) {
        Anchor anchor = new Anchor(DownloadHandler.fromInputStream(e -> {
            byte[] data = content.get();
            return new DownloadResponse(new ByteArrayInputStream(data), fileName, contentType, data.length);
        }), text);
        anchor.getElement().setAttribute("download", fileName);
        anchor.getElement().setAttribute("data-testid", testId);
        return anchor;
    }

    private byte[] csv(String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            AuditCsv csv = new AuditCsv(writer, json).header();
            audit.history(id).forEach(csv::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] json(String id) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(audit.history(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(byte[] data) {
        return data.length > 3 && (data[0] & 0xff) == 0x89 && data[1] == 'P' ? "image/png" : "image/jpeg";
    }

    private static String who(AuditEvent e) {
        if (e.actor() == null) {
            return "";
        }
        return e.actor().name()
                + (e.actor().roles() == null || e.actor().roles().isEmpty() ? "" : " " + e.actor().roles())
                + (e.actor().version() == null ? "" : " v" + e.actor().version());
    }

    private static String evidence(AuditEvent e) {
        StringBuilder text = new StringBuilder();
        if (e.comment() != null) text.append(e.comment());
        if (e.reasons() != null && !e.reasons().isEmpty()) {
            text.append(text.isEmpty() ? "" : " · ").append(String.join("; ", e.reasons()));
        }
        if (e.scores() != null && !e.scores().isEmpty()) {
            text.append(text.isEmpty() ? "" : " · ").append(e.scores());
        }
        return text.toString();
    }

    private static TextField field(String label, String testId) {
        TextField field = new TextField(label);
        field.setClearButtonVisible(true);
        field.setWidth("11em");
        field.getElement().setAttribute("data-testid", testId);
        return field;
    }

    private static String text(TextField field) {
        String value = field.getValue();
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Approvals per day, human-touch rate, rejection reasons, per retoucher and per brand over a date range. */
    private final class FiguresTab extends VerticalLayout {

        private final DatePicker figuresFrom = new DatePicker("From", LocalDate.now(ZoneOffset.UTC).minusDays(29));
        private final DatePicker figuresTo = new DatePicker("To", LocalDate.now(ZoneOffset.UTC));
        private final TextField figuresBrand = field("Brand", "figures-brand");
        private final Div content = new Div();

        FiguresTab() {
            setPadding(false);
            Button show = new Button("Show", e -> refresh());
            show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            show.getElement().setAttribute("data-testid", "figures-show");
            HorizontalLayout form = new HorizontalLayout(figuresFrom, figuresTo, figuresBrand, show);
            form.setAlignItems(FlexComponent.Alignment.END);
            content.getElement().setAttribute("data-testid", "figures");
            add(form, content);
            refresh();
        }

        private void refresh() {
            content.removeAll();
            if (figuresFrom.getValue() == null || figuresTo.getValue() == null || figuresTo.getValue().isBefore(figuresFrom.getValue())) {
                content.add(new Span("Choose a date range: 'from' on or before 'to'."));
                return;
            }
            Instant start = figuresFrom.getValue().atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = figuresTo.getValue().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            AuditFigures f;
            try {
                f = search.figures(start, end, text(figuresBrand));
            } catch (RuntimeException e) {
                content.add(new Span("Figures cannot be read now: " + e.getMessage()));
                return;
            }
            Span summary = new Span(String.format(Locale.ROOT, "%d %s · %d touched by a person · human-touch rate %.1f %%",
                    f.images(), f.images() == 1 ? "image" : "images", f.humanTouchedImages(), f.humanTouchRate() * 100));
            summary.getStyle().set("font-size", "var(--lumo-font-size-l)").set("font-weight", "600");
            summary.getElement().setAttribute("data-testid", "figures-summary");
            FlexLayout charts = new FlexLayout();
            charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
            charts.getStyle().set("gap", "var(--lumo-space-l)");
            charts.add(FiguresChart.bars("Approvals per day (by a person + automatic)",
                    f.approvalsPerDay().stream().map(d -> new FiguresChart.Bar(d.day().toString(), d.humanApprovals(),
                            d.autoApprovals())).toList(), "var(--lumo-primary-color)", "var(--lumo-success-color)"));
            charts.add(FiguresChart.bars("Rejection reasons",
                    f.rejectionReasons().stream().map(c -> new FiguresChart.Bar(c.key(), c.count(), 0)).toList(),
                    "var(--lumo-error-color)", "none"));
            charts.add(FiguresChart.bars("Per retoucher: approvals + rejections",
                    f.perRetoucher().stream().map(r -> new FiguresChart.Bar(r.name() + " (" + r.images() + " images)",
                            r.approvals(), r.rejections())).toList(), "var(--lumo-success-color)", "var(--lumo-error-color)"));
            charts.add(FiguresChart.bars("Per brand: images touched by a person + untouched",
                    f.perBrand().stream().map(b -> new FiguresChart.Bar(b.brand() + String.format(Locale.ROOT, " (%.0f %%)",
                            b.humanTouchRate() * 100), b.humanTouchedImages(), b.images() - b.humanTouchedImages())).toList(),
                    "var(--lumo-primary-color)", "var(--lumo-contrast-30pct)"));
            content.add(new H4("From " + figuresFrom.getValue() + " to " + figuresTo.getValue()
                    + (text(figuresBrand) == null ? "" : ", brand " + text(figuresBrand))), summary, charts);
        }
    }
}
