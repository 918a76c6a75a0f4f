package dev.parley.local.lambda;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * A function's own class loader: its jar first, as in a Lambda sandbox, except the runtime interfaces
 * ({@code Context}, {@code RequestHandler}, the logger), which the host provides as the Lambda runtime does, so
 * that one {@code Context} implementation serves every function.
 */
final class FunctionClassLoader extends URLClassLoader {

    private static final String RUNTIME_PACKAGE = "com.amazonaws.services.lambda.runtime.";

    private final ClassLoader host;

    FunctionClassLoader(String name, URL jar, ClassLoader host) {
        super(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        this.host = host;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (isRuntimeInterface(name)) {
            return host.loadClass(name);
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
}
