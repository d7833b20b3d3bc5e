package io.multiws.tests.jetty;

import io.multiws.hub.WsCloseStatus;
import io.multiws.tests.support.AbstractFailedWriteWireTests;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failed-write suite on Jetty. Jetty closes the session of a connection whose write
 * failed (1006, with the I/O failure as the reason) before it fails the write's
 * callback, so the session ends through that close rather than through multi-ws's own
 * 1011 "Send failed": the rest of the suite holds as on the other stacks.
 *
 * @author multi-ws team
 */
class JettyFailedWriteWireTests extends AbstractFailedWriteWireTests {

	@Override
	protected void assertFailedWriteStatus(WsCloseStatus status) {
		assertThat(status.code()).as("the status of the failed write, as Jetty reports it: %s", status)
			.isEqualTo(1006);
		assertThat(status.reason()).as("the I/O failure of the write").isNotBlank();
	}

}
