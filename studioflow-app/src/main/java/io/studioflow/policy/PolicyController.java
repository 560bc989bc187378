package io.studioflow.policy;

import io.studioflow.flows.FlowDeployments;
import io.studioflow.flows.InvalidFlowException;
import io.studioflow.platform.security.CurrentUser;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The routing policy table: read it, deploy a new one, and replay a draft on recorded images first. */
@RestController
@RequestMapping("/api/policy")
class PolicyController {

    static final String FOUR_EYES_NOTE = "fourEyes applies to the row's brand and preset: an image of that scope that a "
            + "person approves goes to a second approval, which someone other than the first approver decides before it is published";

    private final PolicyService policies;

    PolicyController(PolicyService policies) {
        this.policies = policies;
    }

    record PolicyResponse(String decisionId, int version, List<PolicyRow> rows, List<String> notes) {
    }

    record WhatIfRequest(RoutingPolicy policy, List<PolicyRow> rows, Integer last) {
        RoutingPolicy draft() {
            return policy != null ? policy : new RoutingPolicy(rows);
        }
    }

    @GetMapping
    PolicyResponse current() {
        PolicyService.CurrentPolicy current = policies.current();
        return new PolicyResponse(current.decisionId(), current.version(), current.policy().rows(), List.of(FOUR_EYES_NOTE));
    }

    @PutMapping
    ResponseEntity<FlowDeployments.Deployed> deploy(@RequestBody RoutingPolicy policy, Authentication user) {
        FlowDeployments.Deployed deployed = policies.deploy(policy, CurrentUser.actor(user));
        return ResponseEntity.status(deployed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(deployed);
    }

    @PostMapping("/what-if")
    WhatIf whatIf(@RequestBody WhatIfRequest request) {
        return policies.whatIf(request.draft(), request.last() == null ? 100 : request.last());
    }

    @ExceptionHandler(InvalidFlowException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidFlowException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("The policy cannot be used");
        problem.setProperty("problems", e.problems());
        return ResponseEntity.badRequest().body(problem);
    }
}
