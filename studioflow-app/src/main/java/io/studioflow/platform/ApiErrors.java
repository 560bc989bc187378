package io.studioflow.platform;

import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import io.studioflow.audit.AuditRequestException;
import io.studioflow.audit.AuditUnavailableException;
import io.studioflow.ingest.AssetNotFoundException;
import io.studioflow.ingest.ImageRequestException;
import io.studioflow.ingest.batch.BatchNotFoundException;
import io.studioflow.platform.imaging.InvalidImageException;
import io.studioflow.review.IllegalDecisionException;
import io.studioflow.review.TaskConflictException;
import io.studioflow.review.TaskNotFoundException;
import io.studioflow.platform.search.SearchErrors;
import java.io.UncheckedIOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** REST errors as RFC 9457 problem details whose {@code detail} a person can act on. */
@RestControllerAdvice(basePackages = "io.studioflow")
class ApiErrors {

    @ExceptionHandler(InvalidImageException.class)
    ProblemDetail invalidImage(InvalidImageException e) {
        HttpStatus status = e.reason() == InvalidImageException.Reason.TOO_LARGE
                ? HttpStatus.PAYLOAD_TOO_LARGE
                : e.reason() == InvalidImageException.Reason.UNRECOGNISED ? HttpStatus.UNSUPPORTED_MEDIA_TYPE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = problem(status, "Not a usable photo", e.getMessage());
        problem.setProperty("reason", e.reason().name());
        return problem;
    }

    @ExceptionHandler({ImageRequestException.class, IllegalDecisionException.class, AuditRequestException.class,
            MissingServletRequestParameterException.class, MissingServletRequestPartException.class})
    ProblemDetail badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "File too large", "the upload is larger than the limit of "
                + (e.getMaxUploadSize() > 0 ? e.getMaxUploadSize() / (1024 * 1024) + " MB" : "the server's multipart limit"));
    }

    @ExceptionHandler({AssetNotFoundException.class, TaskNotFoundException.class, BatchNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(TaskConflictException.class)
    ProblemDetail conflict(TaskConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    /** Elasticsearch away: say so and when to try again, rather than a bare 500. Anything else stays a 500. */
    @ExceptionHandler(UncheckedIOException.class)
    ResponseEntity<ProblemDetail> storeUnreachable(UncheckedIOException e) {
        if (!SearchErrors.isUnreachable(e)) {
            throw e;
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Store unreachable", e.getMessage()
                        + ": Elasticsearch cannot be reached right now; nothing was lost, try again in a few seconds"));
    }

    /** The audit trail cannot be read while Elasticsearch is away (its writes wait in the outbox meanwhile). */
    @ExceptionHandler(AuditUnavailableException.class)
    ResponseEntity<ProblemDetail> auditUnavailable(AuditUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Audit store unavailable", e.getMessage()));
    }

    /** The process engine away or too slow: say so and when to try again, rather than a bare 500. */
    @ExceptionHandler(ClientStatusException.class)
    ResponseEntity<ProblemDetail> engineUnreachable(ClientStatusException e) {
        if (!ENGINE_AWAY.contains(e.getStatusCode())) {
            throw e;
        }
        String detail = e.getStatusCode() == Status.Code.DEADLINE_EXCEEDED
                ? "the process engine did not answer in time; try again in a few seconds (sending the same again is safe)"
                : "the process engine cannot be reached right now, so nothing was changed; try again in a few seconds";
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Engine unreachable", detail));
    }

    private static final Set<Status.Code> ENGINE_AWAY = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED);

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
