package io.midicrate.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** The gate of every write action on the page: the configured operator token, compared in constant time. */
@Component
public class OperatorToken {

    private final WebProperties properties;

    public OperatorToken(WebProperties properties) {
        this.properties = properties;
    }

    public boolean configured() {
        return properties.writable();
    }

    /** Refuses (403) unless a token is configured and {@code given} is it. */
    public void check(String given) {
        if (!configured()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN,
                    "write actions are off: no operator token is configured (midicrate.web.token)");
        }
        byte[] expected = properties.token().getBytes(StandardCharsets.UTF_8);
        byte[] actual = (given == null ? "" : given).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "wrong or missing operator token");
        }
    }
}
