package io.midicrate.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;

/**
 * Reading is open (the server binds to 127.0.0.1 unless configured); every POST needs the session's CSRF token,
 * which Thymeleaf puts in each form (without it: the error page, 403, {@link AccessDeniedPage}), and the write
 * actions check the operator token themselves ({@link OperatorToken}). The content security policy allows only the jar's own scripts and styles, so a file
 * name or text meta that slipped through escaping still could not run.
 */
@Configuration
@EnableWebSecurity
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET) // the CLI commands start without it
class WebSecurityConfig {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    @Bean
    SecurityFilterChain webPage(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .exceptionHandling(refusals -> refusals.accessDeniedHandler(deniedPage()))
                .build();
    }

    /** A refusal (a missing or stale CSRF token) is the styled 403 page, whatever the request accepts. */
    private static AccessDeniedHandler deniedPage() {
        AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
        handler.setErrorPage(AccessDeniedPage.PATH);
        return handler;
    }
}
