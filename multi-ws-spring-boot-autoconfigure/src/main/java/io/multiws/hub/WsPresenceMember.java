package io.multiws.hub;

import java.util.Map;

/**
 * One member of a hub's {@link WsPresence}.
 *
 * @param key the presence key
 * @param metadata the application's metadata of the member's first session
 * @param sessions the number of sessions of the key in the hub, on every instance
 * @author multi-ws team
 * @since 0.2.0
 */
public record WsPresenceMember(String key, Map<String, Object> metadata, int sessions) {

}
