package dev.parley.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chat page in headless Chromium (playwright-core): two pages exchange a message through Parley Local, and one
 * mentions the other through the composer's picker. The launcher's setup step installs both before the build
 * ({@code ./parley setup}, run by {@code ./parley test}); this test only uses them.
 */
class BrowserChatIT {

    private static final String SETUP_HINT = "run ./parley setup (./parley test runs it before the build)";

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

    /** {@code CHROMIUM} when set, else {@code chromium} or {@code chromium-browser} on the PATH, as the launcher looks. */
    private static Path chromium() {
        var configured = System.getenv("CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            var path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new AssertionError("CHROMIUM names " + configured + ", which is not an executable");
            }
            return path;
        }
        var searchPath = System.getenv().getOrDefault("PATH", "");
        return Stream.of("chromium", "chromium-browser")
                .flatMap(name -> Stream.of(searchPath.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError("Chromium is not on the PATH: " + SETUP_HINT
                        + " as root, or install it (Debian: apt-get install chromium) or set CHROMIUM to its path"));
    }

    /** Runs one of the page checks of src/test/playwright in headless Chromium against the tests' Parley Local; its output. */
    private static String playwright(String script) throws Exception {
        var root = RunningLocal.repositoryRoot();
        var modules = root.resolve(".parley/browser-check");
        if (!Files.isRegularFile(modules.resolve("node_modules/playwright-core/package.json"))) {
            throw new AssertionError("playwright-core is not installed under " + modules + ": " + SETUP_HINT);
        }
        var chromium = chromium();
        var local = RunningLocal.get();
        return run(List.of("node", script, local.endpoints().webUrl(), chromium.toString(), modules.toString()),
                root.resolve("local/app/src/test/playwright"), 180);
    }

    @Test
    void chatPage_whenTwoBrowsersChat_showsTheMessageOnTheOtherPage() throws Exception {
        var output = playwright("chat.mjs");

        assertThat(output).contains("delivered: hello from the browser").contains("mentioned: @alice-");
    }

    @Test
    void chatPage_whenAUserSetsNotificationPreferences_showsThemOnTheOtherDeviceAndAfterAReload() throws Exception {
        var output = playwright("notifications.mjs");

        assertThat(output).contains("second device: mentions, muted").contains("reloaded: mentions, muted")
                .contains("reloaded: none, muted until unmuted");
    }

    @Test
    void threadPanel_whenOnePageRepliesInAThread_showsTheCountLiveAndTheRepliesInThePanelOfTheOther() throws Exception {
        var output = playwright("threads.mjs");

        assertThat(output).contains("thread counted: 1 reply").contains("thread opened: yes, today").contains("thread live: 2 replies");
    }

    @Test
    void chatPage_whenAnOwnerRenamesSetsTheTopicAndRemovesTheOtherMember_theOtherPageSeesEachLive() throws Exception {
        var output = playwright("admin.mjs");

        assertThat(output).contains("renamed: # renamed ").contains("topic: topic ").contains("removed: c-");
    }
}
