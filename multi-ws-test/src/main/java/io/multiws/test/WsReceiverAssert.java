package io.multiws.test;

import java.time.Duration;
import java.util.Locale;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresenceMember;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.MapAssert;
import org.assertj.core.api.ObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * AssertJ assertions on a {@link WsReceiver}: each {@code received...} method takes the
 * next message, waiting up to the receiver's timeout, and continues with assertions on
 * it. {@link #receivedText()}, {@link #receivedJson(Class)} and {@link #receivedBinary()}
 * take the next frame as it came; {@link #receivedMessage()} takes the next message with
 * its id and payload apart, and the {@code receivedPresence...} and {@link #receivedGap()}
 * methods the next signal of their kind (see {@link WsReceiver}).
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
		String text = this.actual.awaitText();
		return Assertions.assertThat(text).as("text received on %s%s", this.actual, ReceivedMessages.hint(text));
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
	 * Take the next message, leaving presence frames and {@code gap:} signals for their
	 * own assertions, and continue with assertions on its id and payload.
	 * <pre class="code">
	 * assertThat(alice).receivedMessage().hasPayload("e4").hasIdGreaterThan(lastId);
	 * </pre>
	 * @return assertions on the message
	 * @since 0.2.0
	 */
	public WsMessageAssert receivedMessage() {
		isNotNull();
		return new WsMessageAssert(this.actual.awaitMessage()).as("message received on %s", this.actual);
	}

	/**
	 * Take the next messages, leaving presence frames and {@code gap:} signals.
	 * @param count how many
	 * @return assertions on the messages, in order
	 * @since 0.2.0
	 */
	public ListAssert<WsMessage> receivedMessages(int count) {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitMessages(count)).as("messages received on %s", this.actual);
	}

	/**
	 * Take the next messages, leaving presence frames and {@code gap:} signals, and
	 * continue with assertions on their text payloads, without their ids: for a history
	 * replay, for example.
	 * <pre class="code">
	 * assertThat(bob).receivedPayloads(3).containsExactly("e1", "e2", "e3");
	 * </pre>
	 * @param count how many
	 * @return assertions on the payloads, in order
	 * @since 0.2.0
	 */
	public ListAssert<String> receivedPayloads(int count) {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitMessages(count).stream().map(WsMessage::payload).toList())
			.as("payloads received on %s", this.actual);
	}

	/**
	 * Take the next presence frame, which must be the state a session receives when it
	 * joins, and continue with assertions on its members by key.
	 * <pre class="code">
	 * assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
	 * </pre>
	 * @return assertions on the members, by key, in join order
	 * @since 0.2.0
	 */
	public MapAssert<String, WsPresenceMember> receivedPresenceState() {
		isNotNull();
		WsPresenceFrame frame = presence(WsPresenceFrame.Type.STATE, null);
		return Assertions.assertThat(frame.membersByKey()).as("presence state received on %s", this.actual);
	}

	/**
	 * Take the next presence frame, which must say that a key joined, and continue with
	 * assertions on the metadata of that member.
	 * @param key the presence key
	 * @return assertions on the member's metadata
	 * @since 0.2.0
	 */
	public MapAssert<String, Object> receivedPresenceJoin(String key) {
		isNotNull();
		WsPresenceFrame frame = presence(WsPresenceFrame.Type.JOIN, key);
		return Assertions.assertThat(frame.members().get(0).metadata())
			.as("metadata of %s joining, received on %s", key, this.actual);
	}

	/**
	 * Verify that the next presence frame says that a key left.
	 * @param key the presence key
	 * @return this assertion
	 * @since 0.2.0
	 */
	public WsReceiverAssert receivedPresenceLeave(String key) {
		isNotNull();
		presence(WsPresenceFrame.Type.LEAVE, key);
		return this;
	}

	private WsPresenceFrame presence(WsPresenceFrame.Type type, @Nullable String key) {
		WsPresenceFrame frame = this.actual.awaitPresence();
		if (frame.type() != type || (key != null && !key.equals(frame.key()))) {
			failWithMessage("Expected presence %s%s on %s but got %s", type.name().toLowerCase(Locale.ROOT),
					(key != null) ? " '" + key + "'" : "", this.actual, frame);
		}
		return frame;
	}

	/**
	 * Take the next {@code gap:} signal and continue with assertions on the id of the
	 * oldest message kept, which the kept messages follow from.
	 * @return assertions on the oldest kept id
	 * @since 0.2.0
	 */
	public AbstractLongAssert<?> receivedGap() {
		isNotNull();
		return Assertions.assertThat(this.actual.awaitGap()).as("oldest kept id of the gap received on %s", this.actual);
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
