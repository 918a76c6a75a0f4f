package dev.parley.local.engines.internal.sns;

/**
 * An SNS message attribute as published.
 *
 * @param dataType    {@code String}, {@code String.Array}, {@code Number} or {@code Binary} (optionally with a custom suffix)
 * @param stringValue the value of a String, String.Array or Number attribute
 * @param binaryValue the base64 value of a Binary attribute
 */
public record MessageAttribute(String dataType, String stringValue, String binaryValue) {

    /** The value as SNS shows it in envelopes: the string value, or the base64 of a binary one. */
    public String value() {
        return stringValue != null ? stringValue : binaryValue;
    }

    boolean isBinary() {
        return dataType.startsWith("Binary");
    }

    boolean isNumber() {
        return dataType.startsWith("Number");
    }

    boolean isStringArray() {
        return dataType.equals("String.Array");
    }
}
