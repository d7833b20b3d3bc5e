package io.multiws.tests.tomcat;

import io.multiws.tests.support.AbstractConformanceWireTests;
import org.apache.tomcat.websocket.WsWebSocketContainer;

/**
 * The RFC 6455 conformance suite on Tomcat.
 *
 * @author multi-ws team
 */
class TomcatConformanceWireTests extends AbstractConformanceWireTests {

	/**
	 * No public hook of Tomcat runs between a frame's header and its payload: Tomcat hands
	 * the payload over in parts of its buffer, which multi-ws counts, so the part that
	 * takes the message past the limit is refused; a part goes once the buffer is full and
	 * a byte more has come. Tomcat reads the buffer's size once per
	 * JVM, when its WebSocket classes load ({@code multi-ws.container-buffer-size} sets it
	 * before, unless they were loaded first: then it stays 8 KiB), and its containers
	 * report it as their default message buffer size.
	 */
	@Override
	protected int payloadBytesBeforeAnOversizedFrameIsRefused(long announcedLength) {
		return LIMIT + new WsWebSocketContainer().getDefaultMaxBinaryMessageBufferSize() + 1;
	}

	/**
	 * Tomcat's own answer: its parser fails a close reason that is not UTF-8 as a protocol
	 * error, before any code of ours runs.
	 */
	@Override
	protected int closeCodeForAnInvalidCloseReason() {
		return 1002;
	}

}
