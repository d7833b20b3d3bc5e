/**
 * Where multi-ws goes below the portable Spring and Jakarta WebSocket API: one package per
 * container, each found reachable once at start-up, and all switched off by
 * {@code multi-ws.container-optimizations.enabled=false}; here, what both bindings share
 * of the containers (which one runs, a servlet request's peer).
 */
@NullMarked
package io.multiws.container;

import org.jspecify.annotations.NullMarked;
