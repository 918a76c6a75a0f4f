package dev.parley.local.template;

/** The template asks for something Parley Local cannot run; the message names it. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
