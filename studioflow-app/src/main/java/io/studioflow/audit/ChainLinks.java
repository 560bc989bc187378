package io.studioflow.audit;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.GetResponse;
import io.studioflow.platform.search.SearchErrors;
import io.studioflow.platform.search.SearchIndex;
import io.studioflow.platform.search.SearchIndices;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * Decides each event's place in its image's chain, so that any number of Studioflow instances can append to the
 * same chain. Every place is a document {@code <imageId>:<sequence>} in the {@code chain-links} index, written
 * create-only: the instance whose create succeeds owns that place, the others get 409 and move on to the next.
 * Reads are realtime GETs by id (never search), so an instance sees another's claim the moment it is made.
 *
 * <p>An event comes with the place its recorder expected (from its own cache, the outbox or a search that may
 * be a moment old). {@link #claim} checks that the place before it holds the hash the event links to; if not
 * (another instance appended meanwhile, or the event's predecessor moved), the event is linked anew after the
 * chain's real end. Links are only ever created after the place before them, so the chain of links has no gaps.
 */
@Component
public class ChainLinks {

    /** A place in a chain. */
    record Link(String imageId, long sequence, String eventId, String hash, String previousHash) {
    }

    /** The outcome of a claim. */
    sealed interface Claim {
        /** The event holds a place now, as {@code event} (relinked if its expected place was taken). */
        record Placed(AuditEvent event) implements Claim {
        }

        /** An event with this id but other content is in the chain already (a job done twice): not appended. */
        record Duplicate(Link existing) implements Claim {
        }
    }

    private final ElasticsearchClient client;
    private final String index;

    public ChainLinks(ElasticsearchClient client, SearchIndices indices) {
        this.client = client;
        this.index = indices.name(SearchIndex.CHAIN_LINKS);
    }

    /**
     * Gives the event a place: the one it expects if the chain still ends just before it, else the next free
     * place after the chain's end. Idempotent: an event claimed before (a delivery repeated after a crash) gets
     * its place back.
     */
    Claim claim(AuditEvent event) throws IOException {
        long sequence = event.sequence() == null ? 1 : event.sequence();
        String previousHash = event.previousHash();
        if (sequence > 1) {
            Link before = get(event.imageId(), sequence - 1);
            if (before == null) {
                // the expected predecessor never took its place: the chain ends earlier
                sequence = sequence - 1;
                while (sequence > 1 && (before = get(event.imageId(), sequence - 1)) == null) {
                    sequence--;
                }
                previousHash = before == null ? null : before.hash();
            } else if (before.eventId().equals(event.id())) {
                return found(event, before);
            } else {
                previousHash = before.hash();
            }
        }
        long limit = sequence + AuditLog.MAX_HISTORY;
        while (sequence < limit) {
            AuditEvent candidate = event.chained(sequence, previousHash);
            if (create(candidate)) {
                return new Claim.Placed(candidate);
            }
            Link taken = get(event.imageId(), sequence);
            if (taken == null) {
                throw new IOException("place " + sequence + " of image " + event.imageId()
                        + " answered 409 but cannot be read back");
            }
            if (taken.eventId().equals(event.id())) {
                return found(event, taken);
            }
            previousHash = taken.hash();
            sequence++;
        }
        throw new IOException("image " + event.imageId() + " has more than " + AuditLog.MAX_HISTORY
                + " audit events after place " + event.sequence() + ": no place claimed for event " + event.id());
    }

    /** The place {@code sequence} of the image's chain, null if nobody holds it. */
    Link get(String imageId, long sequence) throws IOException {
        try {
            GetResponse<Link> response = client.get(g -> g.index(index).id(id(imageId, sequence)).realtime(true), Link.class);
            return response.found() ? response.source() : null;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return null; // the index is gone: nothing is claimed
            }
            throw e;
        }
    }

    private Claim found(AuditEvent event, Link link) {
        AuditEvent candidate = event.chained(link.sequence(), link.previousHash());
        return candidate.hash().equals(link.hash()) ? new Claim.Placed(candidate) : new Claim.Duplicate(link);
    }

    private boolean create(AuditEvent event) throws IOException {
        Link link = new Link(event.imageId(), event.sequence(), event.id(), event.hash(), event.previousHash());
        try {
            client.create(c -> c.index(index).id(id(event.imageId(), event.sequence())).document(link));
            return true;
        } catch (IOException | ElasticsearchException e) {
            // 409 comes as either, depending on the client's transport
            if (SearchErrors.isConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    private static String id(String imageId, long sequence) {
        return imageId + ":" + sequence;
    }
}
