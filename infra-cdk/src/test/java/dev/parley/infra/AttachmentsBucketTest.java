package dev.parley.infra;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class AttachmentsBucketTest {

    private static Template stateful(int messageRetentionDays) {
        var app = App.Builder.create().build();
        var settings = new Settings(null, null, null, null, null, messageRetentionDays);
        return Template.fromStack(new StatefulStack(app, "Stateful", StackProps.builder().build(), settings));
    }

    @Test
    void lifecycle_whenMessagesExpire_expiresUnattachedUploadsAfterADayAndAttachmentsWithTheirMessages() {
        stateful(30).hasResourceProperties("AWS::S3::Bucket", Map.of("CorsConfiguration", Match.anyValue(),
                "LifecycleConfiguration", Map.of("Rules", List.of(
                        Match.objectLike(Map.of("Id", "abort-abandoned-uploads")),
                        Map.of("Id", "expire-unattached-uploads", "Prefix", "uploads/", "ExpirationInDays", 1, "Status", "Enabled"),
                        Map.of("Id", "expire-attachments-with-messages", "Prefix", "attachments/", "ExpirationInDays", 30,
                                "Status", "Enabled")))));
    }

    @Test
    void lifecycle_whenMessagesAreKeptForever_keepsAttachmentsButStillExpiresUnattachedUploads() {
        stateful(0).hasResourceProperties("AWS::S3::Bucket", Map.of("CorsConfiguration", Match.anyValue(),
                "LifecycleConfiguration", Map.of("Rules", List.of(
                        Match.objectLike(Map.of("Id", "abort-abandoned-uploads")),
                        Map.of("Id", "expire-unattached-uploads", "Prefix", "uploads/", "ExpirationInDays", 1, "Status", "Enabled")))));
    }
}
