package io.multiws.core;

import org.springframework.http.HttpStatus;

/**
 * Why an upgrade is refused before it happens, and with which HTTP status.
 *
 * @param status the HTTP status
 * @param reason the reason, safe to send to the client
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsUpgradeRefusal(HttpStatus status, String reason) {

}
