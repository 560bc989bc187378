package io.studioflow.flows;

import java.util.List;

/** A flow or decision that was refused before it reached the engine, with every problem found. */
public class InvalidFlowException extends RuntimeException {

    private final transient List<FlowProblem> problems;

    public InvalidFlowException(List<FlowProblem> problems) {
        super(problems.size() == 1 ? problems.getFirst().message() : problems.size() + " problems in the file");
        this.problems = List.copyOf(problems);
    }

    public List<FlowProblem> problems() {
        return problems;
    }
}
