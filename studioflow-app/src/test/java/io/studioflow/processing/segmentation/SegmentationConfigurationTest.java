package io.studioflow.processing.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.studioflow.platform.imaging.OpenCv;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Spring wiring: model from {@code studioflow.model.*}, loaded on first use. */
class SegmentationConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SegmentationConfiguration.class, BackgroundRemover.class);

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
    void startsWithoutTheWeightsAndSaysWhatIsMissingOnFirstUse(@TempDir Path emptyDir) {
        context.withPropertyValues("studioflow.model.dir=" + emptyDir).run(app -> {
            assertThat(app).hasNotFailed();
            BackgroundRemover remover = app.getBean(BackgroundRemover.class);
            Mat photo = new Mat(64, 64, CvType.CV_8UC3, new Scalar(255, 255, 255));
            try {
                assertThatThrownBy(() -> remover.remove(photo))
                        .hasMessageContaining(emptyDir.resolve("isnet-medium.onnx").toString())
                        .hasMessageContaining("mvn generate-resources")
                        .hasRootCauseInstanceOf(java.nio.file.NoSuchFileException.class);
            } finally {
                photo.release();
            }
        });
    }
}
