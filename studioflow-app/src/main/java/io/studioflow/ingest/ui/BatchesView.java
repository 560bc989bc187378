package io.studioflow.ingest.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
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
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.shared.Registration;
import io.studioflow.flows.FlowTemplate;
import io.studioflow.flows.FlowTemplates;
import io.studioflow.ingest.ImageRequestException;
import io.studioflow.ingest.batch.Batch;
import io.studioflow.ingest.batch.BatchDefaults;
import io.studioflow.ingest.batch.BatchIntake;
import io.studioflow.ingest.batch.BatchRepository;
import io.studioflow.ingest.batch.FileNamePattern;
import io.studioflow.platform.security.CurrentUser;
import io.studioflow.platform.security.Role;
import io.studioflow.publishing.preset.PresetCatalog;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Batches: drop a season's photos (files, ZIPs and a CSV manifest) with a progress bar per file, start the batch,
 * and follow the newest batches. Auditors follow without sending.
 */
@Route("batches")
@PageTitle("Batches · Studioflow")
@RolesAllowed({"PHOTOGRAPHER", "MANAGER", "ADMIN", "AUDITOR"})
public class BatchesView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
    /** Largest file the browser sends: an archive of a season's photos. */
    private static final int MAX_FILE_BYTES = Integer.MAX_VALUE;

    private final BatchIntake intake;
    private final BatchRepository batches;
    private final Grid<Batch> grid = new Grid<>(Batch.class, false);
    /** Files dropped and fully received, waiting for "Start batch". */
    private final List<BatchIntake.IncomingFile> received = new ArrayList<>();
    private final Span receivedLabel = new Span();
    private final Button start = new Button("Start batch");
    private Upload upload;
    private Registration polling;

    public BatchesView(BatchIntake intake, BatchRepository batches, FlowTemplates templates, PresetCatalog presets) {
        this.intake = intake;
        this.batches = batches;
        setSizeFull();
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean sends = Role.of(user).stream().anyMatch(r -> r == Role.PHOTOGRAPHER || r == Role.MANAGER || r == Role.ADMIN);
        if (sends) {
            add(newBatch(templates, presets));
        }
        grid.addColumn(Batch::name).setHeader("Batch").setFlexGrow(3).setTooltipGenerator(Batch::name);
        grid.addColumn(b -> b.status().name().toLowerCase(Locale.ROOT)).setHeader("Status").setAutoWidth(true);
        grid.addColumn(b -> b.accepted() + " new").setHeader("Images").setAutoWidth(true);
        grid.addColumn(b -> b.duplicates() + " / " + b.refused()).setHeader("Duplicates / refused").setAutoWidth(true);
        grid.addColumn(Batch::createdBy).setHeader("Sent by").setAutoWidth(true);
        grid.addColumn(b -> TIME.format(b.createdAt())).setHeader("Sent").setAutoWidth(true);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.setEmptyStateText("No batches yet");
        grid.addItemClickListener(e -> BatchView.open(e.getItem().id()));
        grid.getElement().setAttribute("data-testid", "batches-grid");
        add(new H3("Batches"), grid);
        setFlexGrow(1, grid);
        refresh();
    }

    private Div newBatch(FlowTemplates templates, PresetCatalog presets) {
        upload = new Upload(UploadHandler.toTempFile((metadata, file) -> {
            Path kept = file.toPath();
            String name = metadata.fileName();
            getUI().ifPresent(ui -> ui.access(() -> {
                received.add(new BatchIntake.IncomingFile(name, kept));
                updateReceived();
            }));
        }));
        upload.setMaxFiles(5_000);
        upload.setMaxFileSize(MAX_FILE_BYTES);
        upload.setAcceptedFileTypes("image/jpeg", "image/png", "image/webp", "image/tiff", "image/bmp", "application/zip",
                "text/csv", ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".zip", ".csv");
        upload.setDropLabel(new Span("Drop photos, ZIP archives and a CSV manifest (file,sku,angle,brand,preset) here"));
        upload.getElement().setAttribute("data-testid", "batch-upload");
        upload.setWidthFull();
        upload.addFileRejectedListener(e -> notify("Not accepted: " + e.getErrorMessage(), NotificationVariant.LUMO_ERROR));
        upload.addAllFinishedListener(e -> updateReceived());

        TextField name = new TextField("Name");
        name.setPlaceholder("e.g. Spring catalogue, shoot 3");
        name.getElement().setAttribute("data-testid", "batch-name");
        ComboBox<FlowTemplate> template = new ComboBox<>("Flow template");
        template.setItems(templates.all());
        template.setItemLabelGenerator(FlowTemplate::label);
        template.setClearButtonVisible(true);
        TextField brand = new TextField("Brand");
        brand.setPlaceholder("from the template or manifest");
        ComboBox<String> preset = new ComboBox<>("Preset");
        preset.setItems(presets.names());
        preset.setClearButtonVisible(true);
        TextField pattern = new TextField("File names");
        pattern.setPlaceholder(FileNamePattern.DEFAULTS.getFirst());
        pattern.setHelperText("where the manifest has no line: {sku}, {angle}, {any}");
        for (var field : List.of(name, brand, pattern)) {
            field.setClearButtonVisible(true);
        }
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.getElement().setAttribute("data-testid", "batch-start");
        start.addClickListener(e -> start(name.getValue(), template.getValue(), brand.getValue(), preset.getValue(),
                pattern.getValue()));
        Button clear = new Button("Clear", e -> clearReceived());
        HorizontalLayout fields = new HorizontalLayout(name, template, brand, preset, pattern);
        fields.setWrap(true);
        receivedLabel.getElement().setAttribute("data-testid", "batch-received");
        HorizontalLayout actions = new HorizontalLayout(start, clear, receivedLabel);
        actions.setAlignItems(FlexComponent.Alignment.CENTER);
        updateReceived();

        Div card = new Div(new H3("New batch"), upload, fields, actions);
        card.setWidthFull();
        card.getStyle().set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("padding", "var(--lumo-space-m)").set("box-sizing", "border-box");
        return card;
    }

    private void start(String name, FlowTemplate template, String brand, String preset, String pattern) {
        if (received.isEmpty() || upload.isUploading()) {
            return;
        }
        byte[] manifest = null;
        List<BatchIntake.IncomingFile> files = new ArrayList<>();
        try {
            for (BatchIntake.IncomingFile file : received) {
                if (file.name() != null && file.name().toLowerCase(Locale.ROOT).endsWith(".csv") && manifest == null) {
                    manifest = Files.readAllBytes(file.path());
                } else {
                    files.add(file);
                }
            }
            Batch batch = intake.submit(name, "ui", new BatchDefaults(template == null ? null : template.id(), blank(brand),
                    preset, null, null, blank(pattern)), files, manifest, CurrentUser.actor(SecurityContextHolder.getContext().getAuthentication()));
            received.clear();
            upload.clearFileList();
            updateReceived();
            notify("Batch " + batch.name() + " started", NotificationVariant.LUMO_SUCCESS);
            BatchView.open(batch.id());
        } catch (ImageRequestException e) {
            notify(e.getMessage(), NotificationVariant.LUMO_ERROR);
        } catch (IOException e) {
            notify("The files could not be kept: " + e.getMessage(), NotificationVariant.LUMO_ERROR);
        } catch (UncheckedIOException | IllegalStateException e) {
            notify("The batch could not be started: " + e.getMessage(), NotificationVariant.LUMO_ERROR);
        }
    }

    private void clearReceived() {
        for (BatchIntake.IncomingFile file : received) {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException ignored) {
                // a temporary file: the system's cleaner takes it
            }
        }
        received.clear();
        upload.clearFileList();
        updateReceived();
    }

    private void updateReceived() {
        long csv = received.stream().filter(f -> f.name() != null && f.name().toLowerCase(Locale.ROOT).endsWith(".csv")).count();
        receivedLabel.setText(received.isEmpty() ? "Drop files to start a batch"
                : (received.size() - csv) + " file(s) received" + (csv > 0 ? " and a manifest" : "")
                + (upload != null && upload.isUploading() ? ", more on the way…" : ""));
        start.setEnabled(received.size() > csv && (upload == null || !upload.isUploading()));
    }

    private void refresh() {
        grid.setItems(batches.latest(100));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification n = Notification.show(text, 5000, Notification.Position.BOTTOM_START);
        n.addThemeVariants(variant);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        ui.setPollInterval(3000);
        polling = ui.addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
        if (!received.isEmpty()) {
            clearReceived();
        }
    }
}
