package io.multiws.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresence;
import io.multiws.hub.WsPresenceMember;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractByteArrayAssert;
import org.assertj.core.api.AbstractLongAssert;
import org.assertj.core.api.AbstractStringAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.MapAssert;
import org.assertj.core.api.ObjectAssert;

/**
 * AssertJ assertions on a {@link WsReceiver}: each {@code received...} method takes the
 * next message, waiting up to the receiver's timeout, and continues with assertions on
 * it. {@link #receivedText()}, {@link #receivedJson(Class)} and {@link #receivedBinary()}
 * take the next frame as it came; {@link #receivedMessage()} takes the next message with
 * its id and payload apart, and the {@code receivedPresence...} and {@link #receivedGap()}
 * methods the next signals of their kind (see {@link WsReceiver}); {@link #seesPresence()}
 * asserts on who is here as the peer was told.
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
	 * joins, and continue with assertions on its members by key. The state lists the
	 * members as of the hub's last diff: the first session of a quiet hub is in its own
	 * state, but a session that joins within a tick of another change comes, with that
	 * change, in the next diff. To assert who is here, use {@link #seesPresence()}.
	 * <pre class="code">
	 * assertThat(alice).receivedPresenceState().containsOnlyKeys("alice");
	 * </pre>
	 * @return assertions on the members, by key, in join order
	 * @since 0.2.0
	 */
	public MapAssert<String, WsPresenceMember> receivedPresenceState() {
		isNotNull();
		WsPresenceFrame frame = this.actual.awaitPresence();
		if (frame.type() != WsPresenceFrame.Type.STATE) {
			failWithMessage("Expected the presence state on %s but got %s", this.actual, frame);
		}
		return Assertions.assertThat(frame.membersByKey()).as("presence state received on %s", this.actual);
	}

	/**
	 * Take presence frames until a diff says that a key joined, and continue with
	 * assertions on the metadata of that member. A diff tells what changed within a tick,
	 * so the frames taken on the way may tell other changes.
	 * <pre class="code">
	 * assertThat(alice).receivedPresenceJoin("bob").containsEntry("team", "red");
	 * </pre>
	 * @param key the presence key
	 * @return assertions on the member's metadata, as the session's view shows it
	 * @since 0.2.0
	 */
	public MapAssert<String, Object> receivedPresenceJoin(String key) {
		isNotNull();
		WsPresenceFrame frame = presenceUntil((candidate) -> candidate.joins(key), "'" + key + "' joining");
		return Assertions.assertThat(frame.membersByKey().get(key).metadata())
			.as("metadata of %s joining, received on %s", key, this.actual);
	}

	/**
	 * Take presence frames until a diff says that a key left.
	 * @param key the presence key
	 * @return this assertion
	 * @since 0.2.0
	 */
	public WsReceiverAssert receivedPresenceLeave(String key) {
		isNotNull();
		presenceUntil((candidate) -> candidate.leaves(key), "'" + key + "' leaving");
		return this;
	}

	private WsPresenceFrame presenceUntil(Predicate<WsPresenceFrame> wanted, String description) {
		List<WsPresenceFrame> taken = new ArrayList<>();
		while (true) {
			WsPresenceFrame frame;
			try {
				frame = this.actual.awaitPresence();
			}
			catch (AssertionError ex) {
				throw new AssertionError("Expected a presence diff with " + description + " on " + this.actual
						+ "; presence frames taken on the way: " + taken + ". " + ex.getMessage(), ex);
			}
			if (wanted.test(frame)) {
				return frame;
			}
			taken.add(frame);
		}
	}

	/**
	 * Continue with assertions on who is here as this peer was told: its presence state
	 * with every diff since applied (see {@link WsReceiver#presence()}). Each assertion
	 * waits for its condition up to the receiver's timeout, since diffs come once per
	 * tick.
	 * <pre class="code">
	 * assertThat(bob).seesPresence().containsOnlyKeys("alice", "bob");
	 * </pre>
	 * @return assertions on the members as told
	 * @since 0.2.0
	 */
	public WsPresenceAssert seesPresence() {
		isNotNull();
		WsReceiver receiver = this.actual;
		return new WsPresenceAssert("the presence seen by " + receiver, () -> new SeenPresence(receiver),
				receiver.timeout());
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

	/**
	 * Who is here as a receiver was told, at the time of the call.
	 */
	private record SeenPresence(WsReceiver receiver) implements WsPresence {

		@Override
		public List<WsPresenceMember> members() {
			return this.receiver.presence();
		}

		@Override
		public boolean contains(String key) {
			return members().stream().anyMatch((member) -> member.key().equals(key));
		}

		@Override
		public int size() {
			return members().size();
		}

	}

}
