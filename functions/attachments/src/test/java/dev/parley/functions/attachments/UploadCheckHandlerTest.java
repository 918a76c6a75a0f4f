package dev.parley.functions.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.fakes.InMemoryChat;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.UploadCheckService;
import dev.parley.core.store.ObjectStore;
import org.junit.jupiter.api.Test;

class UploadCheckHandlerTest {

    private final InMemoryChat chat = new InMemoryChat();
    private final UploadCheckHandler handler = new UploadCheckHandler(new UploadCheckService(chat.objectStore));

    @Test
    void handleRequest_whenAnUploadBreaksTheRules_deletesOnlyThatOne() {
        var good = AttachmentService.uploadPrefix("c-1", "alice") + "aaaaaaaaaaaaaaaaaaaa/a.png";
        var bad = AttachmentService.uploadPrefix("c-1", "alice") + "bbbbbbbbbbbbbbbbbbbb/run me.sh";
        chat.objects.put(good, new ObjectStore.ObjectInfo(good, 10, "image/png"));
        chat.objects.put(bad, new ObjectStore.ObjectInfo(bad, 10, "application/x-sh"));

        handler.handleRequest(LambdaEvents.objectCreated("bucket", good, 10), new TestContext("upload-check"));
        handler.handleRequest(LambdaEvents.objectCreated("bucket", bad.replace(' ', '+'), 10),
                new TestContext("upload-check"));

        assertThat(chat.objects).containsOnlyKeys(good);
    }
}
