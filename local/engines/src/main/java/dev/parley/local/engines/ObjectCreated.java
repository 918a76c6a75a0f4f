package dev.parley.local.engines;

/**
 * An object stored by a successful PUT or multipart completion.
 *
 * @param bucket      the bucket
 * @param key         the object key
 * @param size        the object size in bytes
 * @param contentType the stored content type, or {@code null}
 * @param eTag        the entity tag without quotes
 */
public record ObjectCreated(String bucket, String key, long size, String contentType, String eTag) {
}
