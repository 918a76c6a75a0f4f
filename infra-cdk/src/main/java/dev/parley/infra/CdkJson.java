package dev.parley.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context of {@code infra-cdk/cdk.json} (the app's settings and the CDK's feature flags). The CDK CLI passes it to
 * the app itself; every other way of synthesizing (Parley Local, {@code ./parley synth}, the tests) reads it here, so
 * that all of them synthesize the same template.
 */
public final class CdkJson {

    public static final String RELATIVE_PATH = "infra-cdk/cdk.json";

    private CdkJson() {
    }

    /** The file's {@code context}, with {@code overrides} on top. */
    public static Map<String, Object> context(Path repositoryRoot, Map<String, Object> overrides) {
        var file = repositoryRoot.resolve(RELATIVE_PATH);
        Map<String, Object> context = new LinkedHashMap<>();
        try {
            var root = new ObjectMapper().readTree(file.toFile());
            var fromFile = root.path("context");
            if (!fromFile.isObject()) {
                throw new IllegalStateException(file + " has no \"context\" object");
            }
            context.putAll(new ObjectMapper().convertValue(fromFile, new TypeReference<Map<String, Object>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        context.putAll(overrides);
        return context;
    }

    /** Whether the CDK CLI runs the app: it then hands over the context itself. */
    static boolean runByCli() {
        return System.getenv("CDK_CONTEXT_JSON") != null || System.getenv("CDK_OUTDIR") != null;
    }
}
