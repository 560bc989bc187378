package io.studioflow.flows.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.page.Page;
import com.vaadin.flow.function.SerializableConsumer;
import elemental.json.JsonValue;
import io.studioflow.flows.FlowProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bpmn-js modeler as a Vaadin component. bpmn-js is a static resource the build fetches (see
 * {@code vendor/}); {@code flows/flow-editor.js} is the glue that reports the selected element and applies
 * the side panel's edits through bpmn-js's modeling API, so a panel edit and a canvas edit (double-click
 * rename) end up in the same diagram, which is what {@link #xml} returns.
 */
public class BpmnModeler extends Div {

    static final String BPMN_JS = "context://vendor/bpmn-js/dist/bpmn-modeler.production.min.js";
    static final List<String> STYLE_SHEETS = List.of(
            "context://vendor/bpmn-js/dist/assets/diagram-js.css",
            "context://vendor/bpmn-js/dist/assets/bpmn-js.css",
            "context://vendor/bpmn-js/dist/assets/bpmn-font/css/bpmn.css",
            "context://flows/flow-editor.css");
    static final String GLUE = "context://flows/flow-editor.js";

    /** Waits for the scripts (added to the page as dependencies) and creates the modeler once. */
    private static final String MOUNT = """
            const host = $0;
            const ready = () => window.BpmnJS && window.StudioflowFlowEditor;
            const wait = new Promise((resolve, reject) => {
              const started = Date.now();
              (function poll() {
                if (ready()) resolve();
                else if (Date.now() - started > 20000) reject(new Error('bpmn-js did not load'));
                else setTimeout(poll, 50);
              })();
            });
            return wait.then(() => window.StudioflowFlowEditor.mount(host))""";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What the side panel shows of the selected element; fields that do not apply are null or false. */
    public record ElementProperties(String id, String type, String name, boolean job, String jobType, String retries,
                                    boolean userTask, String candidateGroups, String dueDate, String followUpDate,
                                    boolean timer, String timerKind, String timerValue) {

        /** "ServiceTask" for "bpmn:ServiceTask". */
        public String shortType() {
            return type == null ? "" : type.substring(type.indexOf(':') + 1);
        }
    }

    private final List<SerializableConsumer<ElementProperties>> selectionListeners = new ArrayList<>();
    private final List<Runnable> editListeners = new ArrayList<>();

    public BpmnModeler() {
        getElement().setAttribute("data-testid", "bpmn-modeler");
        getStyle().set("position", "relative").set("background", "white")
                .set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)")
                .set("overflow", "hidden").set("min-height", "420px");
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        Page page = attachEvent.getUI().getPage();
        STYLE_SHEETS.forEach(page::addStyleSheet);
        page.addJavaScript(BPMN_JS);
        page.addJavaScript(GLUE);
    }

    /** Shows a BPMN file; {@code whenShown} gets the import warnings (empty when none), {@code failed} the reason. */
    public void open(String xml, SerializableConsumer<String> whenShown, SerializableConsumer<String> failed) {
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.open(host, $1))", getElement(), xml)
                .then(String.class, whenShown, failed);
    }

    /** The diagram as it is now, with every edit. */
    public void xml(SerializableConsumer<String> result, SerializableConsumer<String> failed) {
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.xml(host))", getElement())
                .then(String.class, result, failed);
    }

    /** Sets one property of an element ({@code name}, {@code jobType}, {@code retries}, {@code candidateGroups}, ...). */
    public void update(String elementId, String property, String value, SerializableConsumer<String> failed) {
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.update(host, $1, $2, $3))", getElement(),
                elementId, property, value == null ? "" : value).then(JsonValue.class, ignored -> {
                }, failed);
    }

    /** {@code how}: "in", "out" or "fit". */
    public void zoom(String how) {
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.zoom(host, $1))", getElement(), how);
    }

    public void select(String elementId) {
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.select(host, $1))", getElement(), elementId);
    }

    /** Outlines each element with a problem and writes the message on it; problems without an element are left out. */
    public void showProblems(List<FlowProblem> problems) {
        List<Map<String, String>> plain = problems.stream()
                .map(p -> Map.of("elementId", p.elementId() == null ? "" : p.elementId(), "message", p.message()))
                .toList();
        String json;
        try {
            json = JSON.writeValueAsString(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        getElement().executeJs(MOUNT + ".then(() => window.StudioflowFlowEditor.showProblems(host, JSON.parse($1)))",
                getElement(), json);
    }

    public void addSelectionListener(SerializableConsumer<ElementProperties> listener) {
        selectionListeners.add(listener);
    }

    /** Called on every change to the diagram (panel or canvas). */
    public void addEditListener(Runnable listener) {
        editListeners.add(listener);
    }

    @ClientCallable
    private void selected(String json) {
        ElementProperties properties;
        try {
            properties = json == null ? null : JSON.readValue(json, ElementProperties.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the modeler sent an element the panel cannot read: " + json, e);
        }
        selectionListeners.forEach(listener -> listener.accept(properties));
    }

    @ClientCallable
    private void edited() {
        editListeners.forEach(Runnable::run);
    }
}
