package io.midicrate.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web page of {@code midicrate serve}.
 *
 * @param token the operator token that write actions on the page (restart, reprocess) require; blank keeps the page
 *              read-only
 */
@ConfigurationProperties("midicrate.web")
public record WebProperties(@DefaultValue("") String token) {

    public boolean writable() {
        return token != null && !token.isBlank();
    }
}
