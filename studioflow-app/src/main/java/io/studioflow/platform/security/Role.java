package io.studioflow.platform.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** What a person does in the studio, and the task candidate groups that follow from it. */
public enum Role {
    RETOUCHER(Set.of("retouchers")),
    PHOTOGRAPHER(Set.of("photographers")),
    MANAGER(Set.of("retouchers", "photographers")),
    AUDITOR(Set.of()),
    ADMIN(Set.of("retouchers", "photographers"));

    private final Set<String> candidateGroups;

    Role(Set<String> candidateGroups) {
        this.candidateGroups = candidateGroups;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Set<Role> of(Authentication authentication) {
        return of(authentication.getAuthorities());
    }

    public static Set<Role> of(Collection<? extends GrantedAuthority> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authorities) {
            for (Role role : values()) {
                if (role.authority().equals(authority.getAuthority())) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** The candidate groups whose tasks this person may see and work on. */
    public static Set<String> candidateGroups(Authentication authentication) {
        return candidateGroups(of(authentication));
    }

    public static Set<String> candidateGroups(Set<Role> roles) {
        Set<String> groups = new TreeSet<>();
        roles.forEach(role -> groups.addAll(role.candidateGroups));
        return groups;
    }

    /** Managers and admins may take over a task someone else holds. */
    public static boolean canReassign(Authentication authentication) {
        Set<Role> roles = of(authentication);
        return roles.contains(MANAGER) || roles.contains(ADMIN);
    }
}
