package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chat page in headless Chromium (playwright-core): two pages exchange a message through Parley Local, and one
 * mentions the other through the composer's picker.
 */
class BrowserChatIT {

    private static String run(List<String> command, Path directory, long timeoutSeconds) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(false).start();
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var outReader = Thread.ofVirtual().start(() -> output.append(read(process.getInputStream())));
        var errReader = Thread.ofVirtual().start(() -> errors.append(read(process.getErrorStream())));
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
        }
        outReader.join();
        errReader.join();
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " failed (" + process.exitValue() + "):\n" + output + errors);
        }
        return output.toString();
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void chatPage_whenTwoBrowsersChat_showsTheMessageOnTheOtherPage() throws Exception {
        var local = RunningLocal.get();
        var scripts = RunningLocal.repositoryRoot().resolve("local/app/src/test/playwright");
        var installed = run(List.of("bash", "install.sh"), scripts, 900).strip().lines().toList();
        var chromium = installed.getLast();

        var output = run(List.of("node", "chat.mjs", local.endpoints().webUrl(), chromium), scripts, 180);

        assertThat(output).contains("delivered: hello from the browser").contains("mentioned: @alice-");
    }
}
