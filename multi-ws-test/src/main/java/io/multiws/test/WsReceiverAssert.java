package io.multiws.test;

import java.time.Duration;

import io.multiws.hub.WsCloseStatus;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a {@link WsReceiver}: each {@code received...} method takes the
 * next message, waiting up to the receiver's timeout, and continues with assertions on
 * it.
 *
 * @author multi-ws team
 * @since 0.1.0
 */
public class WsReceiverAssert extends AbstractAssert<WsReceiverAssert, WsReceiver> {

	WsReceiverAssert(WsReceiver receiver) {
		super(receiver, WsReceiverAssert.class);
	}

	/**
	 * Take the next message, which must be text.
	 * @return assertions on the text
	 */
	public AbstractStringAssert<?> receivedText() {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitText()).as("text received on %s", this.actual);
	}

	/**
	 * Take the next messages, which must be text.
	 * @param count how many
	 * @return assertions on the texts, in order
	 */
	public ListAssert<String> receivedTexts(int count) {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitTexts(count)).as("texts received on %s", this.actual);
	}

	/**
	 * Take the next message, which must be JSON of a type.
	 * @param <T> the type
	 * @param type the type
	 * @return assertions on the decoded value
	 */
	public <T> ObjectAssert<T> receivedJson(Class<T> type) {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitJson(type)).as("%s received on %s", type.getSimpleName(),
				this.actual);
	}

	/**
	 * Take the next message, which must be binary.
	 * @return assertions on the bytes
	 */
	public AbstractByteArrayAssert<?> receivedBinary() {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitBinary()).as("binary received on %s", this.actual);
	}

	/**
	 * Verify that no message arrives within a window.
	 * @param window how long to wait
	 * @return this assertion
	 */
	public WsReceiverAssert receivesNothingWithin(Duration window) {
		isNotNull();
		this.actual.expectNoMessage(window);
		return this;
	}

	/**
	 * Verify that the connection closes with a code.
	 * @param code the expected close code
	 * @return this assertion
	 */
	public WsReceiverAssert isClosedWith(int code) {
		isNotNull();
		int actualCode = this.actual.awaitCloseCode();
		if (actualCode != code) {
			failWithMessage("Expected %s to close with %s but it closed with %s '%s'", this.actual, code, actualCode,
					this.actual.closeReason());
		}
		return this;
	}

	/**
	 * Verify that the connection closes with a code and a reason.
	 * @param code the expected close code
	 * @param reason the expected reason, empty for none
	 * @return this assertion
	 */
	public WsReceiverAssert isClosedWith(int code, String reason) {
		isNotNull();
		WsCloseStatus status = this.actual.awaitCloseStatus();
		if (status.code() != code || !status.reason().equals(reason)) {
			failWithMessage("Expected %s to close with %s '%s' but it closed with %s '%s'", this.actual, code, reason,
					status.code(), status.reason());
		}
		return this;
	}

}
