package io.studioflow.flows;

import io.studioflow.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The deployed flows and their versions: validate and deploy a BPMN file as a new version, read any
 * version's XML, compare two versions element by element, roll back by deploying an old version again.
 * Reads: managers, admins, auditors; writes: managers and admins (see the security configuration).
 */
@RestController
@RequestMapping("/api/flows")
class FlowController {

    private final FlowDeployments deployments;
    private final FlowValidator validator;
    private final KnownJobTypes jobTypes;

    FlowController(FlowDeployments deployments, FlowValidator validator, KnownJobTypes jobTypes) {
        this.deployments = deployments;
        this.validator = validator;
        this.jobTypes = jobTypes;
    }

    record FlowSummary(String processId, String kind, int latestVersion, List<FlowVersion> versions) {
    }

    record Catalog(List<String> jobTypes, List<String> candidateGroups) {
    }

    @GetMapping
    List<FlowSummary> list(@RequestParam(defaultValue = "BPMN") String kind) {
        List<FlowSummary> flows = new ArrayList<>();
        deployments.all("ALL".equalsIgnoreCase(kind) ? null : kind.toUpperCase()).forEach((id, versions) ->
                flows.add(new FlowSummary(id, versions.getLast().kind(), versions.getLast().version(),
                        versions.stream().map(FlowVersion::summary).toList())));
        return flows;
    }

    /** What an editor may choose from: the job types with a worker, the candidate groups with people in them. */
    @GetMapping("/catalog")
    Catalog catalog() {
        return new Catalog(List.copyOf(jobTypes.forServiceTasks()), List.copyOf(FlowValidator.knownGroups()));
    }

    @PostMapping(consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE,
            "application/bpmn+xml"})
    ResponseEntity<FlowDeployments.Deployed> deploy(HttpServletRequest request, Authentication user) throws IOException {
        return created(deployments.deployBpmn(body(request), CurrentUser.actor(user), "deploy"));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<FlowDeployments.Deployed> deployFile(@RequestPart("file") MultipartFile file, Authentication user)
            throws IOException {
        return created(deployments.deployBpmn(bytes(file), CurrentUser.actor(user), "deploy"));
    }

    /** The problems a deploy would report, without deploying. */
    @PostMapping(path = "/validate", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE,
            MediaType.APPLICATION_OCTET_STREAM_VALUE, "application/bpmn+xml"})
    Map<String, Object> validate(HttpServletRequest request) throws IOException {
        byte[] xml = body(request);
        List<FlowProblem> problems = validator.validate(xml);
        return Map.of("valid", problems.isEmpty(), "problems", problems);
    }

    @GetMapping("/{processId}/versions")
    List<FlowVersion> versions(@PathVariable String processId) {
        return deployments.versions(processId).stream().map(FlowVersion::summary).toList();
    }

    @GetMapping(path = "/{processId}/versions/{version}", produces = MediaType.APPLICATION_XML_VALUE)
    String xml(@PathVariable String processId, @PathVariable int version) {
        return deployments.version(processId, version).xml();
    }

    @GetMapping("/{processId}/diff")
    FlowDiff.Result diff(@PathVariable String processId, @RequestParam int from, @RequestParam int to) {
        FlowVersion before = deployments.version(processId, from);
        FlowVersion after = deployments.version(processId, to);
        return FlowDiff.diff(from, before.xml(), to, after.xml());
    }

    @PostMapping("/{processId}/versions/{version}/rollback")
    ResponseEntity<FlowDeployments.Deployed> rollback(@PathVariable String processId, @PathVariable int version,
                                                      Authentication user) {
        FlowDeployments.Deployed deployed = deployments.rollback(processId, version, CurrentUser.actor(user));
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }

    @ExceptionHandler(InvalidFlowException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidFlowException e) {
        return ResponseEntity.badRequest().body(problems(e));
    }

    @ExceptionHandler(FlowNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(FlowNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    static ProblemDetail problems(InvalidFlowException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("The file cannot be deployed");
        problem.setProperty("problems", e.problems());
        return problem;
    }

    private static ResponseEntity<FlowDeployments.Deployed> created(List<FlowDeployments.Deployed> deployed) {
        FlowDeployments.Deployed first = deployed.getFirst();
        return ResponseEntity.status(first.created() ? HttpStatus.CREATED : HttpStatus.OK).body(first);
    }

    /** Reads at most one byte more than the limit, so a huge body is refused without being held in memory. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > FlowValidator.MAX_BYTES) {
            throw tooLarge(request.getContentLengthLong());
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(FlowValidator.MAX_BYTES + 1);
            if (bytes.length > FlowValidator.MAX_BYTES) {
                throw tooLarge(bytes.length);
            }
            return bytes;
        }
    }

    private static byte[] bytes(MultipartFile file) throws IOException {
        if (file.getSize() > FlowValidator.MAX_BYTES) {
            throw tooLarge(file.getSize());
        }
        return file.getBytes();
    }

    private static InvalidFlowException tooLarge(long size) {
        return new InvalidFlowException(List.of(FlowProblem.ofFile("The file is " + size / 1024 + " KB or more; flows up to "
                + FlowValidator.MAX_BYTES / 1024 + " KB are accepted")));
    }
}
