package io.studioflow.platform.security;

import io.studioflow.audit.Actor;
import java.util.List;
import org.springframework.security.core.Authentication;

public final class CurrentUser {

    private CurrentUser() {
    }

    /** The signed-in person as an audit actor: name and roles. */
    public static Actor actor(Authentication authentication) {
        List<String> roles = Role.of(authentication).stream().map(Role::name).sorted().toList();
        return Actor.user(authentication.getName(), roles);
    }
}
