package io.midicrate.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The page Spring Security's refusals are forwarded to ({@link WebSecurityConfig}): the project's error page with a
 * 403 and a sentence, in place of Spring's raw JSON. Every request is permitted, so the one refusal is a POST
 * without the page's CSRF token: a form kept open across a restart of {@code serve}, or one sent from elsewhere.
 */
@Controller
class AccessDeniedPage {

    static final String PATH = "/denied";

    static final String EXPIRED_FORM = "this form has expired or came from another page: reload and try again";

    @RequestMapping(PATH)
    ModelAndView denied(HttpServletRequest request) {
        boolean csrf = request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException;
        return WebErrors.page(HttpStatus.FORBIDDEN, csrf ? EXPIRED_FORM : "this page is not allowed from here");
    }
}
