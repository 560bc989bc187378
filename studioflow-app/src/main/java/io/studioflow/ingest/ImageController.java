package io.studioflow.ingest;

import io.studioflow.flows.ProductImageProcess;
import io.studioflow.platform.security.CurrentUser;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/images")
class ImageController {

    private final IngestService ingest;
    private final AssetRepository assets;
    ImageController(IngestService ingest, AssetRepository assets) {
        this.ingest = ingest;
        this.assets = assets;
    }

    record Accepted(String id, String status) {
    }

    record ImageView(String id, String sku, String brand, String preset, AssetStatus status, List<String> reasons,
                     Map<String, Map<String, Object>> scores, List<Rendition> renditions, Long processInstanceKey,
                     String template, String processId, String batchId, String angle) {
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    Accepted upload(@RequestParam(value = "file", required = false) MultipartFile file,
                    @RequestParam(value = "sku", required = false) String sku,
                    @RequestParam(value = "brand", required = false) String brand,
                    @RequestParam(value = "preset", required = false) String preset,
                    @RequestParam(value = "priority", required = false) Integer priority,
                    @RequestParam(value = "session", required = false) String session,
                    @RequestParam(value = "template", required = false) String template,
                    Authentication user) throws IOException {
        if (file == null) {
            throw new ImageRequestException("file is required: send the photo as multipart field 'file'");
        }
        Asset asset = ingest.ingest(new IngestService.Upload(file.getBytes(), file.getOriginalFilename(), sku, brand, preset, priority,
                        session, template),
                CurrentUser.actor(user));
        return new Accepted(asset.id(), asset.status().name());
    }

    @GetMapping("/{id}")
    ImageView get(@PathVariable String id) {
        Asset a = assets.get(id);
        return new ImageView(a.id(), a.sku(), a.brand(), a.preset(), a.status(), a.reasons(),
                a.scores() == null ? Map.of() : a.scores(), a.renditions() == null ? List.of() : a.renditions(),
                a.processInstanceKey(), a.template(), a.processId() == null ? ProductImageProcess.PROCESS_ID : a.processId(),
                a.batchId(), a.angle());
    }
}
