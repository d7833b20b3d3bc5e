package io.multiws.tests.reactive;

import io.multiws.tests.support.AbstractResumeStressWireTests;

/**
 * Hundreds of reconnects into busy rooms on Reactor Netty.
 *
 * @author multi-ws team
 */
class ReactiveResumeStressWireTests extends AbstractResumeStressWireTests {

}
