package io.studioflow.processing.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.studioflow.platform.imaging.OpenCv;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring wiring: model from {@code studioflow.model.*}, loaded and checked at start-up. */
class SegmentationConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SegmentationConfiguration.class, MatteRefiner.class, BackgroundRemover.class);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void buildsTheRemoverFromTheConfiguredModelDirectory() {
        context.withPropertyValues("studioflow.model.dir=" + TestModels.modelDir(), "studioflow.model.threads=1")
                .run(app -> {
                    assertThat(app).hasNotFailed();
                    SegmentationModel model = app.getBean(SegmentationModel.class);
                    assertThat(model.name()).isEqualTo("isnet-medium");
                    assertThat(model.weightsSha256()).isEqualTo(IsnetSegmentationModel.WEIGHTS_SHA256);
                    assertThat(app.getBean(BackgroundRemover.class)).isNotNull();
                });
    }

    @Test
    void missingWeightsStopTheStartWithTheFileAndTheFetchCommand(@TempDir Path emptyDir) {
        context.withPropertyValues("studioflow.model.dir=" + emptyDir).run(app -> {
            assertThat(app).hasFailed();
            assertThat(app.getStartupFailure())
                    .hasRootCauseInstanceOf(java.nio.file.NoSuchFileException.class)
                    .rootCause().hasMessageContaining("isnet-medium.onnx");
            ModelUnavailableException cause = findCause(app.getStartupFailure());
            assertThat(cause.getMessage()).contains(emptyDir.resolve("isnet-medium.onnx").toString())
                    .contains("mvn generate-resources");
            assertThat(new ModelUnavailableFailureAnalyzer().analyze(app.getStartupFailure()).getAction())
                    .contains("mvn generate-resources");
        });
    }

    private static ModelUnavailableException findCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ModelUnavailableException e) {
                return e;
            }
        }
        throw new AssertionError("no ModelUnavailableException in " + failure);
    }
}
