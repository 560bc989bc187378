package io.studioflow.flows;

import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Small reads of a BPMN file that has already passed {@link FlowValidator}. */
final class FlowFiles {

    static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    private FlowFiles() {
    }

    /** The id of the first executable process (the one a deploy response names). */
    static String firstProcessId(byte[] xml) {
        Document document = parse(xml);
        NodeList processes = document.getElementsByTagNameNS(BPMN_NS, "process");
        String first = null;
        for (int i = 0; i < processes.getLength(); i++) {
            Element process = (Element) processes.item(i);
            if (first == null) {
                first = process.getAttribute("id");
            }
            if ("true".equals(process.getAttribute("isExecutable"))) {
                return process.getAttribute("id");
            }
        }
        if (first == null) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("The file has no process")));
        }
        return first;
    }

    /** The id of the first decision of a DMN file (whatever DMN version its namespace names). */
    static String firstDecisionId(byte[] xml) {
        NodeList decisions = parse(xml).getElementsByTagNameNS("*", "decision");
        if (decisions.getLength() == 0) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile("The file has no decision")));
        }
        return ((Element) decisions.item(0)).getAttribute("id");
    }

    static Document parse(byte[] xml) {
        try {
            return SafeXml.parse(xml);
        } catch (SafeXml.XmlRefusedException e) {
            throw new InvalidFlowException(List.of(FlowProblem.ofFile(e.getMessage())));
        }
    }
}
