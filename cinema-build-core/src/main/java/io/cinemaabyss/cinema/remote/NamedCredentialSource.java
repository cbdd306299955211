package io.cinemaabyss.cinema.remote;

import com.google.cloud.tools.jib.api.CredentialRetriever;

/**
 * One place a registry credential may come from, named for error messages ("settings.xml server
 * 'ghcr.io'", "Docker config /root/.docker/config.json"), never showing the secret itself.
 */
public record NamedCredentialSource(String name, CredentialRetriever retriever) {}
