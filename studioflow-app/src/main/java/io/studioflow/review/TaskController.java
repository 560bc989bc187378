package io.studioflow.review;

import io.studioflow.processing.ComposeSettings;
import io.studioflow.processing.compose.ShadowStyle;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/tasks")
class TaskController {

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    record Completion(String decision, String comment) {
    }

    record Page(long total, int offset, List<ReviewTask> items) {
    }

    record Assignment(String assignee) {
    }

    record Comment(String text) {
    }

    record Reprocess(String reason, Double fillRatio, ShadowStyle shadow, Integer alphaThreshold) {
    }

    record BulkApproval(List<String> taskIds, String comment) {
    }

    @GetMapping
    List<ReviewTask> open(Authentication user, @RequestParam(defaultValue = "200") int limit) {
        return tasks.openTasks(worker(user), Math.max(1, Math.min(limit, 1000)));
    }

    /** The inbox as the UI shows it: filtered, sorted, one page at a time. */
    @GetMapping("/search")
    Page search(Authentication user,
                @RequestParam(required = false) InboxQuery.Scope scope,
                @RequestParam(required = false) String brand,
                @RequestParam(required = false) String preset,
                @RequestParam(required = false) String check,
                @RequestParam(required = false) Double minConfidence,
                @RequestParam(required = false) Double maxConfidence,
                @RequestParam(required = false) String sku,
                @RequestParam(required = false) InboxQuery.Sort sort,
                @RequestParam(defaultValue = "0") int offset,
                @RequestParam(defaultValue = "50") int limit) {
        InboxQuery query;
        try {
            query = new InboxQuery(scope, brand, preset, check, minConfidence, maxConfidence, sku, sort);
        } catch (IllegalArgumentException e) {
            throw new IllegalDecisionException(e.getMessage());
        }
        if (offset < 0 || offset > 190_000) {
            throw new IllegalDecisionException("offset must be between 0 and 190000");
        }
        TaskService.Worker worker = worker(user);
        int size = Math.max(1, Math.min(limit, 500));
        InboxPage page = tasks.inboxPage(query, worker, offset, size);
        return new Page(page.total(), offset, page.items());
    }

    @GetMapping("/team-queue")
    TeamQueue teamQueue(Authentication user) {
        return tasks.teamQueue(worker(user));
    }

    @PostMapping("/{id}/assign")
    ReviewTask assign(@PathVariable String id, @RequestBody Assignment assignment, Authentication user) {
        return tasks.assign(id, worker(user), assignment.assignee());
    }

    @PostMapping("/{id}/comments")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void comment(@PathVariable String id, @RequestBody Comment comment, Authentication user) {
        tasks.comment(id, worker(user), comment.text());
    }

    /** A retouched file kept as the task's newest version; an approval without a file publishes it. */
    @PostMapping(path = "/{id}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ReviewTask addVersion(@PathVariable String id, @RequestParam(value = "file", required = false) MultipartFile file,
                          Authentication user) throws IOException {
        if (file == null) {
            throw new IllegalDecisionException("send the retouched file as multipart field 'file'");
        }
        return tasks.addVersion(id, worker(user), file.getBytes(), file.getOriginalFilename());
    }

    @PostMapping("/{id}/reprocess")
    ReviewTask reprocess(@PathVariable String id, @RequestBody Reprocess request, Authentication user) {
        ComposeSettings settings;
        try {
            settings = new ComposeSettings(request.fillRatio(), request.shadow(), request.alphaThreshold());
        } catch (IllegalArgumentException e) {
            throw new IllegalDecisionException(e.getMessage());
        }
        return tasks.reprocess(id, worker(user), request.reason(), settings);
    }

    @PostMapping("/bulk-approve")
    List<TaskService.BulkResult> bulkApprove(@RequestBody BulkApproval request, Authentication user) {
        if (request.taskIds() == null || request.taskIds().isEmpty() || request.taskIds().size() > 200) {
            throw new IllegalDecisionException("send 1 to 200 task ids in 'taskIds'");
        }
        return tasks.bulkApprove(request.taskIds(), worker(user), request.comment());
    }

    @GetMapping("/{id}")
    ReviewTask get(@PathVariable String id, Authentication user) {
        return tasks.get(id, worker(user));
    }

    @PostMapping("/{id}/claim")
    ReviewTask claim(@PathVariable String id, Authentication user) {
        return tasks.claim(id, worker(user));
    }

    @PostMapping("/{id}/unclaim")
    ReviewTask unclaim(@PathVariable String id, Authentication user) {
        return tasks.unclaim(id, worker(user));
    }

    @PostMapping(path = "/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    ReviewTask complete(@PathVariable String id, @RequestBody Completion completion, Authentication user) {
        return tasks.complete(id, worker(user), completion.decision(), completion.comment(), null);
    }

    /** With a file: the new photo of a retake, or a retouched version that is published instead. */
    @PostMapping(path = "/{id}/complete", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ReviewTask completeWithFile(@PathVariable String id,
                                @RequestParam(value = "decision", required = false) String decision,
                                @RequestParam(value = "comment", required = false) String comment,
                                @RequestParam(value = "file", required = false) MultipartFile file,
                                Authentication user) throws IOException {
        return tasks.complete(id, worker(user), decision, comment, file == null ? null : file.getBytes());
    }

    private static TaskService.Worker worker(Authentication user) {
        return TaskService.Worker.of(user);
    }
}
