package io.studioflow.flows;

import io.studioflow.platform.security.CurrentUser;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The flow templates: anyone signed in reads them (an upload names one); managers and admins create or change one with
 * {@code PUT}, naming the {@code version} they edited. A refused edit is a problem detail whose {@code errors} name
 * each field; a stale one is a 409.
 */
@RestController
@RequestMapping("/api/flow-templates")
class FlowTemplateController {

    private final FlowTemplates templates;

    FlowTemplateController(FlowTemplates templates) {
        this.templates = templates;
    }

    @GetMapping
    List<FlowTemplate> list() {
        return templates.all();
    }

    @GetMapping("/{id}")
    FlowTemplate get(@PathVariable String id) {
        return templates.get(id);
    }

    /** 201 with the new template when it did not exist, else 200 with the changed one (its version one up). */
    @PutMapping("/{id}")
    ResponseEntity<FlowTemplate> put(@PathVariable String id, @RequestBody FlowTemplate edit, Authentication user) {
        FlowTemplate saved = templates.save(id, edit, CurrentUser.actor(user));
        return ResponseEntity.status(saved.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK).body(saved);
    }

    @ExceptionHandler(InvalidFlowException.class)
    ProblemDetail invalid(InvalidFlowException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid flow template");
        problem.setProperty("errors", e.problems().stream()
                .map(p -> Map.of("field", p.elementId() == null ? "(body)" : p.elementId(), "message", p.message()))
                .toList());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not a flow template"
                + " as JSON (fields: label, description, processId, brand, preset, priority, version)");
        problem.setTitle("Invalid flow template");
        return problem;
    }

    @ExceptionHandler(StaleFlowTemplateException.class)
    ProblemDetail stale(StaleFlowTemplateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(FlowTemplateNotFoundException.class)
    ProblemDetail notFound(FlowTemplateNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }
}
