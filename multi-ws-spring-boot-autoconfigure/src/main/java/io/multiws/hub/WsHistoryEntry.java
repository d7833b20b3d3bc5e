package io.multiws.hub;

import java.time.Instant;

/**
 * One broadcast kept in a {@link WsHubHistory}.
 *
 * @param id the message id, increasing by one with each broadcast of the hub
 * @param timestamp when the message was broadcast
 * @param payload the payload as the application broadcast it, without the id
 * @author multi-ws team
 * @since 0.2.0
 */
public record WsHistoryEntry(long id, Instant timestamp, WsPayload payload) {

}
