package io.studioflow.platform.security;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The demo studio's people, each with their own name as password. Only in the {@code dev} profile:
 * every other profile takes its users from {@link ConfiguredUsers}.
 */
@Configuration
@Profile("dev")
class DevUsers {

    @Bean
    StudioUsers devUserDetails(PasswordEncoder encoder) {
        List<UserDetails> users = List.of(
                user("retoucher", encoder, Role.RETOUCHER),
                user("retoucher2", encoder, Role.RETOUCHER),
                user("photographer", encoder, Role.PHOTOGRAPHER),
                user("manager", encoder, Role.MANAGER),
                user("auditor", encoder, Role.AUDITOR),
                user("admin", encoder, Role.ADMIN));
        return new StudioUsers(users);
    }

    private static UserDetails user(String name, PasswordEncoder encoder, Role role) {
        return User.withUsername(name).password(encoder.encode(name)).roles(role.name()).build();
    }
}
