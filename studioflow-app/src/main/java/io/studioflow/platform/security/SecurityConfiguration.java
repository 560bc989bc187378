package io.studioflow.platform.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import io.studioflow.platform.ui.LoginView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two doors: the REST API (HTTP Basic, stateless, no session so no CSRF surface) and the Vaadin web app
 * (form login, session, CSRF handled by Vaadin).
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    private static final String[] WORKERS = {"RETOUCHER", "PHOTOGRAPHER", "MANAGER", "ADMIN"};
    private static final String[] AUDIT_READERS = {"AUDITOR", "MANAGER", "ADMIN"};

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(POST, "/api/images").hasAnyRole("PHOTOGRAPHER", "MANAGER", "ADMIN")
                        // the audit trail: read by auditors, managers and admins; no write method is mapped to it
                        .requestMatchers(GET, "/api/audit", "/api/audit/**", "/api/images/*/history",
                                "/api/images/*/history/**", "/api/images/*/history.*").hasAnyRole(AUDIT_READERS)
                        // the production dashboard: the same readers as the audit trail
                        .requestMatchers(GET, "/api/dashboard").hasAnyRole(AUDIT_READERS)
                        .requestMatchers(GET, "/api/images/**").authenticated()
                        .requestMatchers("/api/tasks/**", "/api/tasks").hasAnyRole(WORKERS)
                        // flows and the routing policy: managers and admins change them, auditors may read
                        .requestMatchers(GET, "/api/flows", "/api/flows/**", "/api/policy").hasAnyRole("MANAGER", "ADMIN", "AUDITOR")
                        .requestMatchers(POST, "/api/policy/what-if").hasAnyRole("MANAGER", "ADMIN", "AUDITOR")
                        .requestMatchers("/api/flows", "/api/flows/**", "/api/policy", "/api/policy/**").hasAnyRole("MANAGER", "ADMIN")
                        // presets: everyone signed in reads them, managers and admins change them
                        .requestMatchers(GET, "/api/presets", "/api/presets/*").authenticated()
                        .requestMatchers(PUT, "/api/presets/*").hasAnyRole("MANAGER", "ADMIN")
                        // flow templates: an upload names one, managers and admins change them
                        .requestMatchers(GET, "/api/flow-templates", "/api/flow-templates/*").authenticated()
                        .requestMatchers(PUT, "/api/flow-templates/*").hasAnyRole("MANAGER", "ADMIN")
                        // batches: sent, cancelled and retried by those who upload; followed and exported by auditors too
                        .requestMatchers(POST, "/api/batches", "/api/batches/*/cancel", "/api/batches/*/retry")
                        .hasAnyRole("PHOTOGRAPHER", "MANAGER", "ADMIN")
                        .requestMatchers(GET, "/api/batches", "/api/batches/**").hasAnyRole("PHOTOGRAPHER", "MANAGER", "ADMIN", "AUDITOR")
                        // the OpenAPI description of this API
                        .requestMatchers(GET, "/api/openapi.json", "/api/openapi.json/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(SecurityConfiguration::unauthorized))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health/**", "/actuator/health").permitAll()
                // an error page for a request that was already refused must not turn into a login redirect
                .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }

    /** 401 as a problem detail, written directly (no error dispatch that another chain would redirect). */
    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("WWW-Authenticate", "Basic realm=\"Studioflow\"");
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"sign in with HTTP Basic as a Studioflow user\"}");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
