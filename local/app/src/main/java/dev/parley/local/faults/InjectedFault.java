package dev.parley.local.faults;

/** The error type of an invocation that {@code --faults} failed before its handler ran. */
public final class InjectedFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InjectedFault(String message) {
        super(message);
    }
}
