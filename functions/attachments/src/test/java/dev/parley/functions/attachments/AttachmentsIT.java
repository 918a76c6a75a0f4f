package dev.parley.functions.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.aws.AwsClients;
import dev.parley.core.fakes.LambdaEvents;
import dev.parley.core.fakes.TestContext;
import dev.parley.core.fixtures.ChatEngines;
import dev.parley.core.json.Json;
import dev.parley.core.service.AttachmentService;
import dev.parley.core.service.Ids;
import dev.parley.core.store.aws.S3ObjectStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class AttachmentsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ChatEngines engines;
    private static AttachmentsHandler handler;

    @BeforeAll
    static void start() {
        engines = ChatEngines.start();
        handler = new AttachmentsHandler(engines.functionEnvironment());
        engines.putMember("c-files", "alice");
        engines.putMember("c-files", "bob");
    }

    @AfterAll
    static void stop() {
        engines.close();
    }

    private static JsonNode ask(String userId, String frame) {
        return Json.parseTrusted(handler.handleRequest(LambdaEvents.webSocket("x", "conn-" + userId, userId, frame),
                new TestContext("attachments")).getBody());
    }

    private static JsonNode requestUpload(String userId, String contentType, int size) {
        return ask(userId, "{\"action\":\"requestUpload\",\"channelId\":\"c-files\",\"fileName\":\"notes.txt\",\"contentType\":\""
                + contentType + "\",\"size\":" + size + "}");
    }

    private static int put(String url, String contentType, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A key as a message of alice's attaches it. */
    private static String attached(String fileName) {
        return AttachmentService.attachedKey(AttachmentService.uploadPrefix("c-files", "alice") + Ids.uploadId() + "/" + fileName,
                Ids.messageId());
    }

    private static JsonNode downloadUrl(String userId, String key) {
        return ask(userId, "{\"action\":\"getAttachmentUrl\",\"channelId\":\"c-files\",\"key\":\"" + key + "\"}");
    }

    @Test
    void uploadAndDownload_whenThroughThePresignedUrls_roundTripTheBytesOnceAttached() throws Exception {
        var body = "meeting notes".getBytes(StandardCharsets.UTF_8);
        var upload = requestUpload("alice", "text/plain", body.length);
        var key = upload.get("key").asText();

        assertThat(upload.get("type").asText()).isEqualTo("upload");
        assertThat(key).startsWith(AttachmentService.uploadPrefix("c-files", "alice"));
        assertThat(put(upload.get("url").asText(), "text/plain", body)).isEqualTo(200);
        assertThat(downloadUrl("bob", key).get("code").asText()).isEqualTo("forbidden");
        var attached = AttachmentService.attachedKey(key, Ids.messageId());
        var presigner = AwsClients.create(engines.functionEnvironment()).s3Presigner();
        new S3ObjectStore(engines.s3(), presigner, engines.get("ATTACHMENTS_BUCKET")).copy(key, attached);
        var download = downloadUrl("bob", attached);
        var fetched = HTTP.send(HttpRequest.newBuilder(URI.create(download.get("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(body);
    }

    @Test
    void upload_whenTheUrlIsTamperedOrTheBodyDiffersFromWhatWasSigned_isRefused() throws Exception {
        var body = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        var upload = requestUpload("alice", "text/plain", body.length);
        var url = upload.get("url").asText();
        var tampered = url.replaceFirst("X-Amz-Signature=([0-9a-f])", "X-Amz-Signature=" + (url.contains("X-Amz-Signature=0") ? "1" : "0"));
        var otherKey = url.replace("notes.txt", "other.txt");

        assertThat(put(tampered, "text/plain", body)).isEqualTo(403);
        assertThat(put(otherKey, "text/plain", body)).isEqualTo(403);
        assertThat(put(url, "image/png", body)).isEqualTo(403);
        assertThat(put(url, "text/plain", "a different length".getBytes(StandardCharsets.UTF_8))).isIn(400, 403);
    }

    @Test
    void download_whenTheSignatureIsTampered_isRefused() throws Exception {
        var key = attached("secret.txt");
        engines.s3().putObject(r -> r.bucket(engines.get("ATTACHMENTS_BUCKET")).key(key).contentType("text/plain"),
                RequestBody.fromString("secret"));
        var url = downloadUrl("alice", key).get("url").asText();
        var tampered = url.replace("secret.txt", "secret.txT");

        var response = HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void download_whenTheUrlHasExpired_isRefused() throws Exception {
        var key = attached("old.txt");
        var bucket = engines.get("ATTACHMENTS_BUCKET");
        engines.s3().putObject(r -> r.bucket(bucket).key(key).contentType("text/plain"), RequestBody.fromString("old"));
        var store = new S3ObjectStore(engines.s3(), AwsClients.create(engines.functionEnvironment()).s3Presigner(), bucket);
        var url = store.presignDownload(key, Duration.ofSeconds(1)).url();

        Thread.sleep(2_500);
        var response = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void requests_whenTheCallerIsNotAMember_areForbidden() {
        assertThat(ask("eve", "{\"action\":\"requestUpload\",\"channelId\":\"c-files\",\"fileName\":\"a.txt\","
                + "\"contentType\":\"text/plain\",\"size\":3}").get("code").asText()).isEqualTo("forbidden");
        assertThat(downloadUrl("eve", attached("secret.txt")).get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void uploadCheck_whenAnObjectOfAnUnacceptedTypeArrives_deletesIt() {
        var key = AttachmentService.uploadPrefix("c-files", "alice") + "cccccccccccccccccccc/tool.sh";
        var bucket = engines.get("ATTACHMENTS_BUCKET");
        engines.s3().putObject(r -> r.bucket(bucket).key(key).contentType("application/x-sh"), RequestBody.fromString("rm -rf"));

        new UploadCheckHandler(engines.functionEnvironment()).handleRequest(LambdaEvents.objectCreated(bucket, key, 6),
                new TestContext("upload-check"));

        assertThat(engines.s3().listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents()).isEmpty();
    }

    @Test
    void rehearsal_whenRunRoundAfterRound_answersAsARequestWouldAndChangesNothing() throws Exception {
        var before = engines.footprint();
        var rehearsal = AttachmentsHandler.rehearsal(engines.functionEnvironment());

        rehearsal.run();
        rehearsal.run();

        assertThat(engines.footprint()).isEqualTo(before);
    }
}
