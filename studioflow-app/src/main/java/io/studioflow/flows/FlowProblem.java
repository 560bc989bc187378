package io.studioflow.flows;

/** One thing wrong with a flow file: the element it is on ({@code null} for the whole file) and what to fix. */
public record FlowProblem(String elementId, String message) {

    public static FlowProblem ofFile(String message) {
        return new FlowProblem(null, message);
    }
}
