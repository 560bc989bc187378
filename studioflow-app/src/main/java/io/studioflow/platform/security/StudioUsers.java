package io.studioflow.platform.security;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The studio's people: signs them in (as Spring Security's user store) and tells who belongs to which
 * candidate group, so a manager can assign a task only to someone who may work on it.
 */
public class StudioUsers implements UserDetailsService {

    private final Map<String, UserDetails> users = new LinkedHashMap<>();

    public StudioUsers(Collection<UserDetails> people) {
        for (UserDetails person : people) {
            if (users.put(person.getUsername(), person) != null) {
                throw new IllegalStateException("user " + person.getUsername() + " is configured twice");
            }
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDetails user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no user " + username);
        }
        // a copy: the authentication manager erases the password of what it is given
        return User.withUserDetails(user).build();
    }

    /** The candidate groups of a person, or empty if there is no such person. */
    public Optional<Set<String>> groupsOf(String username) {
        UserDetails user = users.get(username);
        return user == null ? Optional.empty() : Optional.of(Role.candidateGroups(Role.of(user.getAuthorities())));
    }

    /** Everyone who may work on tasks of any of these groups, by name. */
    public List<String> membersOfAny(Collection<String> groups) {
        return users.values().stream()
                .filter(u -> Role.candidateGroups(Role.of(u.getAuthorities())).stream().anyMatch(groups::contains))
                .map(UserDetails::getUsername)
                .sorted()
                .toList();
    }
}
