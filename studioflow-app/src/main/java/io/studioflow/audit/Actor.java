package io.studioflow.audit;

import java.util.List;

/**
 * Who or what made a step happen: a user (with roles), a model (with version and the sha256 of the weights
 * it ran), or the system.
 */
public record Actor(String type, String name, String version, List<String> roles, String weightsSha256) {

    public static Actor user(String name, List<String> roles) {
        return new Actor("USER", name, null, roles, null);
    }

    public static Actor model(String name, String version) {
        return new Actor("MODEL", name, version, null, null);
    }

    /** A model identified down to its weights: the same name and version with other weights is another actor. */
    public static Actor model(String name, String version, String weightsSha256) {
        return new Actor("MODEL", name, version, null, weightsSha256);
    }

    public static Actor system(String component) {
        return new Actor("SYSTEM", component, null, null, null);
    }
}
