package dev.parley.functions.attachments;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.RateLimitConfig;

record AttachmentsConfig(String membersTable, String throttlesTable, String attachmentsBucket, RateLimitConfig rateLimits) {

    static final String ATTACHMENTS_BUCKET = "ATTACHMENTS_BUCKET";

    static AttachmentsConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new AttachmentsConfig(env.require(TableNames.MEMBERS_TABLE), env.require(TableNames.THROTTLES_TABLE),
                env.require(ATTACHMENTS_BUCKET),
                RateLimitConfig.read(env));
    }
}
