/**
 * Testing multi-ws endpoints: a WebSocket test client for running applications, AssertJ
 * assertions on hubs and received messages, and an in-process endpoint tester.
 */
@NullMarked
package io.multiws.test;

import org.jspecify.annotations.NullMarked;
