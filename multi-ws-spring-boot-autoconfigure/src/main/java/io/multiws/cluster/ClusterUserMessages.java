package io.multiws.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.multiws.hub.WsPayload;
import io.multiws.hub.WsRelay.UserDelivery;
import io.multiws.hub.WsRelay.UserRequest;
import io.multiws.hub.WsRelayContext;
import io.multiws.hub.WsReplyException;

/**
 * Sends to the sessions of a user on every instance: a message, or a request whose first
 * reply comes back to the instance that asked. Both go to the local sessions at once and
 * to the other instances on their common channel; this class also answers their requests
 * from the local sessions, and completes this instance's requests with their replies.
 *
 * @author multi-ws team
 */
final class ClusterUserMessages {

	private final RedisPublisher publisher;

	private final ClusterChannels channels;

	private final byte[] instanceId;

	private final Supplier<WsRelayContext> context;

	private final int maxPending;

	private final ClusterUserRequests requests;

	/**
	 * Create the user messages.
	 * @param publisher the publisher
	 * @param channels the names of the channels
	 * @param instanceId the id of this instance
	 * @param context the registry, once the relay is attached to it
	 * @param maxPending the maximum number of requests waiting for a reply at once
	 * @param scheduler runs a request's timeout once after a delay and returns it, to cancel
	 */
	ClusterUserMessages(RedisPublisher publisher, ClusterChannels channels, byte[] instanceId,
			Supplier<WsRelayContext> context, int maxPending,
			BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler) {
		this.publisher = publisher;
		this.channels = channels;
		this.instanceId = instanceId;
		this.context = context;
		this.maxPending = maxPending;
		this.requests = new ClusterUserRequests(maxPending, scheduler);
	}

	/**
	 * Send to the user's sessions on this instance and, through Redis, on the others.
	 * @param name the user name
	 * @param payload the payload
	 * @param local the registry's delivery to this instance's sessions
	 * @return the number of local sessions it was queued for
	 */
	int send(String name, WsPayload payload, UserDelivery local) {
		int delivered = local.deliver(name, payload);
		this.publisher.publish(this.channels.instances(), EnvelopeWriter.user(this.instanceId, name, payload));
		return delivered;
	}

	/**
	 * Send a request to the user's sessions on this instance and, through Redis, on the
	 * others; the first reply comes back to this instance.
	 * @param name the user name
	 * @param payload the request, text
	 * @param timeout how long to wait for a reply
	 * @param local the registry's request to this instance's sessions
	 * @return the reply
	 */
	CompletionStage<String> request(String name, WsPayload payload, Duration timeout, UserRequest local) {
		if (!payload.isText()) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("A request is text or an object sent as JSON, not binary"));
		}
		ClusterUserRequests.Pending pending = this.requests.register(timeout);
		if (pending == null) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"Too many requests to users wait for a reply (multi-ws.cluster.max-pending-publishes="
							+ this.maxPending + ")"));
		}
		CompletionStage<String> localReply = local.request(name, payload, timeout);
		if (localReply != null) {
			ClusterUserRequests.answerLocally(pending.reply(), localReply);
		}
		this.publisher.publish(this.channels.instances(),
				EnvelopeWriter.userRequest(this.instanceId, pending.id(), timeout, name, payload.asText()));
		return pending.reply();
	}

	/**
	 * Deliver another instance's message to the user's sessions on this instance.
	 * @param envelope the message
	 */
	void deliverLocally(ClusterEnvelope envelope) {
		ClusterEnvelope.UserSend send = envelope.userSend();
		if (send != null) {
			this.context.get().deliverToUser(send.name(), send.payload());
		}
	}

	/**
	 * Ask the user's sessions on this instance another instance's request, and publish
	 * their reply, or their error reply, to that instance.
	 * @param envelope the request
	 */
	void answer(ClusterEnvelope envelope) {
		ClusterEnvelope.UserRequest request = envelope.userRequest();
		if (request == null) {
			return;
		}
		CompletionStage<String> reply = this.context.get()
			.requestUser(request.name(), WsPayload.text(request.text()), request.timeout());
		if (reply == null) {
			return;
		}
		byte[] requester = envelope.instanceIdBytes();
		reply.whenComplete((value, error) -> {
			if (error == null) {
				this.publisher.publish(this.channels.instances(),
						EnvelopeWriter.userReply(this.instanceId, requester, request.id(), false, value));
			}
			else if (error instanceof WsReplyException replyError) {
				this.publisher.publish(this.channels.instances(),
						EnvelopeWriter.userReply(this.instanceId, requester, request.id(), true, replyError.getReason()));
			}
		});
	}

	/**
	 * Complete this instance's request with another instance's reply, if it is for this
	 * instance.
	 * @param envelope the reply
	 */
	void replied(ClusterEnvelope envelope) {
		ClusterEnvelope.UserReply reply = envelope.userReplyFor(this.instanceId);
		if (reply != null) {
			this.requests.replied(reply.id(), reply.error(), reply.text());
		}
	}

	/**
	 * Fail every waiting request, when the relay stops.
	 */
	void stop() {
		this.requests.stop();
	}

	@Override
	public String toString() {
		return "ClusterUserMessages[" + this.requests + "]";
	}

}
