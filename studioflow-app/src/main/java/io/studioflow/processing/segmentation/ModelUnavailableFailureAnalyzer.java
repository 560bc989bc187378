package io.studioflow.processing.segmentation;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns missing or corrupt model weights at start-up into a short description and the command to fix it. */
public class ModelUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<ModelUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ModelUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fetch the weights with `mvn generate-resources` (or `bash models/fetch-model.sh models/isnet-medium.json "
                        + ".studioflow/models`), or point studioflow.model.dir at the folder that holds them.", cause);
    }
}
