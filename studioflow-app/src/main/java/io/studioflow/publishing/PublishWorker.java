package io.studioflow.publishing;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.VariablesAsType;
import io.camunda.client.api.response.ActivatedJob;
import io.studioflow.audit.Actor;
import io.studioflow.flows.ImageVariables;
import io.studioflow.flows.StepRecorder;
import io.studioflow.ingest.AssetRepository;
import io.studioflow.ingest.AssetStatus;
import io.studioflow.ingest.Rendition;
import io.studioflow.platform.imaging.ImageCodec;
import io.studioflow.platform.imaging.ImageInfo;
import io.studioflow.platform.storage.BlobStore;
import io.studioflow.review.TaskService;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Publishes the approved rendition: the retoucher's file if one was uploaded, else the composed one. */
@Component
public class PublishWorker {

    private static final Logger log = LoggerFactory.getLogger(PublishWorker.class);

    private final BlobStore blobs;
    private final Publisher publisher;
    private final ImageCodec codec;
    private final AssetRepository assets;
    private final StepRecorder steps;
    private final TaskService tasks;

    PublishWorker(BlobStore blobs, Publisher publisher, ImageCodec codec, AssetRepository assets, StepRecorder steps,
                  TaskService tasks) {
        this.tasks = tasks;
        this.blobs = blobs;
        this.publisher = publisher;
        this.codec = codec;
        this.assets = assets;
        this.steps = steps;
    }

    @JobWorker(type = "publish", timeout = 120_000, maxJobsActive = 4)
    public void publish(ActivatedJob job, @VariablesAsType ImageVariables vars) {
        try {
            long started = System.nanoTime();
            // idempotent: on the human path the review task has recorded it already
            steps.recordRouting(vars, job.getProcessInstanceKey());
            boolean retouched = vars.review() != null && vars.review().retouchedHash() != null;
            String hash = retouched ? vars.review().retouchedHash() : vars.composition().renditionHash();
            byte[] bytes = blobs.get(hash);
            ImageInfo info = codec.probe(bytes);
            String path = publisher.publish(vars.sku(), vars.assetId(), "main", info.format().extension(), bytes);
            Rendition main = new Rendition("main", info.format().name().toLowerCase(), info.displayWidth(), info.displayHeight(), hash, path);

            assets.update(vars.assetId(), Map.of("renditions", List.of(main)));
            steps.record(job, vars, new StepRecorder.Step("publish", Actor.system("publisher"), "PUBLISHED", List.of(),
                    Map.of("retouched", retouched, "width", main.width(), "height", main.height()),
                    List.of(hash), Map.of("published", hash), AssetStatus.PUBLISHED, (System.nanoTime() - started) / 1_000_000));
            closeSupersededTasks(vars.assetId());
        } catch (RuntimeException e) {
            throw steps.technicalFailure(job, e);
        }
    }

    /** The image is out: a task an earlier engine run left open for it asks nobody anything any more. */
    private void closeSupersededTasks(String imageId) {
        try {
            tasks.closeSuperseded(imageId);
        } catch (RuntimeException e) {
            log.warn("image {} is published, but its tasks of an earlier engine run could not be closed: {}", imageId,
                    e.toString());
        }
    }
}
