package io.studioflow.platform.roles;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On an instance without the {@code ui} role, the web app and the REST API answer 404 with a problem detail that
 * says why; only the actuator (health, for the orchestrator's probes) is served.
 */
@Configuration(proxyBeanMethods = false)
class WorkerOnlyRequests {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> workerOnlyFilter(InstanceRoles roles) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getRequestURI().startsWith(request.getContextPath() + "/actuator")) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.getOutputStream().write(("{\"title\":\"Not served by this instance\",\"status\":404,"
                        + "\"detail\":\"This Studioflow instance runs job workers only (studioflow.roles=" + roles
                        + "); the web app and the API are on the instances with the ui role.\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        // registered only where it has work: a ui instance's requests never pass through it
        registration.setEnabled(!roles.ui());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("studioflowWorkerOnly");
        return registration;
    }
}
