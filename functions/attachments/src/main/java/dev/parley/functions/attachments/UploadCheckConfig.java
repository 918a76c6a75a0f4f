package dev.parley.functions.attachments;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;

/** The upload check reads and deletes objects in the attachments bucket, and touches nothing else. */
record UploadCheckConfig(String attachmentsBucket) {

    static UploadCheckConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new UploadCheckConfig(env.require(AttachmentsConfig.ATTACHMENTS_BUCKET));
    }
}
