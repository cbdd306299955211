package io.cinemaabyss.cinema.check;

/**
 * A buildx attestation entry of an index ({@code unknown/unknown}, annotated
 * {@code vnd.docker.reference.type: attestation-manifest}): provenance or SBOM of another entry,
 * never a platform anyone runs.
 *
 * @param refersTo the digest of the platform manifest it describes, empty when not annotated
 * @param forPlatform that manifest's platform in the same index, empty when not found
 */
public record Attestation(String digest, String mediaType, long size, String refersTo, String forPlatform) {}
