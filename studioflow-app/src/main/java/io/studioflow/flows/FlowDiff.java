package io.studioflow.flows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What changed between two versions of a flow, element by element: elements added and removed, and for
 * each element kept, the properties that differ (its attributes, and the attributes and texts of the
 * parts that have no id of their own, such as {@code extensionElements/taskDefinition@type}). Diagram
 * layout (BPMN DI) is summarised as a count, since moved boxes do not change what runs.
 */
public final class FlowDiff {

    private static final String DI_NS = "http://www.omg.org/spec/BPMN/20100524/DI";

    public record ElementRef(String id, String type, String name) {
    }

    public record PropertyChange(String property, String from, String to) {
    }

    public record ChangedElement(String id, String type, String name, List<PropertyChange> changes) {
    }

    public record Result(int fromVersion, int toVersion, List<ElementRef> added, List<ElementRef> removed,
                         List<ChangedElement> changed, int layoutChanges) {
        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && layoutChanges == 0;
        }
    }

    private FlowDiff() {
    }

    public static Result diff(int fromVersion, String fromXml, int toVersion, String toXml) {
        Map<String, Element> before = elements(FlowFiles.parse(fromXml.getBytes(StandardCharsets.UTF_8)));
        Map<String, Element> after = elements(FlowFiles.parse(toXml.getBytes(StandardCharsets.UTF_8)));
        List<ElementRef> added = new ArrayList<>();
        List<ElementRef> removed = new ArrayList<>();
        List<ChangedElement> changed = new ArrayList<>();
        int layout = 0;
        for (Map.Entry<String, Element> entry : after.entrySet()) {
            Element old = before.get(entry.getKey());
            Element now = entry.getValue();
            if (isLayout(now)) {
                if (old == null || !properties(old).equals(properties(now))) {
                    layout++;
                }
                continue;
            }
            if (old == null) {
                added.add(ref(now));
                continue;
            }
            List<PropertyChange> changes = changes(properties(old), properties(now));
            if (!old.getLocalName().equals(now.getLocalName())) {
                changes.addFirst(new PropertyChange("type", old.getLocalName(), now.getLocalName()));
            }
            if (!changes.isEmpty()) {
                changed.add(new ChangedElement(entry.getKey(), now.getLocalName(), name(now), changes));
            }
        }
        for (Map.Entry<String, Element> entry : before.entrySet()) {
            if (!after.containsKey(entry.getKey())) {
                if (isLayout(entry.getValue())) {
                    layout++;
                } else {
                    removed.add(ref(entry.getValue()));
                }
            }
        }
        return new Result(fromVersion, toVersion, added, removed, changed, layout);
    }

    private static boolean isLayout(Element element) {
        for (Node node = element; node != null; node = node.getParentNode()) {
            String ns = node.getNamespaceURI();
            if (ns != null && (ns.equals(DI_NS) || ns.startsWith("http://www.omg.org/spec/DD/")
                    || ns.equals("http://www.omg.org/spec/BPMN/20100524/DI"))) {
                return true;
            }
        }
        return false;
    }

    private static List<PropertyChange> changes(Map<String, String> before, Map<String, String> after) {
        List<PropertyChange> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            if (!Objects.equals(before.get(key), after.get(key))) {
                changes.add(new PropertyChange(key, before.get(key), after.get(key)));
            }
        }
        return changes;
    }

    private static ElementRef ref(Element element) {
        return new ElementRef(element.getAttribute("id"), element.getLocalName(), name(element));
    }

    private static String name(Element element) {
        return element.hasAttribute("name") ? element.getAttribute("name") : null;
    }

    /** Every element with an id, in document order. */
    private static Map<String, Element> elements(Document document) {
        Map<String, Element> byId = new LinkedHashMap<>();
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element element = (Element) all.item(i);
            if (element.hasAttribute("id")) {
                byId.putIfAbsent(element.getAttribute("id"), element);
            }
        }
        return byId;
    }

    /** The element's own attributes plus those and the texts of its id-less descendants, by relative path. */
    private static Map<String, String> properties(Element element) {
        Map<String, String> properties = new LinkedHashMap<>();
        attributes(element, "", properties);
        collect(element, "", properties);
        return properties;
    }

    private static void collect(Element parent, String prefix, Map<String, String> properties) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                if (element.hasAttribute("id")) {
                    continue; // its own entry in the diff
                }
                String path = prefix + element.getLocalName();
                attributes(element, path + "@", properties);
                boolean hasElements = false;
                for (Node c = element.getFirstChild(); c != null; c = c.getNextSibling()) {
                    hasElements |= c instanceof Element;
                }
                if (!hasElements) {
                    String text = element.getTextContent().strip();
                    if (!text.isEmpty()) {
                        properties.merge(path, text, (a, b) -> a + ", " + b);
                    }
                } else {
                    collect(element, path + "/", properties);
                }
            }
        }
    }

    private static void attributes(Element element, String prefix, Map<String, String> properties) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            String name = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
            if ("http://www.w3.org/2000/xmlns/".equals(attribute.getNamespaceURI()) || (prefix.isEmpty() && name.equals("id"))) {
                continue;
            }
            properties.merge(prefix + name, attribute.getValue(), (a, b) -> a + ", " + b);
        }
    }
}
