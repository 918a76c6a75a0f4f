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
}
