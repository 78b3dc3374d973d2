package io.midicrate.web;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

import io.midicrate.common.OperatorException;
import io.midicrate.query.SearchOptionException;

/**
 * A user's mistake (an unknown id, a bad parameter, a refused action) is a page saying what went wrong, with the
 * 4xx status that fits; never a stack trace.
 */
@ControllerAdvice(basePackages = "io.midicrate.web")
public class WebErrors {

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e) {
        return page(e.getStatusCode(), e.getReason());
    }

    @ExceptionHandler(OperatorException.class)
    ModelAndView operator(OperatorException e) {
        return page(HttpStatus.BAD_REQUEST, message(e));
    }

    /** An operator's mistake in the page's words: a search option is named as the page names it. */
    public static String message(OperatorException e) {
        if (e instanceof SearchOptionException option) {
            return option.describe(o -> switch (o) {
                case LIMIT -> "the page size";
                case SORT -> "the sort order";
                case AFTER -> "the next-page link";
            });
        }
        return e.getMessage();
    }

    @ExceptionHandler(TypeMismatchException.class)
    ModelAndView mismatch(TypeMismatchException e) {
        return page(HttpStatus.BAD_REQUEST, "'" + e.getValue() + "' is not a valid " + (e.getPropertyName() == null
                ? "value" : e.getPropertyName()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ModelAndView missing(MissingServletRequestParameterException e) {
        return page(HttpStatus.BAD_REQUEST, "the parameter '" + e.getParameterName() + "' is missing");
    }

    static ModelAndView page(HttpStatusCode status, String message) {
        ModelAndView page = new ModelAndView("error");
        page.setStatus(status);
        page.addObject("status", status.value());
        HttpStatus known = HttpStatus.resolve(status.value());
        page.addObject("error", known == null ? "Error" : known.getReasonPhrase());
        page.addObject("message", message);
        return page;
    }
}
