package dev.parley.functions.notify;

import dev.parley.core.config.Environment;
import dev.parley.core.config.EnvironmentReader;
import dev.parley.core.config.TableNames;
import dev.parley.core.service.RateLimitConfig;
import java.util.Map;

record RegisterDeviceConfig(String devicesTable, String throttlesTable, Map<String, String> platformApplications,
                            RateLimitConfig rateLimits) {

    /** Platform name to SNS platform application ARN, as {@code fcm=arn:…,apns=arn:…}. */
    static final String PUSH_PLATFORM_APPLICATIONS = "PUSH_PLATFORM_APPLICATIONS";

    static RegisterDeviceConfig fromEnvironment(Environment environment) {
        var env = new EnvironmentReader(environment);
        return new RegisterDeviceConfig(env.require(TableNames.DEVICES_TABLE), env.require(TableNames.THROTTLES_TABLE),
                env.optionalPairs(PUSH_PLATFORM_APPLICATIONS),
                RateLimitConfig.read(env));
    }
}
