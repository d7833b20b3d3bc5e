package io.multiws.core;

import java.util.Map;


/**
 * The endpoint and hub an upgrade request maps to.
 *
 * @param endpoint the endpoint
 * @param path the canonical hub path
 * @param variables the decoded path variables
 * @author multi-ws team
 * @since 0.1.0
 */
public record WsEndpointMatch(WsEndpointDefinition endpoint, String path, Map<String, String> variables) {

}
