package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.RateLimitedException;
import dev.parley.core.protocol.TooLargeException;
import dev.parley.core.store.ObjectStore;
import org.junit.jupiter.api.Test;

class AttachmentServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    @Test
    void requestUpload_whenMemberAsks_choosesAKeyUnderTheChannelThatNamesTheUploader() {
        var channelId = fixture.groupWith("alice", "bob");

        var upload = fixture.attachments.requestUpload("alice", channelId, "../../etc/My Photo.PNG", "image/png", 1234);
        var bobs = fixture.attachments.requestUpload("bob", channelId, "a.png", "image/png", 1234);

        assertThat(upload.key()).matches("uploads/" + channelId + "/u-[a-z0-9]{24}/[a-z0-9]{20}/My_Photo.PNG")
                .startsWith(AttachmentService.uploadPrefix(channelId, "alice"));
        assertThat(AttachmentService.isUploadOf(upload.key(), channelId, "alice")).isTrue();
        assertThat(AttachmentService.isUploadOf(bobs.key(), channelId, "alice")).isFalse();
        assertThat(AttachmentService.isUploadOf(bobs.key(), channelId, "bob")).isTrue();
        assertThat(upload.method()).isEqualTo("PUT");
        assertThat(upload.headers()).containsEntry("Content-Type", "image/png");
    }

    @Test
    void requestUpload_whenTooLargeOrOfAnUnacceptedType_isRefused() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.attachments.requestUpload("alice", channelId, "a.bin", "image/png",
                AttachmentService.MAX_SIZE_BYTES + 1)).isInstanceOf(TooLargeException.class);
        assertThatThrownBy(() -> fixture.attachments.requestUpload("alice", channelId, "a.exe", "application/x-msdownload", 10))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void downloadUrl_whenKeyIsOfAnotherChannel_isForbiddenEvenForAMember() {
        var mine = fixture.groupWith("alice");
        var theirs = fixture.groupWith("bob");
        var key = attached("bob", theirs);
        fixture.chat.objects.put(key, new ObjectStore.ObjectInfo(key, 10, "image/png"));

        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", mine, key)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", theirs, key)).isInstanceOf(ForbiddenException.class);
        assertThat(fixture.attachments.downloadUrl("bob", theirs, key).url()).contains(key);
    }

    @Test
    void downloadUrl_whenObjectIsMissing_isNotFound() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", channelId, attached("alice", channelId)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void downloadUrl_whenKeyIsAnUpload_isForbidden() {
        var channelId = fixture.groupWith("alice");
        var upload = fixture.uploaded("alice", channelId, "a.png", 10, "image/png");

        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", channelId, upload)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void requestUpload_whenOverTheLimit_isRateLimitedBeforeAnyOtherCheck() {
        var channelId = fixture.groupWith("alice");
        var strict = new AttachmentService(fixture.chat.memberStore, fixture.chat.objectStore,
                new RateLimiter(fixture.chat.throttleStore, fixture.clock, kind -> 1));
        strict.requestUpload("alice", channelId, "a.png", "image/png", 10);

        assertThatThrownBy(() -> strict.requestUpload("alice", "c-nowhere", "a.png", "image/png", 10))
                .isInstanceOf(RateLimitedException.class);
    }

    private String attached(String userId, String channelId) {
        var upload = fixture.attachments.requestUpload(userId, channelId, "a.png", "image/png", 10).key();
        return AttachmentService.attachedKey(upload, Ids.messageId());
    }

    @Test
    void uploadCheck_whenObjectBreaksTheRules_deletesIt() {
        var channelId = fixture.groupWith("alice");
        var good = fixture.attachments.requestUpload("alice", channelId, "a.png", "image/png", 10).key();
        var wrongType = fixture.attachments.requestUpload("alice", channelId, "a.png", "image/png", 10).key();
        var foreignKey = "uploads/" + channelId + "/elsewhere.png";
        fixture.chat.objects.put(good, new ObjectStore.ObjectInfo(good, 10, "image/png"));
        fixture.chat.objects.put(wrongType, new ObjectStore.ObjectInfo(wrongType, 10, "application/x-msdownload"));
        fixture.chat.objects.put(foreignKey, new ObjectStore.ObjectInfo(foreignKey, 10, "image/png"));

        assertThat(fixture.uploadCheck.check(good).kept()).isTrue();
        assertThat(fixture.uploadCheck.check(wrongType).kept()).isFalse();
        assertThat(fixture.uploadCheck.check(foreignKey).kept()).isFalse();
        assertThat(fixture.chat.objects).containsOnlyKeys(good);
    }
}
