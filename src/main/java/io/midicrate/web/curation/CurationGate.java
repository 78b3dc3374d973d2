package io.midicrate.web.curation;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

import io.midicrate.web.OperatorToken;

/**
 * Who may change what a user keeps from the page. With no operator token configured (a page on 127.0.0.1 by
 * default), anyone who can load the page: stars and crates change no file. With a token, a write needs it; once
 * given (with any write, or the page's unlock form) it holds for the browser's session, so each star is one click.
 * CSRF is checked before any of this, for every POST ({@code WebSecurityConfig}).
 */
@Component
public class CurationGate {

    static final String UNLOCKED = CurationGate.class.getName() + ".unlocked";

    private final OperatorToken token;

    CurationGate(OperatorToken token) {
        this.token = token;
    }

    /** Whether this session must give the token before its writes count. */
    public boolean locked(HttpSession session) {
        return token.configured() && (session == null || !Boolean.TRUE.equals(session.getAttribute(UNLOCKED)));
    }

    /** Refuses (403) a write of a locked session without the right token; a right token unlocks the session. */
    public void check(HttpServletRequest request, String given) {
        if (!locked(request.getSession(false))) {
            return;
        }
        token.check(given);
        request.getSession(true).setAttribute(UNLOCKED, Boolean.TRUE);
    }
}
