package dev.parley.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.protocol.BadRequestException;
import dev.parley.core.protocol.ForbiddenException;
import dev.parley.core.protocol.NotFoundException;
import dev.parley.core.protocol.TooLargeException;
import dev.parley.core.store.ObjectStore;
import org.junit.jupiter.api.Test;

class AttachmentServiceTest {

    private final ChatFixture fixture = new ChatFixture();

    @Test
    void requestUpload_whenMemberAsks_choosesAKeyUnderTheChannel() {
        var channelId = fixture.groupWith("alice");

        var upload = fixture.attachments.requestUpload("alice", channelId, "../../etc/My Photo.PNG", "image/png", 1234);

        assertThat(upload.key()).matches("attachments/" + channelId + "/[a-z0-9]{20}/My_Photo.PNG");
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
        var key = AttachmentService.channelPrefix(theirs) + "aaaaaaaaaaaaaaaaaaaa/a.png";
        fixture.chat.objects.put(key, new ObjectStore.ObjectInfo(key, 10, "image/png"));

        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", mine, key)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", theirs, key)).isInstanceOf(ForbiddenException.class);
        assertThat(fixture.attachments.downloadUrl("bob", theirs, key).url()).contains(key);
    }

    @Test
    void downloadUrl_whenObjectIsMissing_isNotFound() {
        var channelId = fixture.groupWith("alice");

        assertThatThrownBy(() -> fixture.attachments.downloadUrl("alice", channelId,
                AttachmentService.channelPrefix(channelId) + "aaaaaaaaaaaaaaaaaaaa/a.png")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void checkUpload_whenObjectBreaksTheRules_deletesIt() {
        var good = "attachments/c-1/aaaaaaaaaaaaaaaaaaaa/a.png";
        var wrongType = "attachments/c-1/bbbbbbbbbbbbbbbbbbbb/a.exe";
        var foreignKey = "attachments/c-1/elsewhere.png";
        fixture.chat.objects.put(good, new ObjectStore.ObjectInfo(good, 10, "image/png"));
        fixture.chat.objects.put(wrongType, new ObjectStore.ObjectInfo(wrongType, 10, "application/x-msdownload"));
        fixture.chat.objects.put(foreignKey, new ObjectStore.ObjectInfo(foreignKey, 10, "image/png"));

        assertThat(fixture.attachments.checkUpload(good).kept()).isTrue();
        assertThat(fixture.attachments.checkUpload(wrongType).kept()).isFalse();
        assertThat(fixture.attachments.checkUpload(foreignKey).kept()).isFalse();
        assertThat(fixture.chat.objects).containsOnlyKeys(good);
    }
}
