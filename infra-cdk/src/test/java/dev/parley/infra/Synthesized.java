package dev.parley.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The app defined once per context for a test class, on stand-in function jars, so tests need no build of the
 * functions. Synthesis is slow (it runs the CDK's JavaScript core), so templates are made once and shared.
 */
final class Synthesized {

    final App app;
    final Stack stateful;
    final Stack stateless;
    final Template statefulTemplate;
    final Template statelessTemplate;

    private Synthesized(Map<String, Object> context, boolean nag) {
        app = App.Builder.create().context(CdkJson.context(ParleyApp.repositoryRoot(Path.of("").toAbsolutePath()), context)).build();
        ParleyApp.define(app, fakeRepository(), Settings.from(app.getNode()));
        if (nag) {
            Aspects.of(app).add(new AwsSolutionsChecks());
        }
        stateful = (Stack) app.getNode().findChild(ParleyApp.STATEFUL);
        stateless = (Stack) app.getNode().findChild(ParleyApp.STATELESS);
        statefulTemplate = Template.fromStack(stateful);
        statelessTemplate = Template.fromStack(stateless);
    }

    static Synthesized with(Map<String, Object> context) {
        return new Synthesized(context, false);
    }

    static Synthesized with(Map<String, Object> context, boolean nag) {
        return new Synthesized(context, nag);
    }

    private static Path fakeRepository() {
        try {
            var root = Files.createTempDirectory("parley-infra");
            Files.writeString(root.resolve("pom.xml"), "<project/>");
            for (var spec : FunctionSpec.values()) {
                var jar = root.resolve("functions").resolve(spec.module()).resolve("target").resolve("function.jar");
                if (Files.exists(jar)) {
                    continue;
                }
                Files.createDirectories(jar.getParent());
                try (var zip = new ZipOutputStream(Files.newOutputStream(jar))) {
                    zip.putNextEntry(new ZipEntry(spec.module() + ".txt"));
                    zip.write(spec.module().getBytes());
                    zip.closeEntry();
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
