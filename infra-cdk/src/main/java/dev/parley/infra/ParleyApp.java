package dev.parley.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The Parley CDK app: a stateful stack (tables, bucket, user pool) and a stateless one (everything else). Run by
 * the CDK CLI through {@code cdk.json}, by {@code ./parley synth}, and in-process by Parley Local.
 */
public final class ParleyApp {

    public static final String STATEFUL = "ParleyStateful";
    public static final String STATELESS = "ParleyStateless";

    private ParleyApp() {
    }

    public static void main(String[] args) {
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if ("--out".equals(args[i]) && i + 1 < args.length) {
                out = Path.of(args[++i]);
            }
        }
        var root = repositoryRoot(Path.of("").toAbsolutePath());
        App app;
        if (out == null && CdkJson.runByCli()) {
            app = new App();
        } else {
            var builder = App.Builder.create().context(CdkJson.context(root, Map.of("aws:cdk:enable-asset-metadata", true)));
            app = (out == null ? builder : builder.outdir(out.toString())).build();
        }
        define(app, root, Settings.from(app.getNode()));
        app.synth();
    }

    /** Synthesizes both stacks into {@code outDirectory} with cdk.json's context and the given one on top (asset metadata on). */
    public static CloudAssembly synthesize(Path repositoryRoot, Path outDirectory, Map<String, Object> context) {
        var withMetadata = new HashMap<String, Object>(context);
        withMetadata.put("aws:cdk:enable-asset-metadata", true);
        withMetadata = new HashMap<>(CdkJson.context(repositoryRoot, withMetadata));
        var app = App.Builder.create().outdir(outDirectory.toString()).context(withMetadata).build();
        define(app, repositoryRoot, Settings.from(withMetadata));
        return app.synth();
    }

    static void define(App app, Path repositoryRoot, Settings settings) {
        var stateful = new StatefulStack(app, STATEFUL, StackProps.builder()
                .description("Parley: tables, attachments bucket and user pool (retained)").build(), settings);
        var stateless = new StatelessStack(app, STATELESS, StackProps.builder()
                .description("Parley: functions, WebSocket API, topics, queues and alarms").build(), stateful, settings,
                repositoryRoot.resolve("functions"));
        NagSuppressionRules.apply(stateful, stateless);
    }

    /** The repository root: the nearest directory upwards with a {@code functions} folder beside a {@code pom.xml}. */
    static Path repositoryRoot(Path start) {
        for (var dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("functions")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from inside the Parley repository: no functions/ found above " + start);
    }
}
