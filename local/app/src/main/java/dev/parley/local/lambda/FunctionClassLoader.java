package dev.parley.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * A function's own class loader: its jar first, as in a Lambda sandbox, except for two kinds of class. The runtime
 * interfaces ({@code Context}, {@code RequestHandler}, the logger) come from the host, as the Lambda runtime provides
 * them, so that one {@code Context} implementation serves every function. The third-party libraries the function
 * jars bundle at the same versions (the AWS SDK, Jackson, nimbus, Joda-Time; each jar only those its function uses)
 * come from one loader shared by all instances, so the JIT compiles the SDK's request path once rather than once per
 * instance of every function;
 * Parley's own classes, whose statics hold each function's configuration and clients, stay per instance.
 */
final class FunctionClassLoader extends URLClassLoader {

    private static final String RUNTIME_PACKAGE = "com.amazonaws.services.lambda.runtime.";
    private static final List<String> SHARED_LIBRARIES = List.of("software.amazon.awssdk.", "software.amazon.eventstream.",
            "org.reactivestreams.", "com.fasterxml.jackson.", "com.nimbusds.", "net.minidev.", "org.joda.time.");
    private static final Libraries LIBRARIES = new Libraries();

    private final ClassLoader host;

    FunctionClassLoader(String name, URL jar, ClassLoader host) {
        super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = host;
        LIBRARIES.include(jar);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isRuntimeInterface(name)) {
            return host.loadClass(name);
        }
        if (isSharedLibrary(name)) {
            return LIBRARIES.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean isRuntimeInterface(String name) {
        if (!name.startsWith(RUNTIME_PACKAGE)) {
            return false;
        }
        var rest = name.substring(RUNTIME_PACKAGE.length());
        return !rest.contains(".") || rest.startsWith("logging.");
    }

    static boolean isSharedLibrary(String name) {
        for (var prefix : SHARED_LIBRARIES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The shared libraries, read from the function jars themselves (not from the host, whose class path holds the
     * engines' own versions): every jar a function loader is made for is added, and a class comes from the first jar
     * that has it. The jars are built together, so they bundle the same versions; a jar without some library (the
     * authorizer's has no SDK client) is never asked for it, since every class a function needs is in its own jar,
     * which is added before that function's first class is loaded.
     */
    private static final class Libraries extends URLClassLoader {

        static {
            registerAsParallelCapable();
        }

        Libraries() {
            super("parley-function-libraries", new URL[0], ClassLoader.getPlatformClassLoader());
        }

        synchronized void include(URL jar) {
            for (var known : getURLs()) {
                if (known.equals(jar)) {
                    return;
                }
            }
            addURL(jar);
        }
    }
}
