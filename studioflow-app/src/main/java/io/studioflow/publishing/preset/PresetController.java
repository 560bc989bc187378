package io.studioflow.publishing.preset;

import com.fasterxml.jackson.databind.JsonMappingException;
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
 * The presets: anyone signed in reads them; managers and admins create or change one with {@code PUT}, naming the
 * {@code version} they edited (see the security configuration). A refused edit is a problem detail whose
 * {@code errors} name each field; a stale one is a 409.
 */
@RestController
@RequestMapping("/api/presets")
class PresetController {

    private final PresetCatalog presets;

    PresetController(PresetCatalog presets) {
        this.presets = presets;
    }

    @GetMapping
    List<PresetDocument> list() {
        return presets.documents();
    }

    @GetMapping("/{id}")
    PresetDocument get(@PathVariable String id) {
        return presets.document(id);
    }

    /** 201 with the new preset when it did not exist, else 200 with the changed one (its version one up). */
    @PutMapping("/{id}")
    ResponseEntity<PresetDocument> put(@PathVariable String id, @RequestBody PresetDocument edit, Authentication user) {
        PresetDocument saved = presets.save(id, edit, CurrentUser.actor(user));
        return ResponseEntity.status(saved.version() == 1 ? HttpStatus.CREATED : HttpStatus.OK).body(saved);
    }

    @ExceptionHandler(InvalidPresetException.class)
    ProblemDetail invalid(InvalidPresetException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid preset");
        problem.setProperty("errors", e.errors().stream()
                .map(error -> Map.of("field", error.field(), "message", error.message())).toList());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        // a value of the wrong type ("fill": "lots"): name its field as the other refusals do
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getPath().getLast().getFieldName() != null) {
            String field = mapping.getPath().getLast().getFieldName();
            return invalid(new InvalidPresetException("(body)", List.of(new PresetDocument.FieldError(field,
                    "has a value of the wrong type (numbers for sizes and shares, text for colours and names)"))));
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the body is not a preset as JSON (fields: label, width, height or longestSide, background, fill,"
                        + " margin, shadow, format, quality, checklist, version)");
        problem.setTitle("Invalid preset");
        return problem;
    }

    @ExceptionHandler(StalePresetException.class)
    ProblemDetail stale(StalePresetException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Conflict");
        return problem;
    }

    @ExceptionHandler(PresetNotFoundException.class)
    ProblemDetail notFound(PresetNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }
}
