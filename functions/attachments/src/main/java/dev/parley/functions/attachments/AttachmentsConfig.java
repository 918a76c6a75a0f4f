package dev.parley.functions.attachments;

import static dev.parley.core.config.EnvironmentReader.require;

import dev.parley.core.config.TableNames;

record AttachmentsConfig(String membersTable, String throttlesTable, String attachmentsBucket) {

    static final String ATTACHMENTS_BUCKET = "ATTACHMENTS_BUCKET";

    static AttachmentsConfig fromEnvironment() {
        return new AttachmentsConfig(require(TableNames.MEMBERS_TABLE), require(TableNames.THROTTLES_TABLE),
                require(ATTACHMENTS_BUCKET));
    }
}
