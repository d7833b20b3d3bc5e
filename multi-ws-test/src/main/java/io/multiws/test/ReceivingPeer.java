package io.multiws.test;

import java.time.Duration;
import java.util.List;

import io.multiws.hub.WsCloseStatus;
import io.multiws.hub.WsPresenceMember;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WsReceiver} that answers from its {@link ReceivedMessages}: the one place the
 * {@code await} methods of {@link WsTestConnection} and {@link WsTestSession} are
 * written.
 *
 * @author multi-ws team
 */
abstract class ReceivingPeer implements WsReceiver {

	private final ReceivedMessages messages;

	ReceivingPeer(ReceivedMessages messages) {
		this.messages = messages;
	}

	final ReceivedMessages messages() {
		return this.messages;
	}

	@Override
	public final String awaitText() {
		return this.messages.awaitText();
	}

	@Override
	public final String awaitText(Duration timeout) {
		return this.messages.awaitText(timeout);
	}

	@Override
	public final List<String> awaitTexts(int count) {
		return this.messages.awaitTexts(count);
	}

	@Override
	public final byte[] awaitBinary() {
		return this.messages.awaitBinary();
	}

	@Override
	public final <T> T awaitJson(Class<T> type) {
		return this.messages.awaitJson(type);
	}

	@Override
	public final WsMessage awaitMessage() {
		return this.messages.awaitMessage();
	}

	@Override
	public final List<WsMessage> awaitMessages(int count) {
		return this.messages.awaitMessages(count);
	}

	@Override
	public final WsPresenceFrame awaitPresence() {
		return this.messages.awaitPresence();
	}

	@Override
	public final List<WsPresenceMember> presence() {
		return this.messages.presence();
	}

	@Override
	public final long awaitGap() {
		return this.messages.awaitGap();
	}

	@Override
	public final @Nullable Object poll(Duration window) {
		return this.messages.poll(window);
	}

	@Override
	public final void expectNoMessage(Duration window) {
		this.messages.expectNoMessage(window);
	}

	@Override
	public final int awaitCloseCode() {
		return this.messages.awaitCloseCode();
	}

	@Override
	public final WsCloseStatus awaitCloseStatus() {
		return this.messages.awaitCloseStatus();
	}

	@Override
	public final boolean closesWithin(Duration window) {
		return this.messages.closesWithin(window);
	}

	@Override
	public final @Nullable String closeReason() {
		return this.messages.closeReason();
	}

	@Override
	public final List<Object> received() {
		return this.messages.received();
	}

	@Override
	public final Duration timeout() {
		return this.messages.timeout();
	}

}
