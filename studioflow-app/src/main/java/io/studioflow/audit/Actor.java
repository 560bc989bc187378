package io.studioflow.audit;

import java.util.List;

/** Who or what made a step happen: a user (with roles), a model (with version), or the system. */
public record Actor(String type, String name, String version, List<String> roles) {

    public static Actor user(String name, List<String> roles) {
        return new Actor("USER", name, null, roles);
    }

    public static Actor model(String name, String version) {
        return new Actor("MODEL", name, version, null);
    }

    public static Actor system(String component) {
        return new Actor("SYSTEM", component, null, null);
    }
}
