package io.studioflow.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.userdetails.User;

/**
 * Users outside the dev profile: {@code studioflow.security.users[i].{username,password-hash,roles}},
 * with bcrypt hashes only (plain-text passwords are refused).
 */
@Configuration
@Profile("!dev")
@EnableConfigurationProperties(ConfiguredUsers.Properties.class)
class ConfiguredUsers {

    @ConfigurationProperties("studioflow.security")
    record Properties(List<ConfiguredUser> users) {
    }

    record ConfiguredUser(String username, String passwordHash, List<Role> roles) {
    }

    @Bean
    StudioUsers configuredUserDetails(Properties properties) {
        if (properties.users() == null || properties.users().isEmpty()) {
            throw new IllegalStateException("No users configured: set studioflow.security.users[0].username, "
                    + ".password-hash (bcrypt) and .roles, or run with the dev profile for the demo users");
        }
        return new StudioUsers(properties.users().stream().map(u -> {
            if (u.passwordHash() == null || !u.passwordHash().startsWith("$2")) {
                throw new IllegalStateException("User " + u.username() + ": password-hash must be a bcrypt hash");
            }
            return User.withUsername(u.username()).password(u.passwordHash())
                    .roles(u.roles().stream().map(Role::name).toArray(String[]::new)).build();
        }).toList());
    }
}
