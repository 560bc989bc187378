package io.studioflow.review;

import io.studioflow.platform.security.CurrentUser;
import io.studioflow.platform.security.Role;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
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

    @GetMapping
    List<ReviewTask> open(Authentication user, @RequestParam(defaultValue = "200") int limit) {
        return tasks.openTasks(worker(user), Math.max(1, Math.min(limit, 1000)));
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
        return new TaskService.Worker(CurrentUser.actor(user), Role.candidateGroups(user), Role.canReassign(user));
    }
}
