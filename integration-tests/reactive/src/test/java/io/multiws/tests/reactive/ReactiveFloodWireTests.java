package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractFloodWireTests;

import org.springframework.test.context.TestPropertySource;

/**
 * The flood suite on Spring WebFlux and Reactor Netty, which has no connection limit:
 * the cap is set to what the suite's limit would leave.
 *
 * @author multi-ws team
 */
@TestPropertySource(properties = "multi-ws.limits.max-sessions=180")
class ReactiveFloodWireTests extends AbstractFloodWireTests {

}
