package dev.parley.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FunctionClassLoaderTest {

    @Test
    void isRuntimeInterface_whenTheClassIsPartOfTheLambdaRuntime_isTrueAndEventsStayWithTheFunction() {
        assertThat(FunctionClassLoader.isRuntimeInterface("com.amazonaws.services.lambda.runtime.Context")).isTrue();
        assertThat(FunctionClassLoader.isRuntimeInterface("com.amazonaws.services.lambda.runtime.RequestHandler")).isTrue();
        assertThat(FunctionClassLoader.isRuntimeInterface("com.amazonaws.services.lambda.runtime.logging.LogLevel")).isTrue();
        assertThat(FunctionClassLoader.isRuntimeInterface("com.amazonaws.services.lambda.runtime.events.SQSEvent")).isFalse();
        assertThat(FunctionClassLoader.isRuntimeInterface("dev.parley.core.config.Environment")).isFalse();
    }

    @Test
    void isSharedLibrary_whenTheClassIsABundledLibrary_isTrueAndParleysOwnClassesStayPerInstance() {
        assertThat(FunctionClassLoader.isSharedLibrary("software.amazon.awssdk.services.dynamodb.DynamoDbClient")).isTrue();
        assertThat(FunctionClassLoader.isSharedLibrary("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
        assertThat(FunctionClassLoader.isSharedLibrary("com.nimbusds.jwt.SignedJWT")).isTrue();
        assertThat(FunctionClassLoader.isSharedLibrary("dev.parley.core.config.Environment")).isFalse();
        assertThat(FunctionClassLoader.isSharedLibrary("dev.parley.functions.connect.ConnectHandler")).isFalse();
        assertThat(FunctionClassLoader.isSharedLibrary("com.amazonaws.services.lambda.runtime.events.SQSEvent")).isFalse();
        assertThat(FunctionClassLoader.isSharedLibrary("org.slf4j.LoggerFactory")).isFalse();
    }
}
